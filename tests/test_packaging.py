"""A non-editable install (the Docker image runs `pip install .`) ships every file the code reads.

The package data patterns in pyproject.toml are matched here as setuptools matches them: glob
patterns relative to the package's folder. The web templates once sat outside their pattern, so
an installed copy had no pages; an editable install (`make setup`) hides such a gap.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("matcher", "adapters", "api", "cli")


def _shipped_data() -> set[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped: set[Path] = set()
    for package, patterns in config["tool"]["setuptools"]["package-data"].items():
        folder = ROOT / package.replace(".", "/")
        for pattern in patterns:
            shipped.update(p for p in folder.glob(pattern) if p.is_file())
    return shipped


def _data_files() -> set[Path]:
    return {
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }


def test_every_data_file_of_the_packages_is_shipped() -> None:
    missing = sorted(str(p.relative_to(ROOT)) for p in _data_files() - _shipped_data())
    assert missing == []


def test_the_web_pages_and_the_postcode_table_are_among_them() -> None:
    shipped = {str(p.relative_to(ROOT)) for p in _shipped_data()}
    assert "api/web/templates/base.html" in shipped
    assert "api/web/static/site.css" in shipped
    assert "adapters/data/postcodes_nl.csv" in shipped
    assert "adapters/db/alembic.ini" in shipped
