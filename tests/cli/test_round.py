"""``matcher round``: every student once in proposals.csv; bad input writes nothing."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cli import COMMAND_MODULES, app
from tests.paths import EXAMPLES

for _module in COMMAND_MODULES:
    __import__(_module)

HEADER = [
    "student_id",
    "place_id",
    "company_id",
    "score",
    "travel_minutes",
    "status",
    "explanation",
    "unplaced_reason",
]


def _args(folder: Path, out: Path, summary: Path) -> list[str]:
    return [
        "round", "--students", str(folder / "students.csv"),
        "--companies", str(folder / "companies.csv"), "--places", str(folder / "places.csv"),
        "--date", "2026-09-01", "--out", str(out), "--summary", str(summary),
        "--time-limit", "10",
    ]  # fmt: skip


def test_round_on_the_examples_writes_every_student_once(tmp_path: Path) -> None:
    out, summary = tmp_path / "proposals.csv", tmp_path / "summary.json"
    result = CliRunner().invoke(app, _args(EXAMPLES, out, summary))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == HEADER
    assert sorted(r["student_id"] for r in rows) == ["s001", "s002", "s003", "s004", "s005"]
    for row in rows:
        assert row["status"] in {"proposed", "locked", "unplaced"}
        assert (row["place_id"] == "") == (row["status"] == "unplaced")
    doc = json.loads(summary.read_text(encoding="utf-8"))
    assert doc["students"] == 5
    assert doc["solver"]["status"] == "optimal"
    assert "Voorstel voor deze ronde" in result.output


def test_round_with_bad_input_reports_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    places = folder / "places.csv"
    places.write_text(
        places.read_text(encoding="utf-8").replace(",bbl,3,", ",bbl,-3,"), encoding="utf-8"
    )
    out, summary = tmp_path / "proposals.csv", tmp_path / "summary.json"
    result = CliRunner().invoke(app, _args(folder, out, summary))
    assert result.exit_code == 1
    assert "capacity" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not summary.exists()


def test_round_with_a_bad_date_says_how_to_write_it(tmp_path: Path) -> None:
    args = _args(EXAMPLES, tmp_path / "p.csv", tmp_path / "s.json")
    args[args.index("2026-09-01")] = "1-9-2026"
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "2026-09-01" in result.output


def test_round_weights_change_the_scores_and_unknown_weights_are_refused(tmp_path: Path) -> None:
    out, summary = tmp_path / "p.csv", tmp_path / "s.json"
    plain = CliRunner().invoke(app, _args(EXAMPLES, out, summary))
    assert plain.exit_code == 0
    before = {r["student_id"]: r["score"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    heavy = CliRunner().invoke(app, [*_args(EXAMPLES, out, summary), "--weight", "voorkeur=5"])
    assert heavy.exit_code == 0, heavy.output
    after = {r["student_id"]: r["score"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert before != after
    bad = CliRunner().invoke(app, [*_args(EXAMPLES, out, summary), "--weight", "geluk=2"])
    assert bad.exit_code == 1
    assert "Kies uit" in bad.output


def test_train_saves_a_model_that_beats_the_rules(tmp_path: Path) -> None:
    from datetime import date

    from adapters.demo_data import write_demo

    folder = tmp_path / "demo"
    write_demo(folder, n_students=50, seed=3, on=date(2026, 9, 1), fmt="csv", history_students=1500)
    model = tmp_path / "model.joblib"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "--history",
            str(folder / "history"),
            "--date",
            "2025-09-01",
            "--model-path",
            str(model),
        ],
    )
    assert result.exit_code == 0, result.output
    assert model.is_file()
    assert "niveau 1" in result.output


def test_round_with_outcomes_learns_and_says_which_model_it_used(tmp_path: Path) -> None:
    from datetime import date

    from adapters.demo_data import write_demo

    folder = tmp_path / "demo"
    write_demo(folder, n_students=60, seed=5, on=date(2026, 9, 1), fmt="csv", history_students=400)
    out, summary = tmp_path / "proposals.csv", tmp_path / "summary.json"
    args = [*_args(folder, out, summary), "--outcomes", str(folder / "history" / "outcomes.csv")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(summary.read_text(encoding="utf-8"))
    assert doc["model"]["model_beats_rule"] is True
    assert doc["model"]["evaluation"]["chosen"] in {"logistisch", "boosting"}
    assert doc["model_weight"] > 0
    assert "Geleerd model gekozen" in doc["model"]["note"]
    assert "getest op eerdere uitkomsten" in result.output
    # nobody approved this model: the summary and the message say it is a try-out
    assert doc["model"]["status"] == "proefmodel, niet goedgekeurd"
    assert doc["model"]["approved"] is False
    assert "proefmodel dat niemand heeft goedgekeurd" in " ".join(result.output.split())
