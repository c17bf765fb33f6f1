"""Our own accessibility checks, only where axe-core does not look (stdlib HTML parser).

axe-core (WCAG 2.0/2.1 A and AA, ``tests/web/browser.py``) runs on every page and htmx state the
browser tests visit, so this checker keeps only what axe does not test:

- ``<html lang="nl">``: axe's ``html-has-lang`` and ``html-lang-valid`` accept any valid language;
  ours must be Dutch, or a screen reader reads the Dutch text with an English voice.
- exactly one ``h1`` on a page, and none in a fragment that htmx puts into a page that has its
  own: axe's ``page-has-heading-one`` is a best-practice rule (not in the WCAG tags we run) and
  only asks for at least one.

Dropped, because axe checks the same in the browser on the same pages: a ``<title>`` (axe
``document-title``), a label for every form control (``label``), ``alt`` on every image
(``image-alt``) and text on every button (``button-name``).
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "h1":
            self.h1 += 1


def problems(html: str, *, fragment: bool = False) -> list[str]:
    """Everything wrong with one page, or with a fragment htmx swaps into a page."""
    c = _Collector()
    c.feed(html)
    if fragment:
        return [f"het fragment heeft {c.h1} h1-koppen; de pagina heeft er al een"] if c.h1 else []
    found = []
    if c.lang != "nl":
        found.append(f'<html lang="nl"> ontbreekt (lang={c.lang!r})')
    if c.h1 != 1:
        found.append(f"de pagina heeft {c.h1} h1-koppen in plaats van 1")
    return found
