"""Every page passes our own accessibility checks (what axe-core does not test), and the checker
itself catches what it should."""

from __future__ import annotations

import re
import time
from pathlib import Path

from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from tests.web.a11y import problems
from tests.web.conftest import csrf_of, log_in

CSS = Path(__file__).resolve().parents[2] / "api" / "web" / "static" / "site.css"
# Text/background pairs the stylesheet uses (name of the text colour, name of the background).
PAIRS = [
    ("tekst", "achtergrond"),
    ("tekst", "vlak"),
    ("hoofd", "achtergrond"),
    ("hoofd", "vlak"),
    ("hoofd-tekst", "hoofd"),
    ("goed", "vlak"),
    ("goed", "achtergrond"),
    ("let-op", "achtergrond"),
    ("fout", "vlak"),
    ("fout", "achtergrond"),
]
# Focus ring and control borders are non-text: 3:1 is enough (WCAG 1.4.11).
NON_TEXT = [("rand", "achtergrond"), ("tekst", "focus")]


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_colour_pairs_meet_wcag_aa() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))
    for fg, bg in PAIRS:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    for fg, bg in NON_TEXT:
        assert contrast(colours[fg], colours[bg]) >= 3.0, (fg, bg)


def test_the_checker_finds_a_language_other_than_dutch_and_the_wrong_number_of_h1() -> None:
    """What axe-core does not check (tests/web/a11y.py); labels, alt and button text are axe's."""
    found = problems('<html lang="en"><title>x</title><h1>a</h1><h1>b</h1>')
    assert any("lang" in p for p in found)
    assert any("h1" in p for p in found)
    assert any("h1" in p for p in problems('<html lang="nl"><title>x</title><p>geen kop</p>'))
    assert problems("<section><h1>Nog een</h1></section>", fragment=True) != []
    assert problems('<html lang="nl"><title>x</title><h1>a</h1><p>tekst</p>') == []
    assert problems("<section><h2>Voorstel</h2></section>", fragment=True) == []


def _check(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    assert problems(response.text) == [], url


def test_every_page_passes_the_checker(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    _check(web, "/login")
    log_in(web, accounts["bureau"])
    token = csrf_of(web.get("/bureau").text)
    for url in ("/bureau", "/bureau/inlezen", "/jobcoach", "/jobcoach/studenten/s001"):
        _check(web, url)
    made = web.post(
        "/bureau/rondes",
        data={"name": "R", "bpv_start": "2026-09-01", "csrf_token": token},
        follow_redirects=False,
    )
    round_url = made.headers["location"]
    _check(web, round_url)  # a draft round
    web.post(f"{round_url}/start", headers={"X-CSRF-Token": token})
    deadline = time.monotonic() + 60
    while "Bekijk de voorstellen" not in web.get(f"{round_url}/voortgang").text:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    _check(web, round_url)  # the review page with table, charts and map
    panel = web.get(f"{round_url}/voorstellen/s001").text
    assert problems(panel, fragment=True) == []
    for name, url in (("student", "/student"), ("bedrijf", "/bedrijf")):
        web.cookies.clear()
        log_in(web, accounts[name])
        _check(web, url)
