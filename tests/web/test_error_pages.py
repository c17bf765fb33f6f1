"""A person in a browser never gets JSON or a stack trace: errors on pages are Dutch pages;
the API keeps its JSON answers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from tests.web.a11y import problems
from tests.web.conftest import log_in

HTML = {"accept": "text/html"}


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/bureau/rondes/999", 404, "Ronde 999 bestaat niet."),
        (f"/bureau/rondes/{10**30}", 404, f"Ronde {10**30} bestaat niet."),
        ("/bureau/rondes/999/voorstellen?offset=-5", 422, "offset is te klein"),
        ("/bureau/rondes/abc", 422, "round_id moet een heel getal zijn"),
    ],
)
def test_a_bad_address_on_a_page_gives_a_dutch_page(
    web: TestClient, accounts: dict[str, DemoAccount], path: str, status: int, message: str
) -> None:
    log_in(web, accounts["bureau"])
    response = web.get(path, headers=HTML)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "Dat lukt niet" in response.text
    assert message in response.text
    assert problems(response.text) == []
    fragment = web.get(path, headers={**HTML, "HX-Request": "true"})
    assert fragment.status_code == status
    assert fragment.text.startswith('<p class="melding fout" role="alert">')
    assert message in fragment.text


def test_an_unknown_address_gives_a_dutch_page_to_a_browser(web: TestClient) -> None:
    response = web.get("/bestaat-niet", headers=HTML)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text


def test_the_api_keeps_answering_in_json(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    log_in(web, accounts["bureau"])
    unknown = web.get("/bestaat-niet")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not Found"}
    bad = web.get("/rounds/abc", headers=HTML)  # an API route, even from a browser
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_input"
