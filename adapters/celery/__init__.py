"""Celery transport: the app (configured from settings) and thin tasks that take ids."""
