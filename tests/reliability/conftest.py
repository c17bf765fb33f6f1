"""Reliability fixtures: the API test fixtures (an app on SQLite, a logged-in bureau client)."""

from tests.api.conftest import anon, client, settings

__all__ = ["anon", "client", "settings"]
