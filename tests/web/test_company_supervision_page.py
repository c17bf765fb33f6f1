"""The company's own page and the JSON show the same supervision hours as the round uses, and
the page says which number counts once the last praktijkopleider is gone."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from tests.web.test_praktijkopleiders import MEHMET, SANNE, _as, _budget, _rows


def _fallback(html: str) -> str | None:
    found = re.search(r'<span id="budget-profiel">([^<]+)</span>', html)
    return None if found is None else found.group(1)


def _json_hours(web: TestClient) -> float:
    body = web.get("/companies/c01").json()  # the company's own session may read itself
    return float(body["guidance_hours_per_week"])


def test_the_page_and_the_json_follow_the_people_and_name_the_profiles_number(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    token = _as(web, accounts["bedrijf"])
    page = web.get("/bedrijf").text
    assert (_budget(page), _fallback(page), _json_hours(web)) == ("4", None, 4.0)
    page = web.post("/bedrijf/praktijkopleiders", data={"csrf_token": token, **SANNE}).text
    page = web.post("/bedrijf/praktijkopleiders", data={"csrf_token": token, **MEHMET}).text
    assert _budget(page) == "6,5"
    assert _fallback(page) == (
        "Staat er niemand meer in de lijst? Dan gebruiken we weer het getal uit jullie "
        "profiel: 4 uur per week."
    )
    assert _json_hours(web) == 6.5
    for person in _rows(web):
        page = web.post(
            f"/bedrijf/praktijkopleiders/{person.person_id}/verwijderen",
            data={"csrf_token": token},
        ).text
    assert (_budget(page), _fallback(page), _json_hours(web)) == ("4", None, 4.0)
