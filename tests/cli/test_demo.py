"""``matcher demo-data`` writes the files and says what it wrote, in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

import cli.demo  # noqa: F401  (registers the command)
from adapters.demo_data import TOWNS_FILE
from cli import app


def _invoke(*args: str) -> Result:
    # With one registered command typer runs it directly; with more it is a group.
    is_group = hasattr(typer.main.get_command(app), "commands")
    return CliRunner().invoke(app, [*(["demo-data"] if is_group else []), *args])


@pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")
def test_demo_data_writes_population_and_history(tmp_path: Path) -> None:
    result = _invoke(
        "--students", "60", "--history-students", "50", "--seed", "3", "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert "60 studenten" in result.output
    assert "50 eerdere stages" in result.output
    assert "GEEN echte crebo" in result.output
    for name in ("students.csv", "companies.csv", "places.csv", "history/outcomes.csv"):
        assert (tmp_path / name).is_file()


def test_a_bad_date_is_explained_in_dutch(tmp_path: Path) -> None:
    result = _invoke("--date", "1-9-2026", "--out", str(tmp_path))
    assert result.exit_code != 0
    assert "JJJJ-MM-DD" in result.output
    assert not (tmp_path / "students.csv").exists()


def test_help_is_in_dutch() -> None:
    result = _invoke("--help")
    assert result.exit_code == 0
    assert "Aantal studenten" in result.output
