"""Each role's pages through the HTTP client: login, access by role, and the bureau's main flow."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from tests.paths import EXAMPLES
from tests.web.conftest import csrf_of, log_in, post_login

# An action's error goes into the review panel's status message, its one live region.
ERROR_IN_STATUS = '<div id="paneel-status" hx-swap-oob="innerHTML"><p class="melding fout">'

WAIT_S = 60.0


def _held_version(page: str) -> int:
    """The round version the page holds for its next action (the hidden version input)."""
    return int(page.split('id="ronde-versie" name="version" value="')[1].split('"')[0])


def _wait_solved(client: TestClient, round_id: int) -> str:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        html = client.get(f"/bureau/rondes/{round_id}/voortgang").text
        if "Bekijk de voorstellen" in html or "fout" in html:
            return html
        time.sleep(0.05)
    raise AssertionError("the round did not finish")


def test_a_page_without_login_sends_you_to_the_login_page(web: TestClient) -> None:
    response = web.get("/bureau", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert 'lang="nl"' in web.get("/login").text


def test_a_wrong_password_shows_a_plain_dutch_message(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    response = post_login(web, accounts["bureau"].email, "nee")
    assert response.status_code == 401
    assert "klopt niet. Kijk of je ze goed hebt getypt." in response.text  # and what to do
    assert "Vraag de school om een nieuw wachtwoord." in response.text


def test_each_role_lands_on_its_own_page(
    web_settings: object, web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    expected = {
        "bureau": "/bureau",
        "jobcoach": "/jobcoach",
        "student": "/student",
        "bedrijf": "/bedrijf",
    }
    for name, url in expected.items():
        web.cookies.clear()
        assert log_in(web, accounts[name]) == url
        page = web.get(url)
        assert page.status_code == 200, (name, page.text[:300])


def test_a_student_cannot_open_the_bureau_pages(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    response = web.get("/bureau")
    assert response.status_code == 403
    assert "geen toegang" in response.text


def test_bureau_uploads_runs_reviews_accepts_and_exports(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["bureau"])
    token = csrf_of(web.get("/bureau/inlezen").text)
    headers = {"X-CSRF-Token": token, "HX-Request": "true"}
    files = {
        k: (f"{k}.csv", (EXAMPLES / f"{k}.csv").read_bytes(), "text/csv")
        for k in ("students", "companies", "places")
    }
    report = web.post("/bureau/inlezen", files=files, headers=headers)
    assert report.status_code == 200, report.text
    assert "Alles is ingelezen" in report.text

    created = web.post(
        "/bureau/rondes",
        data={"name": "Najaar", "bpv_start": "2026-09-01", "csrf_token": token},
        follow_redirects=False,
    )
    assert created.status_code == 303
    round_url = created.headers["location"]
    round_id = int(round_url.rsplit("/", 1)[1])
    started = web.post(f"{round_url}/start", headers=headers)
    assert "<progress" in started.text
    assert "Bekijk de voorstellen" in _wait_solved(web, round_id)

    page = web.get(round_url).text
    assert "Voorstellen bekijken" in page
    assert "Verdeling van de scores" in page
    unplaced = web.get(f"{round_url}/voorstellen", params={"unplaced": "1"}).text
    everyone = web.get(f"{round_url}/voorstellen").text
    assert everyone.count("<tr id=") > unplaced.count("<tr id=")

    panel = web.get(f"{round_url}/voorstellen/s001").text
    assert "Waarom deze plek" in panel or "nog geen plek" in panel
    version = _held_version(web.get(round_url).text)
    accepted = web.post(
        f"{round_url}/voorstellen/s001/goedkeuren", data={"version": version}, headers=headers
    )
    assert "Goedgekeurd." in accepted.text, accepted.text

    stale = web.post(
        f"{round_url}/voorstellen/s002/goedkeuren", data={"version": version}, headers=headers
    )
    assert ERROR_IN_STATUS in stale.text  # someone changed the round in the meantime

    exported = web.get(f"{round_url}/export", params={"format": "csv"})
    assert exported.status_code == 200
    assert "s001" in exported.text

    version = _held_version(web.get(round_url).text)
    rerun = web.post(f"{round_url}/opnieuw", data={"version": version}, headers=headers)
    assert "<progress" in rerun.text
    _wait_solved(web, round_id)
    diff = web.get(f"{round_url}/verschil").text
    assert "Verschil tussen run 1 en run 2" in diff
    assert "Goedgekeurd" in web.get(f"{round_url}/voorstellen/s001").text  # kept in the re-run


def test_a_message_in_an_htmx_answer_is_escaped(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["bureau"])
    token = csrf_of(web.get("/bureau").text)
    made = web.post(
        "/bureau/rondes",
        data={"name": "R", "bpv_start": "2026-09-01", "csrf_token": token},
        follow_redirects=False,
    )
    round_url = made.headers["location"]
    web.post(f"{round_url}/start", headers={"X-CSRF-Token": token})
    _wait_solved(web, int(round_url.rsplit("/", 1)[1]))
    version = _held_version(web.get(round_url).text)
    moved = web.post(
        f"{round_url}/voorstellen/s001/verplaatsen",
        data={"version": version, "place_id": "<script>x</script>"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert "<script>x" not in moved.text
    assert ERROR_IN_STATUS in moved.text
