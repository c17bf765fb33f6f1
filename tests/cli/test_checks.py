"""Where a command writes is checked before any work: a Dutch message, exit 1, nothing written."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import cli.data
import cli.round
from adapters.tabular.readers import NOTHING_TO_READ
from cli import COMMAND_MODULES, app
from tests.cli.test_dutch import flat
from tests.paths import EXAMPLES

for _module in COMMAND_MODULES:
    __import__(_module)


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _refused(result: Result, *words: str) -> str:
    """The one-line Dutch refusal: exit 1, no traceback, no exception left over."""
    output = flat(result.output)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in output
    assert "Er is nog niets gedaan of geschreven." in output
    for word in words:
        assert word in output
    return output


@pytest.fixture
def no_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """The round itself must not start: reading and solving come after the checks."""

    def fail(**_: Any) -> None:
        raise AssertionError("the round ran before the output was checked")

    monkeypatch.setattr(cli.round, "run_file_round", fail)


def _round_args(out: Path, *extra: str, folder: Path = EXAMPLES) -> list[str]:
    return [
        "round", "--students", str(folder / "students.csv"),
        "--companies", str(folder / "companies.csv"), "--places", str(folder / "places.csv"),
        "--date", "2026-09-01", "--time-limit", "5", "--out", str(out), *extra,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("x.txt", ("'{out}' is een .txt-bestand", ".csv of .xlsx", "x.csv")),
        ("x.ods", ("'{out}' is een .ods-bestand", ".csv of .xlsx")),
        ("x", ("'{out}' heeft geen bestandstype", ".csv of .xlsx")),
    ],
)
def test_round_refuses_an_output_type_it_cannot_write_before_running(
    tmp_path: Path, no_round: None, name: str, words: tuple[str, ...]
) -> None:
    out = tmp_path / name
    result = _run(*_round_args(out))
    _refused(result, *(w.format(out=out) for w in words))
    assert list(tmp_path.iterdir()) == []


def test_round_refuses_an_output_folder_that_does_not_exist(tmp_path: Path, no_round: None) -> None:
    out = tmp_path / "nergens" / "voorstellen.csv"
    output = _refused(_run(*_round_args(out)), f"de map '{out.parent}' bestaat niet")
    assert "Maak die map eerst aan" in output
    assert ".voorstellen." not in output  # no hidden temporary file is named
    assert list(tmp_path.iterdir()) == []


def test_round_refuses_a_summary_that_is_not_json_and_an_output_over_its_input(
    tmp_path: Path, no_round: None
) -> None:
    summary = tmp_path / "samenvatting.txt"
    result = _run(*_round_args(tmp_path / "p.csv", "--summary", str(summary)))
    _refused(result, "--summary", ".json")
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    before = (folder / "students.csv").read_bytes()
    result = _run(*_round_args(folder / "students.csv", folder=folder))
    _refused(result, "zou dan overschreven worden")
    assert (folder / "students.csv").read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"\n\n", None])
def test_round_refuses_an_empty_students_file_as_import_does(
    tmp_path: Path, content: bytes | None
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    students = folder / "students.csv"
    header = students.read_text(encoding="utf-8").splitlines()[0] + "\n"
    students.write_bytes(header.encode() if content is None else content)
    out = tmp_path / "voorstellen.csv"
    result = _run(*_round_args(out, folder=folder))
    output = flat(result.output)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in output
    assert NOTHING_TO_READ in output
    assert "students.csv" in output
    assert not out.exists()
    imported = _run(
        "import", "--students", str(students), "--database-url", f"sqlite:///{tmp_path}/i.db"
    )
    assert imported.exit_code == 1
    assert NOTHING_TO_READ in flat(imported.output)


def test_export_refuses_ods_before_opening_the_database(tmp_path: Path) -> None:
    database = tmp_path / "leeg.db"
    result = _run(
        "export",
        "--out",
        str(tmp_path / "uit"),
        "--format",
        "ods",
        "--database-url",
        f"sqlite:///{database}",
    )
    _refused(result, "--format 'ods' kan niet", "csv of xlsx")
    assert not database.exists()
    assert not (tmp_path / "uit").exists()


def test_export_and_demo_data_refuse_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    occupied = tmp_path / "bestand.txt"
    occupied.write_text("bezet", encoding="utf-8")
    database = tmp_path / "leeg.db"
    result = _run("export", "--out", str(occupied), "--database-url", f"sqlite:///{database}")
    _refused(result, "is een bestand, geen map")
    assert not database.exists()
    result = _run("demo-data", "--out", str(occupied / "demo"), "--students", "5")
    _refused(result, "is een bestand, geen map")
    result = _run("demo-data", "--out", str(tmp_path / "demo"), "--format", "ods")
    _refused(result, "--format 'ods' kan niet")
    assert not (tmp_path / "demo").exists()


def test_backup_and_train_check_where_they_write_first(tmp_path: Path) -> None:
    occupied = tmp_path / "bestand.txt"
    occupied.write_text("bezet", encoding="utf-8")
    result = _run("backup", "--out", str(occupied / "backup.db"), "--database-url", "sqlite:///x")
    _refused(result, "is een bestand, geen map")
    result = _run("backup", "--out", str(tmp_path), "--database-url", "sqlite:///x")
    _refused(result, "is een map, geen bestand")
    result = _run(
        "train", "--history", str(tmp_path / "geen-map"), "--model-path", str(occupied / "m.joblib")
    )
    _refused(result, "--model-path", "is een bestand, geen map")


@pytest.mark.parametrize(
    ("quality_gap", "shown", "absent"),
    [
        (84.2384, "geen bruikbare grens", "8423"),
        (float("nan"), "niet bekend", "nan"),
        (0.0, "de best mogelijke (bewezen)", "%"),
        (0.0123, "hoogstens 1,22 % onder het beste", "1.22"),
    ],
)
def test_round_prints_a_sane_quality_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quality_gap: float, shown: str, absent: str
) -> None:
    real = cli.round.run_file_round

    def with_gap(**kwargs: Any) -> Any:
        report = real(**kwargs)
        summary = replace(report.result.summary, quality_gap=quality_gap)
        return replace(report, result=replace(report.result, summary=summary))

    monkeypatch.setattr(cli.round, "run_file_round", with_gap)
    result = _run(*_round_args(tmp_path / "p.csv"))
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "Kwaliteit" in x or "kwaliteit" in x)
    assert shown in flat(result.output)
    assert absent not in line
