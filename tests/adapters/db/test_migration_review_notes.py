"""Migration 0005 moves reviewers' notes out of the round events, proposals and decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade

AT = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
MOVE = "GEHEIM dichter bij huis, heeft autisme"
COMMENT = "GEHEIM eerst bellen"
REJECT = "GEHEIM te druk voor hem"
ORPHAN = "GEHEIM opmerking zonder gebeurtenis"

meta = sa.MetaData()
rounds = sa.Table(
    "match_round",
    meta,
    *(sa.Column(n, sa.String) for n in ("name", "status", "stage", "created_by")),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("progress", sa.Integer),
    sa.Column("filters", sa.JSON),
    sa.Column("policy", sa.JSON),
    sa.Column("bpv_start", sa.Date),
    sa.Column("version", sa.Integer),
    sa.Column("current_run", sa.Integer),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("updated_at", sa.DateTime(timezone=True)),
)
events = sa.Table(
    "round_event",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer),
    sa.Column("at", sa.DateTime(timezone=True)),
    sa.Column("actor", sa.String),
    sa.Column("action", sa.String),
    sa.Column("detail", sa.JSON),
    sa.Column("reason", sa.String),
)
proposals = sa.Table(
    "proposal",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer),
    sa.Column("run", sa.Integer),
    sa.Column("student_id", sa.String),
    sa.Column("place_id", sa.String),
    sa.Column("company_id", sa.String),
    sa.Column("status", sa.String),
    sa.Column("explanation", sa.String),
    sa.Column("unplaced_reason", sa.String),
    sa.Column("decision", sa.String),
    sa.Column("locked", sa.Boolean),
    sa.Column("comment", sa.String),
    sa.Column("terms", sa.JSON),
)
decisions = sa.Table(
    "round_decision",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer),
    sa.Column("student_id", sa.String),
    sa.Column("place_id", sa.String),
    sa.Column("kind", sa.String),
    sa.Column("active_lock", sa.Boolean),
    sa.Column("actor", sa.String),
    sa.Column("reason", sa.String),
    sa.Column("at", sa.DateTime(timezone=True)),
)


def _old_round(url: str) -> None:
    """A round as 0004 stored it: the notes in the events, the proposals and the decisions."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            rounds.insert().values(
                id=1,
                name="najaar",
                status="in_review",
                stage="",
                created_by="bureau",
                progress=100,
                filters={},
                policy={},
                bpv_start=date(2026, 9, 1),
                version=5,
                current_run=1,
                created_at=AT,
                updated_at=AT,
            )
        )
        for sid, place, decision, explanation, comment in (
            ("s001", "p005", "moved", f"Verplaatst door alice (#1): {MOVE}", COMMENT),
            ("s002", "p002", "rejected", "Past goed.", ORPHAN),
        ):
            conn.execute(
                proposals.insert().values(
                    round_id=1,
                    run=1,
                    student_id=sid,
                    place_id=place,
                    company_id="c01",
                    status="proposed",
                    explanation=explanation,
                    unplaced_reason="",
                    decision=decision,
                    locked=decision == "moved",
                    comment=comment,
                    terms={},
                )
            )
        for kind, sid, place, reason, lock in (
            ("move", "s001", "p005", MOVE, True),
            ("veto", "s002", "p002", REJECT, None),
        ):
            conn.execute(
                decisions.insert().values(
                    round_id=1,
                    student_id=sid,
                    place_id=place,
                    kind=kind,
                    active_lock=lock,
                    actor="alice (#1)",
                    reason=reason,
                    at=AT,
                )
            )
        for action, detail, reason in (
            ("created", {"name": "najaar"}, ""),
            ("commented", {"student_id": "s001"}, COMMENT),
            ("moved", {"student_id": "s001", "to": "p005"}, MOVE),
            ("rejected", {"student_id": "s002", "place_id": "p002"}, REJECT),
            ("failed", {}, "De rekentijd was op."),
        ):
            conn.execute(
                events.insert().values(
                    round_id=1,
                    at=AT,
                    actor="alice (#1)",
                    action=action,
                    detail=detail,
                    reason=reason,
                )
            )
    engine.dispose()


def test_upgrade_moves_every_note_out_and_keeps_the_events(db_url: str) -> None:
    upgrade(db_url, "0004")
    _old_round(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT student_id, kind, text, event_id FROM review_note ORDER BY id")
            ).all()
            rows = conn.execute(sa.select(events).order_by(events.c.id)).all()
            explanations = dict(
                conn.execute(sa.text("SELECT student_id, explanation FROM proposal")).all()
            )
            columns = {
                t: {c["name"] for c in sa.inspect(conn).get_columns(t)}
                for t in ("proposal", "round_decision")
            }
        assert [r.action for r in rows] == ["created", "commented", "moved", "rejected", "failed"]
        by_id = {r.id: r for r in rows}
        assert {(s, k, t) for s, k, t, _ in found} == {
            ("s001", "comment", COMMENT),
            ("s001", "move", MOVE),
            ("s002", "reject", REJECT),
            ("s002", "comment", ORPHAN),
        }
        for _, kind, note, event_id in found:
            if note != ORPHAN:  # linked to the event it was written with
                assert (
                    by_id[event_id].action
                    == {"comment": "commented", "move": "moved", "reject": "rejected"}[kind]
                )
        assert [r.detail for r in rows][1:4] == [  # the hashed columns are as they were
            {"student_id": "s001"},
            {"student_id": "s001", "to": "p005"},
            {"student_id": "s002", "place_id": "p002"},
        ]
        assert all("GEHEIM" not in r.reason and "GEHEIM" not in str(r.detail) for r in rows)
        assert rows[-1].reason == "De rekentijd was op."  # the system's own text stays
        assert explanations["s001"] == "Verplaatst door alice (#1)."
        assert "comment" not in columns["proposal"]
        assert "reason" not in columns["round_decision"]
        # The triggers are back: the event rows are append-only again.
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(sa.text("UPDATE round_event SET reason = 'x'"))
    finally:
        engine.dispose()
