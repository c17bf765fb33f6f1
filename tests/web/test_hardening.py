"""Issue 15, findings 10 and 11: security headers and CSP, no inline script in any template,
the API documentation for staff only with its own assets, and the login form's CSRF token."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from adapters.settings import Settings
from api.main import create_app
from tests.web.conftest import log_in, login_token

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"
STAFF = ("bureau", "jobcoach", "begeleider", "beheer")
NOT_STAFF = ("student", "bedrijf")
DOCS = ("/docs", "/redoc", "/openapi.json")


def _directives(csp: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    return dict(parts)


def assert_hardened(headers: object, *, no_store: bool = True) -> None:
    """The security headers every answer carries (finding 10)."""
    h = headers  # httpx.Headers: case-insensitive
    csp = h["content-security-policy"]  # type: ignore[index]
    assert "unsafe-inline" not in csp, csp
    assert "unsafe-eval" not in csp, csp
    d = _directives(csp)
    assert d["default-src"] == "'self'"
    assert d["script-src"] == "'self'"
    assert d["style-src"] == "'self'"
    assert d["object-src"] == "'none'"
    assert d["base-uri"] == "'none'"
    assert d["frame-ancestors"] == "'none'"
    assert d["form-action"] == "'self'"
    assert h["x-frame-options"] == "DENY"  # type: ignore[index]
    assert h["x-content-type-options"] == "nosniff"  # type: ignore[index]
    assert h["referrer-policy"] in ("same-origin", "no-referrer")  # type: ignore[index]
    assert "strict-transport-security" not in h  # type: ignore[operator]  # plain http here
    if no_store:
        assert h["cache-control"] == "no-store"  # type: ignore[index]


def test_a_page_a_json_answer_and_error_pages_carry_the_security_headers(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    login = web.get("/login")
    assert "Inloggen" in login.text
    assert_hardened(login.headers)
    log_in(web, accounts["bureau"])
    page = web.get("/bureau")
    assert page.status_code == 200
    assert "<h1>" in page.text
    assert_hardened(page.headers)
    me = web.get("/me")
    assert me.json()["email"] == accounts["bureau"].email
    assert_hardened(me.headers)
    missing = web.get("/bestaat-niet", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert 'lang="nl"' in missing.text
    assert_hardened(missing.headers)
    refused = web.get("/student")  # the bureau is not a student: a Dutch 403 page
    assert refused.status_code == 403
    assert 'lang="nl"' in refused.text
    assert_hardened(refused.headers)
    static = web.get("/static/site.css")
    assert static.status_code == 200
    assert_hardened(static.headers, no_store=False)  # static files may be cached
    assert "no-store" not in static.headers.get("cache-control", "")


def test_an_unexpected_error_page_carries_them_too(web_settings: Settings) -> None:
    app = create_app(web_settings)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)  # outside Starlette's error middleware the headers still come
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.json()["detail"]
    assert_hardened(response.headers)


def test_hsts_only_over_https_as_told_by_a_trusted_proxy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    https = {"X-Forwarded-Proto": "https"}
    with TestClient(create_app(Settings(database_url=url))) as direct:
        assert "strict-transport-security" not in direct.get("/health", headers=https).headers
    behind = Settings(database_url=url, trusted_proxies="10.0.0.1, testclient")
    with TestClient(create_app(behind)) as proxied:
        assert "strict-transport-security" not in proxied.get("/health").headers
        hsts = proxied.get("/health", headers=https).headers["strict-transport-security"]
        assert hsts.startswith("max-age=")
        assert int(hsts.split("=")[1]) >= 180 * 24 * 3600


class _InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block in a template or page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name.lower(): value or "" for name, value in attrs}
        for name, value in named.items():
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")
            if name.startswith("hx-") and value.strip().startswith(("js:", "javascript:")):
                self.found.append(f"<{tag} {name}=js:...>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            data_block = named.get("type", "") == "application/json"
            self._in_inline_script = "src" not in named and not data_block

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")


def inline_code(html: str) -> list[str]:
    """Inline scripts, event handler attributes, style attributes and <style> blocks."""
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def test_the_parser_finds_what_the_csp_would_block() -> None:
    sample = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<script src="/static/a.js"></script><script type="application/json">{"a":1}</script>'
    )
    assert sorted(inline_code(sample)) == ["<p onclick=...>", "<p style=...>", "<script>alert(1)"]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_holds_inline_script_handlers_or_styles(template: str) -> None:
    assert inline_code((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_the_api_docs_are_refused_to_anonymous_visitors(web: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        response = web.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?terug={path}"
        assert "swagger" not in response.text.lower()
    schema = web.get("/openapi.json")
    assert schema.status_code == 401
    assert "paths" not in schema.json()
    assert "Log eerst in" in schema.json()["detail"]


@pytest.mark.parametrize("role", NOT_STAFF)
def test_the_api_docs_are_refused_to_students_and_companies(
    web: TestClient, accounts: dict[str, DemoAccount], role: str
) -> None:
    log_in(web, accounts[role])
    for path in DOCS:
        response = web.get(path, follow_redirects=False)
        assert response.status_code == 403, path
        assert "alleen voor medewerkers" in response.text
        assert "openapi" not in response.text.lower().replace("/openapi.json", "")


def _local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


@pytest.mark.parametrize("role", STAFF)
def test_staff_read_the_api_docs_from_the_apps_own_assets(
    web: TestClient, accounts: dict[str, DemoAccount], role: str
) -> None:
    log_in(web, accounts[role])
    schema = web.get("/openapi.json")
    assert schema.status_code == 200
    assert "/students" in schema.json()["paths"]
    assert_hardened(schema.headers)
    for path in ("/docs", "/redoc"):
        page = web.get(path)
        assert page.status_code == 200, path
        assert 'lang="nl"' in page.text
        assert "http://" not in page.text
        assert "https://" not in page.text
        assert inline_code(page.text) == []
        assets = _local_assets(page.text)
        assert assets
        assert all(a.startswith("/static/") for a in assets), assets
        for asset in assets:
            assert web.get(asset).status_code == 200, asset
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in web.get("/docs").text


def test_a_login_without_the_forms_token_is_refused_in_dutch(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    bureau = accounts["bureau"]
    data = {"email": bureau.email, "password": bureau.password}
    foreign = web.post("/login", data=data, follow_redirects=False)  # a foreign page's form
    assert foreign.status_code == 403
    assert "Het inlogformulier is verlopen of komt niet van deze site" in foreign.text
    assert "pp_session" not in foreign.headers.get("set-cookie", "")
    assert web.get("/bureau", follow_redirects=False).headers["location"].startswith("/login")
    # a token that belongs to another browser's cookie does not help either
    with TestClient(web.app) as other:
        stolen = login_token(other)
    web.cookies.clear()
    refused = web.post("/login", data={**data, "login_token": stolen}, follow_redirects=False)
    assert refused.status_code == 403
    assert log_in(web, bureau) == "/bureau"  # with its own form's token it works


def test_the_json_login_needs_json_and_no_foreign_origin(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    bureau = accounts["bureau"]
    body = f'{{"email": "{bureau.email}", "password": "{bureau.password}"}}'
    plain = web.post("/auth/login", content=body, headers={"Content-Type": "text/plain"})
    assert plain.status_code == 422
    assert "application/json" in plain.json()["detail"]
    bare = web.post("/auth/login", content=body.encode())  # a Blob without a type, no header
    assert bare.status_code == 422
    json_headers = {"Content-Type": "application/json"}
    evil = web.post(
        "/auth/login", content=body, headers={**json_headers, "Origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    assert "alleen vanaf deze site" in evil.json()["detail"]
    cross = web.post(
        "/auth/login", content=body, headers={**json_headers, "Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    assert "pp_session" not in web.cookies
    own = web.post(
        "/auth/login", content=body, headers={**json_headers, "Origin": "http://testserver"}
    )
    assert own.status_code == 200
    assert own.json()["account"]["email"] == bureau.email
    web.cookies.clear()  # a logged-in cookie would need the session's CSRF token
    script = web.post("/auth/login", json={"email": bureau.email, "password": bureau.password})
    assert script.status_code == 200  # scripts send no Origin
