"""Tests for adapters.geography."""
