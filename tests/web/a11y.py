"""A small accessibility checker for our own pages (stdlib HTML parser; no external tool).

Checks: ``<html lang="nl">``, exactly one ``h1``, a label for every visible form control, ``alt``
on every image, text (or aria-label) on every button, and a ``<title>``.
"""

from __future__ import annotations

from html.parser import HTMLParser

CONTROLS = frozenset({"input", "select", "textarea"})
UNLABELLED_TYPES = frozenset({"hidden", "submit", "button", "reset", "image"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.h1 = 0
        self.title = ""
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.images_without_alt = 0
        self.buttons: list[str] = []
        self._label_depth = 0
        self._in_button = False
        self._button_text = ""
        self._button_aria = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        elif tag in CONTROLS and (a.get("type") or "") not in UNLABELLED_TYPES:
            self.controls.append({**a, "_wrapped": "1" if self._label_depth else None})
        elif tag == "img" and a.get("alt") is None:
            self.images_without_alt += 1
        elif tag == "button":
            self._in_button, self._button_text = True, ""
            self._button_aria = a.get("aria-label") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth = max(0, self._label_depth - 1)
        elif tag == "title":
            self._in_title = False
        elif tag == "button" and self._in_button:
            self.buttons.append((self._button_text + self._button_aria).strip())
            self._in_button = False

    def handle_data(self, data: str) -> None:
        if self._in_button:
            self._button_text += data
        if self._in_title:
            self.title += data


def problems(html: str, *, fragment: bool = False) -> list[str]:
    """Everything wrong with one page (a fragment skips the page-level checks)."""
    c = _Collector()
    c.feed(html)
    found = []
    if not fragment:
        if c.lang != "nl":
            found.append(f'<html lang="nl"> ontbreekt (lang={c.lang!r})')
        if c.h1 != 1:
            found.append(f"de pagina heeft {c.h1} h1-koppen in plaats van 1")
        if not c.title.strip():
            found.append("de pagina heeft geen titel")
    for control in c.controls:
        labelled = (
            control.get("_wrapped")
            or (control.get("id") and control["id"] in c.label_for)
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        if not labelled:
            found.append(f"invoerveld zonder label: {control.get('name') or control.get('id')}")
    if c.images_without_alt:
        found.append(f"{c.images_without_alt} afbeeldingen zonder alt")
    found += [f"knop zonder tekst ({i})" for i, text in enumerate(c.buttons) if not text]
    return found
