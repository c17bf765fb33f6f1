"""The company page's ontzorgen panels read each round's row and its BPVs once, not per card.

Four students of one published round are approved at c01, so the page shows four cards, each
with a panel. Counting the statements on the engine: the round row and the BPVs are each read
once for the whole page (the old code read both again for every card), and so are the
company's consents (the old code read them, and each sharing student's birth date, per card).
The panels stay the same: the LKV deadline follows the planned start, or a BPV's own start once
it has started; each card shows what its student shares now, a parent's consent only while the
student is under 18.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, update
from sqlmodel import select

from adapters.auth.demo_accounts import DemoAccount
from adapters.db.bpv_models import BpvRow
from adapters.db.engine import session_scope
from adapters.db.models import CURRENT_DATASET, StudentRow
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from matcher.privacy.consent import ConsentPart, Grantor, Method
from matcher.privacy.vocabulary import Purpose
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
    assert _reads_of(statements, "consent") == 1, statements


def _birthday(engine: Engine, student_id: str, age: int) -> date:
    """The day the student turns ``age`` (the 1st of March for a 29 February)."""
    with session_scope(engine) as session:
        born = session.exec(
            select(StudentRow.birth_date).where(
                StudentRow.dataset == CURRENT_DATASET, StudentRow.student_id == student_id
            )
        ).one()
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def _share(
    engine: Engine, student_id: str, part: ConsentPart, grantor: Grantor = Grantor.STUDENT
) -> None:
    with session_scope(engine) as session:
        when = datetime.combine(_birthday(engine, student_id, 16), time(12), UTC)
        consent.give(
            session, student_id=student_id, purpose=Purpose.MATCHING, recipient="c01",
            text_version="v1", shown_text="Mag dit bedrijf dit deel zien?", part=part,
            recorded_by=Actor("test"), method=Method.WRITTEN, actively_given=True,
            grantor=grantor, now=when if grantor is Grantor.PARENT else None,
        )  # fmt: skip


def test_the_page_reads_the_companys_consents_once_and_shows_what_each_shares(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = _engine(web)
    publish(engine, tuple((sid, "p001", "c01") for sid in STUDENTS))
    _share(engine, "s001", ConsentPart.STRENGTHS)
    _share(engine, "s002", ConsentPart.NEEDS)
    _share(engine, "s002", ConsentPart.CONDITIONS)
    _share(engine, "s003", ConsentPart.STRENGTHS, Grantor.PARENT)  # lapsed at 18
    log_in(web, accounts["bedrijf"])
    with _statements(engine) as statements:
        page = web.get("/bedrijf")
    assert page.status_code == 200
    assert _reads_of(statements, "consent") == 1, statements  # was one per card
    assert _reads_of(statements, "student") == 0, statements  # the birth dates come with it
    assert page.text.count(PANEL) == len(STUDENTS)
    with session_scope(engine) as session:
        assert consent.student_age(session, "s003") >= 18  # so the parent's consent lapsed
        per_card = {sid: consent.current_parts(session, sid, "c01") for sid in STUDENTS}
        page_wide = consent.company_parts(session, "c01", list(STUDENTS))
        young = consent.company_parts(session, "c01", ["s003"], on=_birthday(engine, "s003", 17))
    assert {sid: page_wide.get(sid, frozenset()) for sid in STUDENTS} == per_card
    assert per_card == {
        "s001": {ConsentPart.STRENGTHS},
        "s002": {ConsentPart.NEEDS, ConsentPart.CONDITIONS},
        "s003": frozenset(),
        "s004": frozenset(),
    }
    assert young == {"s003": {ConsentPart.STRENGTHS}}  # a minor's parent's consent counts


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


def test_a_student_gone_from_the_current_data_shares_nothing_and_the_page_shows(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """After a new import without s001, its standing consent cannot be checked (a parent's
    consent holds only while the student is under 18): nothing is shared, the page still shows."""
    engine = _engine(web)
    publish(engine, tuple((sid, "p001", "c01") for sid in STUDENTS))
    _share(engine, "s001", ConsentPart.STRENGTHS)
    _share(engine, "s002", ConsentPart.STRENGTHS)
    with session_scope(engine) as session:
        row = session.exec(
            select(StudentRow).where(
                StudentRow.dataset == CURRENT_DATASET, StudentRow.student_id == "s001"
            )
        ).one()
        session.delete(row)
    with session_scope(engine) as session:
        assert consent.company_parts(session, "c01", list(STUDENTS)) == {
            "s002": {ConsentPart.STRENGTHS}
        }
    log_in(web, accounts["bedrijf"])
    page = web.get("/bedrijf")
    assert page.status_code == 200
    assert page.text.count(PANEL) == len(STUDENTS)


def test_the_companys_bpvs_still_answer_when_a_consenting_student_left(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """The same for the BPV pages and JSON: the student's standing consent cannot be checked
    once they left the current data, so the company gets neither name nor code, and no error."""
    engine = _engine(web)
    publish(engine, tuple((sid, "p001", "c01") for sid in STUDENTS))
    _share(engine, "s001", ConsentPart.STRENGTHS)
    with session_scope(engine) as session:
        assert consent.current(session, "s001", Purpose.MATCHING, "c01")
        row = session.exec(
            select(StudentRow).where(
                StudentRow.dataset == CURRENT_DATASET, StudentRow.student_id == "s001"
            )
        ).one()
        session.delete(row)
    with session_scope(engine) as session:
        assert not consent.current(session, "s001", Purpose.MATCHING, "c01")
        assert consent.current_parts(session, "s001", "c01") == frozenset()
    log_in(web, accounts["bedrijf"])
    assert web.get("/bedrijf/bpv").status_code == 200
