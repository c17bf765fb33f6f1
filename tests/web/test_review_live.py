"""The review page keeps up with the reviewer's own actions (issue 16): every action answers
with the row, the counters and the version out of band, so publish and re-run after any
number of own actions succeed; codes beside names; undo, bulk accept, placing by hand, the
required reject reason, the print view and the import templates."""

from __future__ import annotations

import csv
import io
import math
import re
import time

from sqlmodel import Session, select

from adapters.db import round_repositories as repo
from adapters.db.models import CURRENT_DATASET, PlaceRow, StudentRow
from tests.web import test_review_pages
from tests.web.test_review_pages import HX, Review, _choices

review = test_review_pages.review  # the same fixture: a solved demo round, the bureau logged in
VERSION = re.compile(r'<input type="hidden" id="ronde-versie" name="version" value="(\d+)"')


def held_version(html: str) -> int:
    """The version the page (or the latest out-of-band update) holds for its next action."""
    found = VERSION.findall(html)
    assert found, "no version input in this answer"
    return int(found[-1])


def oob_row(html: str, student_id: str) -> str:
    """The table row an answer swaps in out of band for this student."""
    found = re.search(
        rf'<template>\s*<tr id="rij-{re.escape(student_id)}" hx-swap-oob="true">(.*?)</tr>',
        html,
        re.S,
    )
    assert found, f"no out-of-band row for {student_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def counters(html: str) -> dict[str, int]:
    block = re.search(r'<div id="tellingen"[^>]*>(.*?)</div>', html, re.S)
    assert block, "no counters block"
    return {k: int(v) for k, v in re.findall(r"<li>([^<:]+): <strong>(\d+)</strong>", block[1])}


def _placed(review: Review, n: int = 3) -> list[str]:
    return [p.student_id for p in review.proposals() if p.place_id][:n]


def _names(review: Review) -> dict[str, str]:
    with Session(review.engine) as session:
        rows = session.exec(select(StudentRow).where(StudentRow.dataset == CURRENT_DATASET))
        return {s.student_id: s.name for s in rows}


def _publish(review: Review, version: int) -> tuple[int, str]:
    response = review.client.post(
        f"{review.url}/publiceren",
        data={"version": version, "zeker": "ja", "csrf_token": review.token},
        headers={**HX, "X-CSRF-Token": review.token},
    )
    return response.status_code, response.text


def test_defect_1_publish_after_own_actions_uses_the_version_the_page_now_holds(
    review: Review,
) -> None:
    page = review.client.get(review.url).text
    held = held_version(page)
    first, second = _placed(review, 2)
    answer = review.post(f"/voorstellen/{first}/goedkeuren", {"version": held})
    held = held_version(answer)
    answer = review.post(f"/voorstellen/{second}/vastzetten", {"version": held})
    held = held_version(answer)
    assert held == review.version()
    status, text = _publish(review, held)
    assert status == 200, text
    assert 'id="gepubliceerd"' in text
    with Session(review.engine) as session:
        assert repo.get_round(session, review.round_id).status == "published"


def test_a_real_concurrent_change_gets_a_dutch_409_in_je_form_with_a_reload(
    review: Review,
) -> None:
    held = held_version(review.client.get(review.url).text)
    first = _placed(review, 1)[0]
    review.post(f"/voorstellen/{first}/goedkeuren", {"version": held})  # "another reviewer"
    status, text = _publish(review, held)
    assert status == 409
    assert "jij had versie" in text
    assert " u " not in text
    assert f'href="/bureau/rondes/{review.round_id}"' in text
    assert "opnieuw laden" in text
    rerun = review.client.post(
        f"{review.url}/opnieuw",
        data={"version": held},
        headers={**HX, "X-CSRF-Token": review.token},
    )
    assert rerun.status_code == 409
    assert "Ronde opnieuw laden" in rerun.text
    with Session(review.engine) as session:
        assert repo.get_round(session, review.round_id).status == "in_review"


