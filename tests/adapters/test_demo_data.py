"""Demo data on disk: the town table, and written files that are seeded and follow the contract."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adapters.demo_data import TOWNS_FILE, load_towns, write_demo
from adapters.tabular import read_history_dir, read_population_dir
from matcher.domain import GeoPoint
from matcher.errors import ConfigurationError
from tests.matcher.demo.towns_fixture import TOWNS

ON = date(2026, 9, 1)


class NoGeocoder:
    """The demo files carry lat/lon, so a postcode lookup should never be needed."""

    def locate(self, postcode: str) -> GeoPoint | None:
        """Never finds anything."""
        return None


def _write(out: Path, seed: int = 7) -> None:
    write_demo(out, n_students=150, seed=seed, on=ON, fmt="csv", history_students=120, towns=TOWNS)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_load_towns_reads_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "towns.csv"
    path.write_text(
        "town,province,lat,lon,population,pc4s\nZwolle,Overijssel,52.5125,6.09444,111805,8011;8012\n",
        encoding="utf-8",
    )
    (town,) = load_towns(path)
    assert (town.name, town.province, town.population, town.pc4s) == (
        "Zwolle",
        "Overijssel",
        111805,
        ("8011", "8012"),
    )
    assert town.lat == pytest.approx(52.5125)


def test_load_towns_names_a_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        load_towns(tmp_path / "nope.csv")
    broken = tmp_path / "broken.csv"
    broken.write_text("town,lat\nZwolle,abc\n", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        load_towns(broken)


@pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")
def test_the_shipped_town_table_has_the_roc_towns() -> None:
    towns = load_towns()
    names = {t.name for t in towns}
    assert len(towns) > 100
    assert {"Amsterdam", "Utrecht", "Zwolle", "Groningen", "Maastricht"} <= names


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    _write(tmp_path / "a")
    _write(tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert set(a) == {
        "students.csv",
        "companies.csv",
        "places.csv",
        "history/students.csv",
        "history/companies.csv",
        "history/places.csv",
        "history/outcomes.csv",
    }
    assert a == b


def test_other_seed_writes_other_files(tmp_path: Path) -> None:
    _write(tmp_path / "a", seed=7)
    _write(tmp_path / "b", seed=8)
    assert _files(tmp_path / "a")["students.csv"] != _files(tmp_path / "b")["students.csv"]


def test_written_files_pass_the_contract_readers(tmp_path: Path) -> None:
    _write(tmp_path)
    result = read_population_dir(tmp_path, geocoder=NoGeocoder())
    assert len(result.population.students) == 150
    assert len(result.population.places) > 0
    history, _ = read_history_dir(tmp_path / "history", geocoder=NoGeocoder())
    assert len(history.outcomes) == 120


def test_xlsx_files_can_be_written(tmp_path: Path) -> None:
    write_demo(tmp_path, n_students=40, seed=1, on=ON, fmt="xlsx", history_students=30, towns=TOWNS)
    assert (tmp_path / "students.xlsx").is_file()
    assert (tmp_path / "history" / "outcomes.xlsx").is_file()
