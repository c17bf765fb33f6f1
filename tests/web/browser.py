"""Headless Chromium for the end-to-end tests: Debian's chromium driven by playwright.

Never downloads a browser. Without chromium or playwright the tests skip, unless
MATCHER_REQUIRE_SERVICES=1 (CI): then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import uvicorn
from fastapi import FastAPI

from tests.conftest import service_unavailable

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts" / "screenshots"  # kept by CI as test artifacts
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"  # the ones the README shows
# `make screenshots` refreshes the README's pictures; a plain test run leaves docs/ alone.
UPDATE_DOCS = os.environ.get("UPDATE_SCREENSHOTS") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium, or skip/fail with the apt line to install it."""
    path = shutil.which("chromium")
    if path is None:
        service_unavailable("chromium is not installed (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        service_unavailable(
            "playwright is not installed (pip install playwright; no browser download)"
        )
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run the app on a free local port in a thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _new_page(browser: Any, *, width: int, height: int, mobile: bool) -> Any:
    if mobile:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


@contextmanager
def browser_page(*, width: int = 1280, height: int = 900, mobile: bool = False) -> Iterator[Any]:
    """A fresh headless Chromium page (a phone-sized one with ``mobile``)."""
    with browser_pages() as open_page:
        yield open_page(width=width, height=height, mobile=mobile)


@contextmanager
def browser_pages() -> Iterator[Callable[..., Any]]:
    """One headless Chromium for several people at once: each ``open_page(mobile=...)`` is a
    page in its own context (its own cookies), kept for the whole test; at the end every page
    is checked for CSP violations and by axe-core."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        watched: list[tuple[Any, list[str], list[str]]] = []

        def open_page(*, width: int = 1280, height: int = 900, mobile: bool = False) -> Any:
            page = _new_page(browser, width=width, height=height, mobile=mobile)
            watched.append((page, watch_for_csp_violations(page), watch_with_axe(page)))
            return page

        try:
            yield open_page
            for page, blocked, inaccessible in watched:
                inaccessible += axe_violations(page)
                assert blocked == [], f"the CSP blocked something on these pages: {blocked}"
                assert inaccessible == [], f"axe-core found WCAG A/AA violations: {inaccessible}"
        finally:
            browser.close()


# Logs each violation with the directive and the element, which the console message lacks.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 160) : "";
  console.log("csp-violation " + e.violatedDirective + " " + e.blockedURI + " " + where);
});
"""


class Login(NamedTuple):
    """An e-mail address and password that is not a demo account (a new user, a wrong try)."""

    email: str
    password: str


def log_in(page: Any, url: str, account: Any) -> None:
    """Log ``account`` (anything with ``email`` and ``password``) in on ``page`` of the site."""
    page.goto(f"{url}/login")
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def watch_for_csp_violations(page: Any) -> list[str]:
    """Collect what the Content-Security-Policy refused (Chromium says so in the console) and
    any script error; every browser test asserts the list stays empty."""
    found: list[str] = []
    page.add_init_script(CSP_REPORTER)  # injected by the browser tooling, not subject to the CSP

    def on_console(message: Any) -> None:
        text = message.text
        if text.startswith("csp-violation ") or "Content Security Policy" in text:
            found.append(f"{page.url}: {text[:300]}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"{page.url}: script error {error}"))
    return found


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_source() -> str:
    from axe_playwright_python import sync_playwright as axe_sync  # carries axe-core

    return (Path(axe_sync.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[str]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now; one line per violation.

    The source goes in through ``page.evaluate`` (the DevTools protocol), which the page's CSP
    does not govern, so no script-src exception is needed and the CSP watch stays strict."""
    if page.url.startswith("about:") or not page.url:
        return []
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;undefined")
    found = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r =>
          r.violations.map(v => v.id + " (" + v.impact + "): " +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))""",
        AXE_TAGS,
    )
    return [f"{page.url}: {v}" for v in found]


def watch_with_axe(page: Any) -> list[str]:
    """Check every page a test goes to: ``page.goto`` runs axe after the load, and
    ``browser_page`` runs it once more on the last state. Tests call ``axe_violations`` after
    an htmx swap they want checked (``assert_accessible``)."""
    found: list[str] = []
    goto = page.goto

    def checked_goto(url: str, **kwargs: Any) -> Any:
        response = goto(url, **kwargs)
        found.extend(axe_violations(page))
        return response

    page.goto = checked_goto
    return found


def assert_accessible(page: Any) -> None:
    """Fail now when axe-core finds a WCAG A/AA violation in the page's current state."""
    found = axe_violations(page)
    assert found == [], f"axe-core found WCAG A/AA violations: {found}"


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot as a test artifact (and as the README's copy with UPDATE_SCREENSHOTS=1)."""
    target = _artifact(name)
    page.screenshot(path=str(target), full_page=full_page)
    return _keep(target)


def element_screenshot(locator: Any, name: str) -> Path:
    """Like ``screenshot``, of one element (a panel, a form)."""
    target = _artifact(name)
    locator.screenshot(path=str(target))
    return _keep(target)


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def _keep(target: Path) -> Path:
    if UPDATE_DOCS:
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, DOCS_SCREENSHOTS / target.name)
    return target
