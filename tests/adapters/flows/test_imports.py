"""Import flow and CLI: the examples go in; bad files are reported in full and store nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade
from adapters.db.repositories import list_datasets, load_population
from adapters.flows.imports import import_directory
from adapters.geography.postcodes import PostcodeTable
from cli import COMMAND_MODULES, app
from matcher.errors import InvalidInputError
from tests.paths import EXAMPLES

for _module in COMMAND_MODULES:
    __import__(_module)


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    upgrade(db_url)
    return make_engine(db_url)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "ronde"
    shutil.copytree(EXAMPLES, target)
    return target


def _break_three_values(folder: Path) -> None:
    """One bad date, one bad niveau (students) and one bad capacity (places)."""
    students = (folder / "students.csv").read_text(encoding="utf-8")
    students = students.replace("2008-03-14", "2008-02-31").replace(
        ",10002,3,bol,", ",10002,7,bol,"
    )
    (folder / "students.csv").write_text(students, encoding="utf-8")
    places = (folder / "places.csv").read_text(encoding="utf-8")
    (folder / "places.csv").write_text(
        places.replace("p003,c04,10001;10003,1,4,both,1,", "p003,c04,10001;10003,1,4,both,0,"),
        encoding="utf-8",
    )


def test_examples_import_with_history_and_reimport_is_unchanged(engine, folder: Path) -> None:
    geocoder = PostcodeTable.from_package()
    first = import_directory(engine, folder, geocoder=geocoder)
    assert [r.dataset for r in first] == ["current", "history:ronde"]
    assert first[0].counts.students.created == 5
    assert first[0].counts.places.created == 4
    again = import_directory(engine, folder, geocoder=geocoder)
    assert again[0].counts.students.unchanged == 5
    assert again[0].counts.students.created == again[0].counts.students.updated == 0
    with Session(engine) as session:
        population = load_population(session)
        assert {s.student_id for s in population.students} == {
            "s001",
            "s002",
            "s003",
            "s004",
            "s005",
        }
        assert set(list_datasets(session)) == {"current", "history:ronde"}


def test_three_bad_values_are_all_reported_and_nothing_is_stored(engine, folder: Path) -> None:
    _break_three_values(folder)
    with pytest.raises(InvalidInputError) as caught:
        import_directory(engine, folder, geocoder=PostcodeTable.from_package())
    where = {(i.file, i.row, i.column) for i in caught.value.issues}
    assert where == {
        ("students.csv", 2, "birth_date"),
        ("students.csv", 3, "niveau"),
        ("places.csv", 4, "capacity"),
    }
    with Session(engine) as session:
        assert load_population(session).students == ()
        assert list_datasets(session) == []


def test_bad_history_stores_nothing_of_the_good_current_files(engine, folder: Path) -> None:
    outcomes = folder / "history" / "outcomes.csv"
    outcomes.write_text(
        outcomes.read_text(encoding="utf-8").replace("succesvol", "prima"), encoding="utf-8"
    )
    with pytest.raises(InvalidInputError) as caught:
        import_directory(engine, folder, geocoder=PostcodeTable.from_package())
    assert all(i.file.endswith("outcomes.csv") for i in caught.value.issues)
    with Session(engine) as session:
        assert load_population(session).students == ()


def test_cli_import_reports_issues_exits_nonzero_and_database_stays_unchanged(
    tmp_path: Path, folder: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    ok = runner.invoke(app, ["import", "--dir", str(folder), "--database-url", url])
    assert ok.exit_code == 0, ok.output
    _break_three_values(folder)
    bad = runner.invoke(app, ["import", "--dir", str(folder), "--database-url", url])
    assert bad.exit_code == 1
    for column in ("birth_date", "niveau", "capacity"):
        assert column in bad.output
    assert "Traceback" not in bad.output
    with Session(make_engine(url)) as session:
        student = {s.student_id: s for s in load_population(session).students}["s001"]
    assert str(student.birth_date) == "2008-03-14"  # the earlier good import is intact


def test_cli_export_writes_what_was_imported(tmp_path: Path, folder: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["import", "--dir", str(folder), "--database-url", url]).exit_code == 0
    )
    out = tmp_path / "uit"
    result = runner.invoke(
        app, ["export", "--out", str(out), "--format", "xlsx", "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "companies.xlsx",
        "places.xlsx",
        "students.xlsx",
    ]
    reports = import_directory(make_engine(url), out, geocoder=PostcodeTable.from_package())
    counts = reports[0].counts
    unchanged = (counts.students.unchanged, counts.companies.unchanged, counts.places.unchanged)
    assert unchanged == (5, 4, 4)
    assert counts.students.updated == counts.places.updated == 0
