"""Issue 21 item 7: what a student reads is plain Dutch: no crebo codes, the student chose the
place with school (school did not choose it for them). The VOG explanation is tested with the
other explanations (tests/matcher/scoring/test_explain.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from tests.web.conftest import log_in
from tests.web.test_bpv_pages import publish


def test_the_student_pages_have_no_codes_and_say_the_student_chose(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    publish(web.app.state.engine)  # type: ignore[attr-defined]
    log_in(web, accounts["student"])
    for url in ("/student", "/student/bpv"):
        html = web.get(url).text
        assert "crebo" not in html.lower(), url
        assert "voor jou gekozen" not in html, url
    assert "Je hebt hem samen met school gekozen" in web.get("/student").text
