"""Proposals and populations written in the contract's columns and formats."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from adapters.tabular import write_population, write_proposals
from matcher.domain import (
    CompanyId,
    GeoPoint,
    PlaceId,
    Population,
    Precision,
    Proposal,
    ProposalStatus,
    StudentId,
)
from tests.matcher.examples import POPULATION, company, student

CONTRACT_HEADER = [
    "student_id",
    "place_id",
    "company_id",
    "score",
    "travel_minutes",
    "status",
    "explanation",
    "unplaced_reason",
]

S, P, C = StudentId, PlaceId, CompanyId
WHY_NOT = "Geen plek binnen 40 min; met 60 min: 2 plekken"
PROPOSALS = [
    Proposal(S("s001"), P("p003"), C("c04"), 0.85714, 23.6, ProposalStatus.PROPOSED,
             "Rustige werkplek, 24 min fietsen"),
    Proposal(S("s002"), P("p002"), C("c02"), 1.0, 30.0, ProposalStatus.LOCKED, "Vastgezet"),
    Proposal(S("s003"), None, None, None, None, ProposalStatus.UNPLACED, "", WHY_NOT),
]  # fmt: skip


def test_proposals_csv_has_the_contract_columns_and_formats(tmp_path: Path) -> None:
    path = write_proposals(tmp_path / "proposals.csv", PROPOSALS)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CONTRACT_HEADER
    assert rows[1] == [
        "s001",
        "p003",
        "c04",
        "0.857",
        "24",
        "proposed",
        "Rustige werkplek, 24 min fietsen",
        "",
    ]
    assert rows[2][3:6] == ["1.000", "30", "locked"]
    assert rows[3] == ["s003", "", "", "", "", "unplaced", "", WHY_NOT]


def test_proposals_xlsx_has_the_contract_columns(tmp_path: Path) -> None:
    path = write_proposals(tmp_path / "proposals.xlsx", PROPOSALS)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    assert rows[0] == CONTRACT_HEADER
    assert rows[1][:6] == ["s001", "p003", "c04", 0.857, 24, "proposed"]
    assert rows[3][:6] == ["s003", None, None, None, None, "unplaced"]


def test_proposals_with_an_unknown_suffix_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_proposals(tmp_path / "proposals.txt", PROPOSALS)
    assert list(tmp_path.iterdir()) == []


def test_population_values_are_written_as_the_contract_says(tmp_path: Path) -> None:
    one = student(
        location=GeoPoint(52.123456789, 5.1, Precision.PC4),
        hours_per_week=16.0,
        guidance_hours_per_week=1.5,
        has_vog=None,
        needs_quiet_workspace=True,
    )
    write_population(tmp_path, Population(students=(one,), companies=(company(sector="zorg"),)))
    with (tmp_path / "students.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert (row["lat"], row["lon"], row["postcode"]) == ("52.12346", "5.10000", "")
    assert (row["hours_per_week"], row["guidance_hours_per_week"]) == ("16", "1.5")
    assert (row["has_vog"], row["needs_quiet_workspace"], row["priority"]) == ("", "1", "0")
    assert row["days_available"] == "ma;di;wo;do;vr"
    assert (row["birth_date"], row["niveau"], row["travel_mode"]) == ("2000-01-01", "2", "ov")
    with (tmp_path / "companies.csv").open(encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["sector"] == "zorg"


def test_places_list_in_a_fixed_order(tmp_path: Path) -> None:
    write_population(tmp_path, POPULATION)
    with (tmp_path / "places.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[1]["crebos"] == "10002;10003"
    assert rows[1]["work_days"] == "ma;di;wo;do;vr;za;zo"
    assert (rows[0]["lat"], rows[0]["lon"]) == ("", "")


def test_unknown_population_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_population(tmp_path, POPULATION, fmt="ods")
