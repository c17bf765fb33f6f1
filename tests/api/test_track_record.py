"""The company track record for the bureau: in GET /companies and in the review panel; the
jobcoach, the company and the student get none of it."""

from __future__ import annotations

from typing import Any

from tests.api.test_bpv_api import SCALES, World, _started
from tests.api.test_bpv_api import world as world  # noqa: F401 - the fixture

TRACK_FIELDS = ("track_record", "host_again", "Eerder hier")


def _hosted_and_evaluated(world: World) -> None:
    _started(world)
    done = world.step(
        "evaluations", held_on=world.day(40), participants=["praktijkopleider", "jobcoach"],
        scales=SCALES, signals=["verzuim"], would_host_again=True,
    )  # fmt: skip
    assert done.status_code == 200, done.text
    done = world.step("finish", ended_on=world.day(89), outcome="succesvol")
    assert done.status_code == 200, done.text


def _companies(world: World, who: str) -> Any:
    answer = world.client.get("/companies", headers=world.as_(who))
    return answer


def test_the_bureau_sees_each_companys_track_record_in_the_list(world: World) -> None:
    _hosted_and_evaluated(world)
    items = _companies(world, "bureau").json()["items"]
    by_id = {c["company_id"]: c for c in items}
    record = by_id[world.bpv["company_id"]]["track_record"]
    assert record["hosted"] == 1
    assert record["succesvol"] == 1
    assert record["evaluations"] == 1
    assert record["signals"] == {"verzuim": 1}
    assert (record["host_again_yes"], record["host_again_asked"]) == (1, 1)
    assert record["summary"] == (
        "Eerder hier: 1 BPV, 1 goed afgerond, bedrijf wil weer: ja (1 van 1)."
    )
    others = [c["track_record"] for c in items if c["company_id"] != world.bpv["company_id"]]
    assert others
    assert all(r["hosted"] == 0 for r in others)


def test_no_other_role_gets_the_track_record(world: World) -> None:
    _hosted_and_evaluated(world)
    for who in ("jobcoach", "other-coach", "company"):
        answer = _companies(world, who)
        assert answer.status_code == 200, (who, answer.text)
        assert answer.json()["items"], who
        assert all(token not in answer.text for token in TRACK_FIELDS), who
    assert _companies(world, "student").status_code == 403
    assert world.client.get("/companies").status_code == 401


def test_the_review_panel_says_what_happened_here_before(world: World) -> None:
    _hosted_and_evaluated(world)
    url = f"/bureau/rondes/{world.bpv['round_id']}/voorstellen/{world.bpv['student_id']}"
    panel = world.client.get(url, headers=world.as_("bureau"))
    assert panel.status_code == 200, panel.text
    assert "Eerder hier: 1 BPV, 1 goed afgerond, bedrijf wil weer: ja (1 van 1)." in panel.text
    assert "1 evaluatie, signalen: Verzuim (1)." in panel.text
    for who in ("jobcoach", "company", "student"):
        other = world.client.get(url, headers=world.as_(who), follow_redirects=False)
        assert "Eerder hier" not in other.text, who


def test_the_bureaus_company_page_lists_the_track_records(world: World) -> None:
    _hosted_and_evaluated(world)
    shown = world.client.get("/bureau/bedrijven", headers=world.as_("bureau"))
    assert shown.status_code == 200, shown.text
    assert "Eerder hier: 1 BPV, 1 goed afgerond, bedrijf wil weer: ja (1 van 1)." in shown.text
    assert world.bpv["company_id"] in shown.text
    for who in ("jobcoach", "company", "student"):
        other = world.client.get("/bureau/bedrijven", headers=world.as_(who))
        assert other.status_code == 403, (who, other.status_code)
        assert "Eerder hier" not in other.text, who