def test_defect_2_the_row_and_counters_follow_every_decision(review: Review) -> None:
    before = counters(review.client.get(review.url).text)
    a, b = _placed(review, 2)
    answer = review.post(f"/voorstellen/{a}/goedkeuren", {"version": review.version()})
    assert "Goedgekeurd" in oob_row(answer, a)
    after = counters(answer)
    assert after["Goedgekeurd"] == before["Goedgekeurd"] + 1
    assert after["Nog open"] == before["Nog open"] - 1
    answer = review.post(
        f"/voorstellen/{b}/afwijzen",
        {"version": review.version(), "reason_choice": "Reistijd is te lang"},
    )
    assert "Afgewezen" in oob_row(answer, b)
    assert counters(answer)["Afgewezen"] == before["Afgewezen"] + 1
    # A move: the row shows the new place.
    for p in review.proposals():
        panel = review.client.get(f"{review.url}/voorstellen/{p.student_id}").text
        free = [place for place, open_, _ in _choices(panel) if open_]
        if p.decision == "open" and free:
            answer = review.post(
                f"/voorstellen/{p.student_id}/verplaatsen",
                {"version": review.version(), "place_id": free[0]},
            )
            row = oob_row(answer, p.student_id)
            assert f"({free[0]})" in row
            assert "Verplaatst" in row
            assert counters(answer)["Verplaatst"] == before["Verplaatst"] + 1
            break
    else:
        raise AssertionError("no student with a free other place")


def test_defect_5_codes_beside_names_in_table_panel_and_diff(review: Review) -> None:
    names = _names(review)
    page = review.client.get(review.url).text
    sid = _placed(review, 1)[0]
    row = re.search(rf'<tr id="rij-{sid}">(.*?)</tr>', page, re.S)
    assert row
    assert names[sid] in row[1]
    assert f'<span class="code">{sid}</span>' in row[1]
    panel = review.client.get(f"{review.url}/voorstellen/{sid}").text
    heading = re.search(r'<h2 id="paneel-kop"[^>]*>(.*?)</h2>', panel, re.S)
    assert heading
    assert names[sid] in heading[1]
    assert sid in heading[1]
    # The diff after a re-run that moves a rejected student: name and code side by side.
    review.post(
        f"/voorstellen/{sid}/afwijzen",
        {"version": review.version(), "reason_choice": "Anders", "reason": "proef"},
    )
    _rerun(review)
    diff = review.client.get(f"{review.url}/verschil").text
    line = re.search(rf"<tr><td>([^<]*) <span class=\"code\">{sid}</span></td>", diff)
    assert line, diff[:2000]
    assert line[1] == names[sid]


def _rerun(review: Review) -> None:
    response = review.client.post(
        f"{review.url}/opnieuw",
        data={"version": review.version()},
        headers={**HX, "X-CSRF-Token": review.token},
    )
    assert response.status_code == 200, response.text
    for _ in range(1200):  # the run is in a worker thread: wait for it (at most ~60 s)
        with Session(review.engine) as session:
            if repo.get_round(session, review.round_id).status not in ("queued", "running"):
                break
        time.sleep(0.05)
    with Session(review.engine) as session:
        assert repo.get_round(session, review.round_id).status in ("solved", "in_review")


def test_search_finds_a_student_by_name_or_code(review: Review) -> None:
    names = _names(review)
    sid = _placed(review, 1)[0]
    by_code = review.client.get(f"{review.url}/voorstellen", params={"zoek": sid.upper()}).text
    assert re.findall(r'<tr id="rij-([^"]+)"', by_code) == [sid]
    by_name = review.client.get(
        f"{review.url}/voorstellen", params={"zoek": names[sid].lower()}
    ).text
    found = re.findall(r'<tr id="rij-([^"]+)"', by_name)
    assert sid in found
    assert all(names[s] == names[sid] for s in found)
    none = review.client.get(f"{review.url}/voorstellen", params={"zoek": "%_zzz"}).text
    assert "Geen voorstellen met deze filters." in none


