"""Persistent match rounds: lifecycle, execution, review and export (flows over the database)."""
