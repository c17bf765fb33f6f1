"""The drivers pass SITE_URL to the BPV mails: planning a kennismaking over the API queues the
student's and the company's mail, and a re-match started over the API the student's and the
jobcoach's, each linking to the configured site."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from adapters.db import outbox_queries as q
from adapters.db.outbox_models import OutboxMessageRow
from adapters.settings import Settings
from matcher.messages import MessageKind
from tests.api.test_bpv_api import World
from tests.api.test_bpv_api import world as world  # noqa: PLC0414 (the fixture)

SITE = "https://plek.school.test"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", broker_url=None, site_url=SITE)


def _messages(world: World, kind: MessageKind) -> list[OutboxMessageRow]:
    with Session(world.client.app.state.engine) as session:  # type: ignore[attr-defined]
        found = q.messages_for(session, [kind])
        session.expunge_all()
        return found


def _email(world: World, who: str) -> str:
    me = world.client.get("/me", headers=world.as_(who))
    assert me.status_code == 200, me.text
    return str(me.json()["email"])


def test_planning_over_the_api_queues_the_mails_with_the_site_link(world: World) -> None:
    assert world.step("kennismaking/plan", on=world.day(3), going_along=["jobcoach"]).is_success
    found = _messages(world, MessageKind.KENNISMAKING_GEPLAND)
    assert sorted(m.email for m in found) == sorted(
        [_email(world, "student"), _email(world, "company")]
    )
    assert all(SITE in m.body and "de jobcoach" in m.body for m in found)
    refused = world.step("kennismaking/plan", version=99, on=world.day(4))
    assert refused.status_code == 409
    assert len(_messages(world, MessageKind.KENNISMAKING_GEPLAND)) == 2


def test_a_rematch_over_the_api_tells_the_student_and_the_jobcoach(world: World) -> None:
    assert world.step("kennismaking/plan", on=world.day(3)).is_success
    declined = world.step(
        "kennismaking", held_on=world.day(3), student="niet_akkoord", company="akkoord",
        student_reason="reistijd",
    )  # fmt: skip
    assert declined.status_code == 200, declined.text
    started = world.client.post("/rounds/rematch", json={}, headers=world.as_("bureau"))
    assert started.status_code == 202, started.text
    found = _messages(world, MessageKind.REMATCH_GESTART)
    assert sorted(m.email for m in found) == sorted(
        [_email(world, "student"), _email(world, "jobcoach")]
    )
    assert all(SITE in m.body for m in found)