def test_reject_needs_a_reason_which_the_panel_shows(review: Review) -> None:
    sid = _placed(review, 1)[0]
    version = review.version()
    refused = review.post(f"/voorstellen/{sid}/afwijzen", {"version": version})
    assert "Kies een reden van afwijzen." in refused
    other = review.post(
        f"/voorstellen/{sid}/afwijzen", {"version": version, "reason_choice": "Anders"}
    )
    assert "Schrijf bij &#39;Anders&#39; op waarom je afwijst." in other
    assert review.version() == version  # nothing changed
    done = review.post(
        f"/voorstellen/{sid}/afwijzen",
        {"version": version, "reason_choice": "Reistijd is te lang", "reason": "bus 1 uur"},
    )
    assert "Reden van afwijzen:</strong> Reistijd is te lang: bus 1 uur" in done


def test_undo_reopens_the_decision_and_is_logged(review: Review) -> None:
    a, b = _placed(review, 2)
    review.post(f"/voorstellen/{a}/goedkeuren", {"version": review.version()})
    review.post(
        f"/voorstellen/{b}/afwijzen",
        {"version": review.version(), "reason_choice": "Student wil hier niet heen"},
    )
    for sid in (a, b):
        answer = review.post(f"/voorstellen/{sid}/terugdraaien", {"version": review.version()})
        assert "Teruggedraaid" in answer
        assert "Nog open" in oob_row(answer, sid)
    by_id = {p.student_id: p for p in review.proposals()}
    assert by_id[a].decision == by_id[b].decision == "open"
    with Session(review.engine) as session:
        vetoes = [d for d in repo.list_decisions(session, review.round_id) if d.kind == "veto"]
        events = [e.action for e in repo.list_events(session, review.round_id)]
    assert not [d for d in vetoes if d.student_id == b]
    assert events.count("undone") == 2
    nothing = review.post(f"/voorstellen/{a}/terugdraaien", {"version": review.version()})
    assert "er is niets terug te draaien" in nothing


def test_bulk_accept_confirms_the_count_and_checks_it(review: Review) -> None:
    expected = sum(
        1 for p in review.proposals() if p.place_id and p.decision == "open" and p.score >= 0.7
    )
    assert expected > 1
    check = review.post("/alles-goedkeuren/controleren", {"min_score": 70})
    assert f"Je keurt <strong>{expected}</strong> open voorstellen goed" in check
    version = review.version()
    wrong = review.post(
        "/alles-goedkeuren", {"version": version, "min_score": 70, "expected": expected + 1}
    )
    assert "Het aantal is veranderd" in wrong
    assert review.version() == version
    done = review.client.post(
        f"{review.url}/alles-goedkeuren",
        data={"version": version, "min_score": 70, "expected": expected},
        headers={**HX, "X-CSRF-Token": review.token},
    )
    assert done.status_code == 200
    assert f"{expected} voorstellen goedgekeurd." in done.text
    assert done.headers["HX-Trigger"] == "tabel-vernieuwen"
    assert held_version(done.text) == review.version() == version + 1  # one version check
    assert counters(done.text)["Goedgekeurd"] == expected
    with Session(review.engine) as session:
        events = [e for e in repo.list_events(session, review.round_id) if e.action == "accepted"]
    assert len(events) == expected
    assert all(e.detail.get("bulk") for e in events)


def test_place_by_hand_needs_a_reason_and_names_the_rule_that_blocks(review: Review) -> None:
    sid = _placed(review, 1)[0]
    with Session(review.engine) as session:
        student = session.exec(
            select(StudentRow).where(
                StudentRow.dataset == CURRENT_DATASET, StudentRow.student_id == sid
            )
        ).one()
        other = next(
            p.place_id
            for p in session.exec(select(PlaceRow).where(PlaceRow.dataset == CURRENT_DATASET))
            if student.crebo not in p.crebos
        )
    version = review.version()
    no_reason = review.post(f"/voorstellen/{sid}/plaatsen", {"version": version, "place_id": other})
    assert "Schrijf op waarom je deze student met de hand plaatst." in no_reason
    blocked = review.post(
        f"/voorstellen/{sid}/plaatsen",
        {"version": version, "place_id": other, "reason": "afspraak met bedrijf"},
    )
    assert f"Plek {other} past niet bij student {sid}: de opleiding (crebo)" in blocked
    assert review.version() == version
    for p in review.proposals():
        panel = review.client.get(f"{review.url}/voorstellen/{p.student_id}").text
        free = [place for place, open_, _ in _choices(panel) if open_]
        if free:
            done = review.post(
                f"/voorstellen/{p.student_id}/plaatsen",
                {"version": review.version(), "place_id": free[-1], "reason": "gesprek gehad"},
            )
            assert "Met de hand geplaatst." in done
            assert "Reden van verplaatsen:</strong> gesprek gehad" in done
            assert f"({free[-1]})" in oob_row(done, p.student_id)
            break


