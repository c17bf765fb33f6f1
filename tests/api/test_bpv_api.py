"""The BPV over JSON: publishing makes the records; invalid steps, stale versions and bad dates
get a Dutch 4xx naming what is wrong, and change nothing; the queue shows who waits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters import clock
from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_account, token_for
from tests.api.rounds_helpers import review_population, solved_round, store, wait_for

PUBLISHED = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
SCALES = {"wat_gaat_goed": 4, "werk": 4, "samenwerken": 3, "leren": 4, "energie": 2}


@dataclass
class World:
    client: TestClient
    clock: clock.FixedClock
    bpv: dict[str, Any]  # the first BPV as the bureau sees it after publishing
    tokens: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return bearer(self.tokens[who])

    def get(self, who: str = "bureau") -> dict[str, Any]:
        answer = self.client.get(f"/bpvs/{self.bpv['id']}", headers=self.as_(who))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def step(self, path: str, who: str = "bureau", **body: Any) -> Any:
        body.setdefault("version", self.get()["version"])
        return self.client.post(f"/bpvs/{self.bpv['id']}/{path}", json=body, headers=self.as_(who))

    def day(self, n: int) -> str:
        return (PUBLISHED + timedelta(days=n)).date().isoformat()


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    fixed = clock.FixedClock(PUBLISHED)
    with clock.use_clock(fixed), TestClient(create_app(settings)) as client:
        store(client, review_population())
        bureau = make_account(client, "bureau")
        client.headers.update(bearer(token_for(client, bureau)))
        round_id = solved_round(client)["id"]
        items = client.get(f"/rounds/{round_id}/proposals").json()["items"]
        target = next(p for p in items if p["place_id"])
        version = client.get(f"/rounds/{round_id}").json()["version"]
        accepted = client.post(
            f"/rounds/{round_id}/proposals/{target['student_id']}/accept",
            json={"version": version},
        )
        assert accepted.status_code == 200, accepted.text
        version = client.get(f"/rounds/{round_id}").json()["version"]
        assert client.post(f"/rounds/{round_id}/publish", json={"version": version}).is_success
        sid, cid = target["student_id"], target["company_id"]
        accounts = {
            "bureau": bureau,
            "jobcoach": make_account(client, "jobcoach", caseload=[sid]),
            "other-coach": make_account(client, "jobcoach", caseload=["s999"]),
            "student": make_account(client, "student", student_id=sid),
            "company": make_account(client, "company", company_id=cid),
        }
        client.headers.pop("Authorization")
        tokens = {who: token_for(client, a) for who, a in accounts.items()}
        [bpv] = client.get("/bpvs", headers=bearer(tokens["bureau"])).json()
        fixed.advance(timedelta(days=90))  # today: 30 November 2026
        yield World(client, fixed, bpv, tokens)


def _refused(answer: Any, status: int, *words: str) -> str:
    assert answer.status_code == status, answer.text
    detail: str = answer.json()["detail"]
    for word in words:
        assert word in detail, detail
    return detail


def test_publishing_made_a_voorgesteld_bpv_each_role_sees_it_as_allowed(world: World) -> None:
    assert world.bpv["status"] == "voorgesteld"
    assert world.bpv["status_label"] == "Voorgesteld"
    assert world.bpv["proposed_on"] == "2026-09-01"
    for who, count in (("jobcoach", 1), ("student", 1), ("company", 1), ("other-coach", 0)):
        seen = world.client.get("/bpvs", headers=world.as_(who)).json()
        assert len(seen) == count, who
    other = world.client.get(f"/bpvs/{world.bpv['id']}", headers=world.as_("other-coach"))
    _refused(other, 403, "geen toegang")


def test_an_invalid_step_is_a_dutch_422_and_changes_nothing(world: World) -> None:
    before = world.get()
    answer = world.step("start", started_on=world.day(5))
    _refused(answer, 422, "getekende praktijkovereenkomst", "Leg eerst vast")
    assert answer.json()["code"] == "invalid_transition"
    answer = world.step("finish", ended_on=world.day(5), outcome="succesvol")
    _refused(answer, 422, "uitkomst", "gestart")
    assert world.get() == before


def test_a_stale_version_is_a_dutch_409_and_changes_nothing(world: World) -> None:
    planned = world.step("kennismaking/plan", on=world.day(3), going_along=["jobcoach"])
    assert planned.status_code == 200, planned.text
    assert planned.json()["version"] == 2
    before = world.get()
    stale = world.step("kennismaking/plan", version=1, on=world.day(9))
    _refused(stale, 409, "nu versie 2, jij had versie 1", "Er is niets veranderd")
    assert world.get() == before


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"on": "2026-08-31"}, ("ligt vóór het voorstel", "1 september 2026")),
        ({"on": "2026-13-01"}, ("on", "datum")),
        ({"on": "morgen"}, ("on", "datum")),
    ],
)
def test_a_bad_date_is_a_dutch_422_naming_it(
    world: World, body: dict[str, Any], words: tuple[str, ...]
) -> None:
    before = world.get()
    answer = world.step("kennismaking/plan", **body)
    assert answer.status_code == 422, answer.text
    text = answer.text
    for word in words:
        assert word in text, text
    assert world.get() == before


def test_a_date_in_the_future_is_refused_for_what_happened(world: World) -> None:
    assert world.step("kennismaking/plan", on=world.day(3)).status_code == 200
    future = world.step(
        "kennismaking", held_on=world.day(100), student="akkoord", company="akkoord"
    )
    _refused(future, 422, "in de toekomst", "30 november 2026")


def test_only_staff_take_steps(world: World) -> None:
    for who in ("student", "company"):
        answer = world.step("kennismaking/plan", who=who, on=world.day(3))
        assert answer.status_code == 403, (who, answer.text)
    assert world.get()["version"] == 1


def test_the_whole_bpv_through_the_api(world: World) -> None:
    steps = [
        ("kennismaking/plan", {"on": world.day(3), "going_along": ["jobcoach"]}),
        ("kennismaking", {"held_on": world.day(3), "student": "akkoord", "company": "akkoord"}),
        ("agreement", {"signed_on": world.day(5), "guardian_name": "J. de Vries"}),
        ("start", {"started_on": world.day(10)}),
        ("evaluations/plan", {"dates": [world.day(40), world.day(95)]}),
        (
            "evaluations",
            {
                "held_on": world.day(40), "participants": ["student", "praktijkopleider"],
                "scales": SCALES, "signals": ["vermoeidheid"],
                "agreements": "Na de lunch een korte pauze",
            },
        ),
        ("finish", {"ended_on": world.day(89), "outcome": "succesvol"}),
    ]  # fmt: skip
    for path, body in steps:
        answer = world.step(path, who="jobcoach", **body)
        assert answer.status_code == 200, (path, answer.text)
    done = world.get("student")
    assert done["status"] == "afgerond"
    assert done["outcome"] == "succesvol"
    assert done["evaluations_held"] == 1
    assert done["guardian_signed"] is True
    assert "J. de Vries" not in world.client.get("/bpvs", headers=world.as_("company")).text


def test_the_student_answers_for_themselves_only(world: World) -> None:
    before = world.get()
    for who in ("bureau", "jobcoach", "company", "other-coach"):
        answer = world.step("student-answer", who=who, answer="akkoord")
        assert answer.status_code == 403, (who, answer.text)
    anonymous = world.client.post(
        f"/bpvs/{world.bpv['id']}/student-answer", json={"version": 1, "answer": "akkoord"}
    )
    assert anonymous.status_code == 401
    no_reason = world.step("student-answer", who="student", answer="niet_akkoord")
    _refused(no_reason, 422, "Kies een reden waarom je deze plek niet wilt")
    bad = world.step("student-answer", who="student", answer="misschien")
    assert bad.status_code == 422
    stale = world.step("student-answer", who="student", answer="akkoord", version=9)
    _refused(stale, 409, "Er is niets veranderd")
    assert world.get() == before
    no = world.step("student-answer", who="student", answer="niet_akkoord", reason="reistijd")
    assert no.status_code == 200, no.text
    seen = no.json()
    assert (seen["status"], seen["student_answer"], seen["student_reason"]) == (
        "zoekt_nieuwe_plek", "niet_akkoord", "reistijd",
    )  # fmt: skip
    [waiting] = world.client.get("/rematch-queue", headers=world.as_("bureau")).json()
    assert (waiting["cause"], waiting["entered_on"]) == ("plek_geweigerd", "2026-11-30")
    as_company = world.client.get(f"/bpvs/{world.bpv['id']}", headers=world.as_("company"))
    assert as_company.json()["student_reason"] is None  # the student's reason is not theirs


def test_the_company_gives_its_verdict_for_itself_only(world: World) -> None:
    assert world.step("kennismaking/plan", on=world.day(3)).status_code == 200
    before = world.get()
    for who in ("bureau", "jobcoach", "student", "other-coach"):
        answer = world.step("company-verdict", who=who, verdict="akkoord")
        assert answer.status_code == 403, (who, answer.text)
    no_reason = world.step("company-verdict", who="company", verdict="niet_akkoord")
    _refused(no_reason, 422, "waarom het bedrijf niet akkoord is")
    assert world.get() == before
    no = world.step("company-verdict", who="company", verdict="niet_akkoord", reason="geen_klik")
    assert no.status_code == 200, no.text
    assert (no.json()["status"], no.json()["company_verdict_on"]) == (
        "zoekt_nieuwe_plek", "2026-11-30",
    )  # fmt: skip
    [waiting] = world.client.get("/rematch-queue", headers=world.as_("bureau")).json()
    assert waiting["cause"] == "kennismaking_niet_akkoord"


def test_the_company_evaluates_a_running_bpv_at_its_own_place(world: World) -> None:
    evaluation = {
        "held_on": world.day(40), "scales": SCALES, "signals": ["verzuim"],
        "would_host_again": True,
    }  # fmt: skip
    early = world.step("company-evaluation", who="company", **evaluation)
    _refused(early, 422, "gestart")
    for path, body in (
        ("kennismaking/plan", {"on": world.day(3)}),
        ("kennismaking", {"held_on": world.day(3), "student": "akkoord", "company": "akkoord"}),
        ("agreement", {"signed_on": world.day(5), "guardian_name": "J. de Vries"}),
        ("start", {"started_on": world.day(10)}),
    ):
        assert world.step(path, **body).status_code == 200, path
    before = world.get()
    for who in ("bureau", "jobcoach", "student", "other-coach"):
        answer = world.step("company-evaluation", who=who, **evaluation)
        assert answer.status_code == 403, (who, answer.text)
    bad = world.step("company-evaluation", who="company", **{**evaluation, "scales": {"werk": 9}})
    assert bad.status_code == 422
    vague = world.step(
        "company-evaluation", who="company", **{**evaluation, "would_host_again": "vaak"}
    )
    assert vague.status_code == 422
    assert world.get() == before
    done = world.step("company-evaluation", who="company", **evaluation)
    assert done.status_code == 200, done.text
    assert done.json()["evaluations_held"] == 1
    assert done.json()["stop_reason"] is None


def test_niet_akkoord_queues_the_student_with_days_waiting(world: World) -> None:
    assert world.step("kennismaking/plan", on=world.day(3)).status_code == 200
    missing = world.step(
        "kennismaking", held_on=world.day(3), student="akkoord", company="niet_akkoord"
    )
    _refused(missing, 422, "waarom het bedrijf niet akkoord is")
    answer = world.step(
        "kennismaking", held_on=world.day(3), student="akkoord", company="niet_akkoord",
        company_reason="uren_passen_niet",
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "zoekt_nieuwe_plek"
    [waiting] = world.client.get("/rematch-queue", headers=world.as_("bureau")).json()
    assert waiting["student_id"] == world.bpv["student_id"]
    assert waiting["days_waiting"] == 87
    assert waiting["waiting_text"] == "wacht 87 dagen"
    assert world.client.get("/rematch-queue", headers=world.as_("student")).status_code == 403


def test_a_withdrawn_erkenning_queues_the_companys_students(world: World) -> None:
    cid = world.bpv["company_id"]
    refused = world.client.post(
        f"/companies/{cid}/withdraw-erkenning", headers=world.as_("jobcoach")
    )
    assert refused.status_code == 403
    done = world.client.post(f"/companies/{cid}/withdraw-erkenning", headers=world.as_("bureau"))
    assert done.status_code == 200, done.text
    assert done.json() == {"company_id": cid, "queued": [world.bpv["student_id"]]}
    assert world.get()["stop_reason"] == "erkenning_ingetrokken"


def _rounds(world: World) -> int:
    return len(world.client.get("/rounds", headers=world.as_("bureau")).json())


def test_a_rematch_round_over_json(world: World) -> None:
    before = _rounds(world)
    empty = world.client.post("/rounds/rematch", json={}, headers=world.as_("bureau"))
    _refused(empty, 422, "Er wacht niemand op een nieuwe plek")
    assert world.step("kennismaking/plan", on=world.day(3)).status_code == 200
    assert world.step(
        "kennismaking", held_on=world.day(3), student="niet_akkoord", company="akkoord",
        student_reason="reistijd",
    ).status_code == 200  # fmt: skip
    sid, failed = world.bpv["student_id"], world.bpv["place_id"]
    stranger = world.client.post(
        "/rounds/rematch", json={"student_ids": [sid, "s999"]}, headers=world.as_("bureau")
    )
    _refused(stranger, 422, "s999", "staat niet in de rij")
    coach = world.client.post("/rounds/rematch", json={}, headers=world.as_("jobcoach"))
    assert coach.status_code == 403
    assert _rounds(world) == before  # nothing was made
    started = world.client.post("/rounds/rematch", json={}, headers=world.as_("bureau"))
    assert started.status_code == 202, started.text
    body = started.json()
    assert body["filters"] == {
        "rematch": True, "student_ids": [sid], "excluded_places": {sid: [failed]},
    }  # fmt: skip
    world.client.headers.update(world.as_("bureau"))
    solved = wait_for(world.client, body["id"], "solved", "failed")
    assert solved["status"] == "solved", solved
    items = world.client.get(f"/rounds/{body['id']}/proposals").json()["items"]
    assert [p["student_id"] for p in items] == [sid]
    assert items[0]["place_id"] != failed
    assert world.get()["status"] == "zoekt_nieuwe_plek"


def _started(world: World) -> None:
    for path, body in (
        ("kennismaking/plan", {"on": world.day(3)}),
        ("kennismaking", {"held_on": world.day(3), "student": "akkoord", "company": "akkoord"}),
        ("agreement", {"signed_on": world.day(5), "guardian_name": "J. de Vries"}),
        ("start", {"started_on": world.day(10)}),
    ):
        assert world.step(path, **body).status_code == 200, path


def test_an_evaluation_records_whether_the_company_would_host_again(world: World) -> None:
    from sqlmodel import Session, select

    from adapters.db.bpv_models import BpvEvaluationRow

    _started(world)
    evaluation = {"held_on": world.day(40), "scales": SCALES}
    before = world.get()
    bad = world.step("evaluations", participants=["praktijkopleider"], would_host_again="misschien",
                     **evaluation)  # fmt: skip
    _refused(bad, 422, "would_host_again", "ja of nee")
    alone = world.step("evaluations", participants=["student"], would_host_again=True, **evaluation)
    _refused(alone, 422, "praktijkopleider")
    assert world.get() == before
    for participants, again in ((["praktijkopleider"], True), (["student"], None)):
        done = world.step("evaluations", participants=participants, would_host_again=again,
                          **evaluation)  # fmt: skip
        assert done.status_code == 200, done.text
    engine = world.client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        stored = session.exec(select(BpvEvaluationRow).order_by(BpvEvaluationRow.id)).all()  # type: ignore[arg-type]
        assert [e.would_host_again for e in stored] == [True, None]
