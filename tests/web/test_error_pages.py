"""A person in a browser never gets JSON or a stack trace: errors on pages are Dutch pages;
the API keeps its JSON answers."""

from __future__ import annotations

import importlib

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from api.errors import PAGE_SECTIONS
from api.main import ROUTER_MODULES
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


def _sections(prefix: str) -> set[str]:
    """The first part of the address of every route in the modules starting with ``prefix``."""
    return {
        route.path.lstrip("/").split("/", 1)[0]
        for name in ROUTER_MODULES
        if name.startswith(prefix)
        for route in importlib.import_module(name).router.routes
    }


def test_the_web_page_sections_are_exactly_those_of_the_pages_and_none_of_the_api() -> None:
    assert _sections("api.web.") - {""} == PAGE_SECTIONS  # "" is the start page "/"
    assert not PAGE_SECTIONS & _sections("api.routes.")


@pytest.mark.parametrize("accept", ["text/html", "*/*", ""])
def test_an_unknown_address_among_the_pages_is_a_dutch_page(
    web: TestClient, accounts: dict[str, DemoAccount], accept: str
) -> None:
    log_in(web, accounts["student"])
    for path in ("/student/bestaat-niet", "/bureau/bestaat/niet"):
        response = web.get(path, headers={"accept": accept})
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html"), (path, accept)
        assert "Deze pagina bestaat niet. Kijk of het adres goed is." in response.text
        assert "Not Found" not in response.text
        assert problems(response.text) == []


def test_an_api_client_keeps_json_for_an_unknown_address(web: TestClient) -> None:
    asked = web.get("/student/bestaat-niet", headers={"accept": "application/json"})
    assert asked.status_code == 404
    assert asked.json() == {"detail": "Not Found"}
    api = web.get("/rounds/1/bestaat-niet", headers={"accept": "*/*"})  # an address of the API
    assert api.status_code == 404
    assert api.json() == {"detail": "Not Found"}
