"""The company page's ontzorgen panels read each round's row and its BPVs once, not per card.

Four students of one published round are approved at c01, so the page shows four cards, each
with a panel. Counting the statements on the engine: the round row and the BPVs are each read
once for the whole page (the old code read both again for every card). The panels stay the
same: the LKV deadline follows the planned start, or a BPV's own start once it has started.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, update

from adapters.auth.demo_accounts import DemoAccount
from adapters.db.bpv_models import BpvRow
from adapters.db.engine import session_scope
from tests.web.conftest import log_in
from tests.web.test_bpv_pages import publish

STUDENTS = ("s001", "s002", "s003", "s004")
PANEL = "Hulp voor jullie bij deze student"


def _engine(web: TestClient) -> Engine:
    return web.app.state.engine  # type: ignore[attr-defined,no-any-return]


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block, in order."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _reads_of(statements: list[str], table: str) -> int:
    return sum(s.startswith("SELECT") and f" FROM {table} " in f"{s} " for s in statements)


def test_a_page_of_cards_reads_the_round_and_its_bpvs_once(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = _engine(web)
    publish(engine, tuple((sid, "p001", "c01") for sid in STUDENTS))
    log_in(web, accounts["bedrijf"])
    with _statements(engine) as statements:
        page = web.get("/bedrijf")
    assert page.status_code == 200
    assert page.text.count(PANEL) == len(STUDENTS)  # several cards, each with its panel
    assert _reads_of(statements, "match_round") == 1, statements
    assert _reads_of(statements, "bpv") == 1, statements


def test_the_panels_keep_the_planned_start_or_the_bpvs_own_start(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = _engine(web)
    publish(engine, tuple((sid, "p001", "c01") for sid in STUDENTS))
    log_in(web, accounts["bedrijf"])
    before = web.get("/bedrijf").text
    assert before.count("uiterlijk 1 december 2026") == len(STUDENTS)  # 3 months after 1 Sept
    with session_scope(engine) as session:
        table = BpvRow.__table__  # type: ignore[attr-defined]
        done = session.connection().execute(
            update(table)
            .where(table.c.student_id == "s002", table.c.company_id == "c01")
            .values(started_on=date(2026, 10, 1))
        )
        assert done.rowcount == 1
    after = web.get("/bedrijf").text
    assert after.count("uiterlijk 1 januari 2027") == 1  # s002's own start counts
    assert after.count("uiterlijk 1 december 2026") == len(STUDENTS) - 1
    assert after.count(PANEL) == len(STUDENTS)
