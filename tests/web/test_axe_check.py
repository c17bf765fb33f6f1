"""The axe-core check of the browser tests finds real WCAG violations (it is not a no-op)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from tests.web.browser import axe_violations, browser_page, chromium_path, serve

pytestmark = pytest.mark.browser
BAD = "<!doctype html><html><head><title>x</title></head><body><img src='/x.png'></body></html>"
GOOD = (
    "<!doctype html><html lang='nl'><head><title>Goed</title></head><body><main>"
    "<h1>Goed</h1><img src='/x.png' alt='Een plaatje'></main></body></html>"
)


def _app() -> FastAPI:
    app = FastAPI()
    app.get("/fout", response_class=HTMLResponse)(lambda: BAD)
    app.get("/goed", response_class=HTMLResponse)(lambda: GOOD)
    return app


def test_a_page_with_violations_fails_the_browser_test_and_a_clean_page_passes() -> None:
    chromium_path()
    with serve(_app()) as url:
        with browser_page() as page:
            page.goto(f"{url}/goed")
            assert axe_violations(page) == []
        with (
            pytest.raises(AssertionError, match="image-alt") as failed,  # noqa: PT012
            browser_page() as page,
        ):
            page.goto(f"{url}/fout")
        assert "html-has-lang" in str(failed.value)
