"""Persistence: SQLModel tables, mappers, repositories and Alembic migrations."""
