"""Same database fixture as the auth tests."""

from tests.adapters.auth.conftest import engine, small_population  # noqa: F401
