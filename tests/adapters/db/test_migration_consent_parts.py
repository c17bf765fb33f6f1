"""Migration 0017: a company consent from before parts covers the working times and the needs
(what its text and the old card were about), never the new strengths part; parents' consent
gets no part."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade
from matcher.privacy.consent import LEGACY_PARTS

AT = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
OLD_TEXT = "Ik vind het goed dat Bakkerij ziet wat ik nodig heb om goed te kunnen werken."

meta = sa.MetaData()
consent = sa.Table(
    "consent",
    meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(
        sa.Column(n, sa.String)
        for n in (
            "student_id",
            "purpose",
            "recipient",
            "grantor",
            "method",
            "text_version",
            "shown_text",
            "recorded_by",
            "withdrawn_by",
            "withdrawal_reason",
        )
    ),  # fmt: skip
    sa.Column("granted_at", sa.DateTime(timezone=True)),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
)


def test_old_company_consents_become_working_times_and_needs(db_url: str) -> None:
    upgrade(db_url, "0019")
    engine = make_engine(db_url)
    base = {
        "grantor": "student", "method": "digital", "text_version": "web-1",
        "shown_text": OLD_TEXT, "recorded_by": "Ayla (#3)", "granted_at": AT,
    }  # fmt: skip
    with engine.begin() as conn:
        conn.execute(consent.insert().values(student_id="s1", purpose="matching",
                                             recipient="c01", **base))  # fmt: skip
        conn.execute(consent.insert().values(student_id="s1", purpose="matching",
                                             recipient="c02", withdrawn_at=AT, **base))  # fmt: skip
        conn.execute(consent.insert().values(student_id="s1", purpose="begeleiding",
                                             recipient="parents", **base))  # fmt: skip
    upgrade(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT recipient, part, shown_text, text_version, withdrawn_at IS NULL AS active "
                "FROM consent ORDER BY recipient, part"
            )
        ).all()
    engine.dispose()
    assert [(r.recipient, r.part, bool(r.active)) for r in rows] == [
        ("c01", "conditions", True),
        ("c01", "needs", True),
        ("c02", "conditions", False),  # a withdrawn consent stays withdrawn in every part
        ("c02", "needs", False),
        ("parents", None, True),
    ]
    assert {(r.shown_text, r.text_version) for r in rows} == {(OLD_TEXT, "web-1")}
    assert {r.part for r in rows if r.recipient == "c01"} == {p.value for p in LEGACY_PARTS}