def test_the_print_view_lists_students_and_companies_without_menus_or_forms(
    review: Review,
) -> None:
    names = _names(review)
    html = review.client.get(f"{review.url}/afdrukken").text
    assert "<form" not in html
    assert "<nav" not in html
    assert "hx-" not in html
    assert "<h2>Per student</h2>" in html
    assert "<h2>Per bedrijf</h2>" in html
    for p in review.proposals()[:5]:
        assert f"<td>{names[p.student_id]}</td><td>{p.student_id}</td>" in html
    assert 'href="/static/print.css"' in html


def test_the_import_page_offers_templates_with_the_contract_headers(review: Review) -> None:
    page = review.client.get("/bureau/inlezen").text
    assert 'href="/bureau/inlezen/voorbeeld/students"' in page
    for kind in ("students", "companies", "places"):
        response = review.client.get(f"/bureau/inlezen/voorbeeld/{kind}")
        assert response.status_code == 200
        header = next(csv.reader(io.StringIO(response.text)))
        with open(f"tests/data/contract_examples/{kind}.csv", encoding="utf-8") as f:
            contract = next(csv.reader(f))
        assert set(contract) <= set(header)
    assert review.client.get("/bureau/inlezen/voorbeeld/x").status_code == 404


def test_the_json_api_has_undo_place_and_bulk_accept_with_version_checks(review: Review) -> None:
    client = review.client
    headers = {"X-CSRF-Token": review.token}
    sid = _placed(review, 1)[0]
    base = f"/rounds/{review.round_id}"
    version = review.version()
    ok = client.post(f"{base}/proposals/{sid}/accept", json={"version": version}, headers=headers)
    assert ok.status_code == 200, ok.text
    stale = client.post(f"{base}/proposals/{sid}/undo", json={"version": version}, headers=headers)
    assert stale.status_code == 409
    undone = client.post(
        f"{base}/proposals/{sid}/undo", json={"version": ok.json()["version"]}, headers=headers
    )
    assert undone.status_code == 200
    assert undone.json()["proposal"]["decision"] == "open"
    no_reason = client.post(
        f"{base}/proposals/{sid}/place",
        json={"version": undone.json()["version"], "place_id": "p00001", "reason": ""},
        headers=headers,
    )
    assert no_reason.status_code == 422
    # a threshold that a few open proposals reach, whatever the scoring policy's weights are
    scores = sorted((p.score for p in review.proposals() if p.place_id and p.decision == "open"),
                    reverse=True)  # fmt: skip
    threshold = math.floor(scores[min(4, len(scores) - 1)] * 100) / 100
    count = sum(
        1
        for p in review.proposals()
        if p.place_id and p.decision == "open" and p.score >= threshold
    )
    assert count >= 1
    bulk = client.post(
        f"{base}/bulk-accept",
        json={"version": review.version(), "min_score": threshold, "expected": count},
        headers=headers,
    )
    assert bulk.status_code == 200, bulk.text
    assert len(bulk.json()["student_ids"]) == count
    assert bulk.json()["version"] == review.version()


def test_move_without_a_choice_says_what_to_do_and_changes_nothing(review: Review) -> None:
    sid = _placed(review, 1)[0]
    version = review.version()
    answer = review.post(f"/voorstellen/{sid}/verplaatsen", {"version": version})
    assert "Kies eerst een plek om de student naartoe te verplaatsen." in answer
    assert "place_id" not in re.sub(r"<[^>]+>", "", answer)
    assert review.version() == version
