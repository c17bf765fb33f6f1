"""Fixtures for geography tests: a forbidden network and small helper files."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest


class NetworkForbiddenError(RuntimeError):
    """Raised when a test tries to open a socket."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every attempt to open a socket fail loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkForbiddenError("network access is not allowed in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to a file in tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write
