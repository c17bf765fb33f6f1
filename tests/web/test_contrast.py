"""Every colour pair the pages use meets WCAG 2.1 AA (issue 22, item 5), read from the files.

The pairs are a table tied to selectors: text on its background needs 4.5:1, graphics (borders
of fields, the focus ring, chart bars, map markers and lines) 3:1 against what is next to them.
The colours are read from site.css, print.css, Leaflet's stylesheet, the chart template and the
map scripts, so changing a colour in any of them is checked here; a selector that is renamed or
a colour rule that no pair covers fails too. axe-core cannot judge the chart's SVG text or items
it finds overlapped; this test does, by arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "api" / "web" / "static"
FILES = {
    "site": STATIC / "site.css",
    "print": STATIC / "print.css",
    "leaflet": STATIC / "vendor" / "leaflet" / "leaflet.css",
    "chart": ROOT / "api" / "web" / "templates" / "chart.html",
    "map": STATIC / "map.js",
    "layers": STATIC / "map_layers.js",
}
TEXT, GRAPHIC = 4.5, 3.0
FOCUS = "a:focus"  # one of the selectors of the focus rule (links, buttons, fields, the map)


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a colour is: a file, a selector (or a script's layer) and a property."""

    file: str
    selector: str
    prop: str


def site(selector: str, prop: str) -> Ref:
    return Ref("site", selector, prop)


PAGE = site("body", "background")
BOX = site(".vak", "background")  # forms, filters, charts, the review's boxes
MESSAGE = site(".melding", "background")
HEADER = site("header.kop", "background")
LAND = Ref("layers", "geoJSON", "fillColor")  # the provinces' fill: where markers are drawn
SEA = site("#kaart", "background")  # the map outside the land

# (what, foreground, background, minimum). A background with transparency is laid over the page,
# or over what BASE names.
PAIRS: list[tuple[str, Ref, Ref, float]] = [
    ("body text", site("body", "color"), PAGE, TEXT),
    ("text in a box", site("body", "color"), BOX, TEXT),
    ("text of a message", site("body", "color"), MESSAGE, TEXT),
    ("table header", site("body", "color"), site("thead th", "background"), TEXT),
    ("link", site("a", "color"), PAGE, TEXT),
    ("link in a box", site("a", "color"), BOX, TEXT),
    ("link in a message", site("a", "color"), MESSAGE, TEXT),
    ("skip link", site("a", "color"), site(".overslaan:focus", "background"), TEXT),
    ("header text", site("header.kop", "color"), HEADER, TEXT),
    ("header link", site("header.kop a", "color"), HEADER, TEXT),
    ("header button (log out)", site("header.kop button", "color"), HEADER, TEXT),
    ("button", site("button", "color"), site("button", "background"), TEXT),
    ("link as a button", site(".knop", "color"), site(".knop", "background"), TEXT),
    ("second button", site("button.tweede", "color"), site("button.tweede", "background"), TEXT),
    ("second link button", site(".knop.tweede", "color"), site(".knop.tweede", "background"), TEXT),
    ("text button in the table", site("button.link", "color"), PAGE, TEXT),
    ("error message", site(".melding.fout", "color"), MESSAGE, TEXT),
    ("success message", site(".melding.goed", "color"), MESSAGE, TEXT),
    ("form field text", site("input", "color"), site("input", "background"), TEXT),
    ("label 'goed'", site(".label-goed", "color"), PAGE, TEXT),
    ("label 'let op' (nog geen plek, opmerking)", site(".label-let-op", "color"), PAGE, TEXT),
    ("chart text", site("svg text", "fill"), BOX, TEXT),
    ("town name on land", site(".kaart-label span", "color"), LAND, TEXT),
    ("town name on sea", site(".kaart-label span", "color"), SEA, TEXT),
    ("province name on land", site(".kaart-label .kaart-provincie", "color"), LAND, TEXT),
    ("province name on sea", site(".kaart-label .kaart-provincie", "color"), SEA, TEXT),
    ("print text", Ref("print", "body", "color"), Ref("print", "body", "background"), TEXT),
    (
        "map zoom buttons",
        Ref("leaflet", ".leaflet-bar a", "color"),
        Ref("leaflet", ".leaflet-bar a", "background-color"),
        TEXT,
    ),
    (
        "map credits on sea",
        Ref("leaflet", ".leaflet-control-attribution", "color"),
        Ref("leaflet", ".leaflet-container .leaflet-control-attribution", "background"),
        TEXT,
    ),
    (
        "map tooltip",
        Ref("leaflet", ".leaflet-tooltip", "color"),
        Ref("leaflet", ".leaflet-tooltip", "background-color"),
        TEXT,
    ),
    # graphics: 3:1 against what is next to them (WCAG 1.4.11)
    ("form field border", site("input", "border"), PAGE, GRAPHIC),
    ("form field border in a box", site("input", "border"), BOX, GRAPHIC),
    ("button edge in a box", site("button", "border"), BOX, GRAPHIC),
    ("card border", site(".kaartje", "border"), PAGE, GRAPHIC),
    ("box around a choice", site("fieldset", "border"), PAGE, GRAPHIC),
    ("code badge border", site(".code", "border"), PAGE, GRAPHIC),
    ("table lines", site("th", "border-bottom"), PAGE, GRAPHIC),
    ("message bar", site(".melding", "border-left"), MESSAGE, GRAPHIC),
    ("error message bar", site(".melding.fout", "border-color"), MESSAGE, GRAPHIC),
    ("success message bar", site(".melding.goed", "border-color"), MESSAGE, GRAPHIC),
    ("progress bar", site("progress", "accent-color"), PAGE, GRAPHIC),
    ("icon", site(".pictogram", "color"), PAGE, GRAPHIC),
    ("focus ring on the page", site(FOCUS, "box-shadow"), PAGE, GRAPHIC),
    ("focus ring in a box", site(FOCUS, "box-shadow"), BOX, GRAPHIC),
    ("focus ring in the header", site(FOCUS, "outline"), HEADER, GRAPHIC),
    (
        "focus ring: yellow against its dark edge",
        site(FOCUS, "outline"),
        site(FOCUS, "box-shadow"),
        GRAPHIC,
    ),  # fmt: skip
    ("map border", site("#kaart", "border"), PAGE, GRAPHIC),
    ("chart bar", Ref("chart", "rect", "fill"), BOX, GRAPHIC),
    ("student on the map", Ref("map", "circleMarker", "color"), LAND, GRAPHIC),
    ("place on the map", Ref("map", "rectangle", "color"), LAND, GRAPHIC),
    ("proposal line on the map", Ref("map", "polyline", "color"), LAND, GRAPHIC),
    ("province border on land", Ref("layers", "geoJSON", "color"), LAND, GRAPHIC),
    ("province border on sea", Ref("layers", "geoJSON", "color"), SEA, GRAPHIC),
    (
        "print table lines",
        Ref("print", "th", "border"),
        Ref("print", "body", "background"),
        GRAPHIC,
    ),
]
BASE = {"map credits on sea": SEA}
# Rules of site.css that set a colour no pair needs: the variables, and the labels' white halo.
NOT_A_PAIR = {(":root", "*"), (".kaart-label span", "text-shadow")}
NAMED = {"black": "#000000", "white": "#ffffff"}

RGBA = tuple[float, float, float, float]


def _rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> property -> value; a later declaration wins, as in the browser. Rules inside
    @media blocks count as top-level ones (none of them sets a colour)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            k.strip(): v.strip() for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d)
        }
        for selector in selectors.split(","):
            found.setdefault(" ".join(selector.split()), {}).update(declarations)
    return found


def _script_value(script: str, layer: str, prop: str) -> str:
    """An option of a Leaflet layer made in a script: ``L.polyline(p, { color: "#..." })``,
    with the layer's ``opacity`` as an alpha (a line drawn at 60 % is paler than its colour)."""
    match = re.search(r"L\." + layer + r"\([^{]*\{([^}]*)\}", script)
    assert match, f"no L.{layer}(...) with options found"
    options = dict(re.findall(r"(\w+):\s*\"?([#\w.]+)\"?", match.group(1)))
    value = options[prop]
    opacity = options.get("opacity") if prop == "color" else None
    return f"{value} {opacity}" if opacity else value


def _rgba(value: str, variables: dict[str, str]) -> RGBA:
    """The colour in a CSS value ("2px solid var(--rand)", "#fff", "rgba(...)", "black")."""
    for _ in range(5):
        value = re.sub(r"var\(--([a-z-]+)\)", lambda m: variables[m.group(1)], value)
    if match := re.search(r"rgba?\(([^)]*)\)", value):
        parts = [float(p) for p in re.split(r"[,\s/]+", match.group(1).strip())]
        return parts[0] / 255, parts[1] / 255, parts[2] / 255, parts[3] if len(parts) > 3 else 1.0
    if match := re.search(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b(?:\s+([0-9.]+))?", value):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        alpha = float(match.group(2)) if match.group(2) else 1.0
        r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return r, g, b, alpha
    for name, hex_value in NAMED.items():
        if re.search(rf"\b{name}\b", value):
            return _rgba(hex_value, variables)
    raise AssertionError(f"no colour in {value!r}")


def _over(top: RGBA, below: RGBA) -> RGBA:
    """``top`` laid over an opaque ``below``."""
    a = top[3]
    r, g, b = (a * t + (1 - a) * u for t, u in zip(top[:3], below[:3], strict=True))
    return r, g, b, 1.0


def luminance(colour: RGBA) -> float:
    """WCAG 2.1 relative luminance of an opaque sRGB colour."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a: RGBA, b: RGBA) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class Colours:
    """The colours of the files' texts, looked up by ``Ref``."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.css = {k: _rules(texts[k]) for k in ("site", "print", "leaflet")}
        root = self.css["site"][":root"]
        self.variables = {k[2:]: v for k, v in root.items() if k.startswith("--")}

    def value(self, ref: Ref) -> str:
        if ref.file in self.css:
            rules = self.css[ref.file]
            assert ref.selector in rules, f"{ref.file}: no rule for {ref.selector!r}"
            assert ref.prop in rules[ref.selector], f"{ref.file}: {ref.selector} has no {ref.prop}"
            return rules[ref.selector][ref.prop]
        if ref.file == "chart":
            found = re.search(r"<" + ref.selector + r"\b[^>]*\b" + ref.prop + r'="([^"]+)"',
                              self.texts["chart"])  # fmt: skip
            assert found, f"chart.html: no {ref.prop} on <{ref.selector}>"
            return found.group(1)
        return _script_value(self.texts[ref.file], ref.selector, ref.prop)

    def rgba(self, ref: Ref) -> RGBA:
        return _rgba(self.value(ref), self.variables)


def failures(texts: dict[str, str]) -> list[str]:
    """Every pair below its minimum, with its ratio."""
    colours = Colours(texts)
    page = colours.rgba(PAGE)
    found = []
    for what, fg, bg, minimum in PAIRS:
        base = _over(colours.rgba(BASE[what]), page) if what in BASE else page
        background = _over(colours.rgba(bg), base)
        got = ratio(_over(colours.rgba(fg), background), background)
        if got < minimum:
            found.append(f"{what}: {got:.2f}:1, needs {minimum}:1 ({fg} on {bg})")
    return found


def _texts() -> dict[str, str]:
    return {k: p.read_text(encoding="utf-8") for k, p in FILES.items()}


def test_every_colour_pair_meets_wcag_aa() -> None:
    assert failures(_texts()) == []


def uncovered(css: str) -> list[tuple[str, str]]:
    """Colour declarations of site.css that no pair checks, nor has the value of one it does
    (a selector of a shared rule like "input, select, textarea", or of the focus rule)."""
    rules = _rules(css)
    variables = {k[2:]: v for k, v in rules[":root"].items() if k.startswith("--")}
    covered = {(r.selector, r.prop) for _, fg, bg, _ in PAIRS for r in (fg, bg) if r.file == "site"}
    checked = {(p, rules[s][p]) for s, p in covered if p in rules.get(s, {})}
    return [
        (selector, prop)
        for selector, declarations in rules.items()
        for prop, value in declarations.items()
        if (selector, "*") not in NOT_A_PAIR
        and (selector, prop) not in NOT_A_PAIR
        and (selector, prop) not in covered
        and (prop, value) not in checked
        and _has_colour(value, variables)
    ]


def test_every_colour_rule_of_the_site_is_in_a_pair() -> None:
    """A new colour in site.css needs a pair in the table (or a reason it needs none)."""
    css = _texts()["site"]
    assert uncovered(css) == []
    assert uncovered(css + "\n.nieuw { color: var(--tekst); background: #eeeeee; }") == [
        (".nieuw", "background")
    ]


def _has_colour(value: str, variables: dict[str, str]) -> bool:
    try:
        _rgba(value, variables)
    except (AssertionError, KeyError):
        return False
    return True


@pytest.mark.parametrize(
    ("file", "old", "new", "pair"),
    [
        ("site", "--let-op: #8a4b00", "--let-op: #c98a3a", "label 'let op'"),
        ("site", "--focus: #ffbf47", "--focus: #3a3a3a", "focus ring: yellow"),
        ("site", "svg text { fill: var(--tekst)", "svg text { fill: #999999", "chart text"),
        ("chart", 'fill="#0b4f8a"', 'fill="#c0d0e0"', "chart bar"),
        ("map", 'color: "#1d6b35"', 'color: "#9fd0a9"', "place on the map"),
        ("map", "opacity: 0.8", "opacity: 0.3", "proposal line"),
        ("layers", 'fillColor: "#ffffff"', 'fillColor: "#0b4f8a"', "student on the map"),
    ],
)
def test_a_colour_too_pale_is_caught(file: str, old: str, new: str, pair: str) -> None:
    """The check bites: one colour changed in a file makes its pair fail."""
    texts = _texts()
    assert old in texts[file], (file, old)
    texts[file] = texts[file].replace(old, new)
    assert any(f.startswith(pair) for f in failures(texts)), failures(texts)


def test_the_contrast_arithmetic() -> None:
    """Known values: black on white 21:1, #767676 on white 4.54:1, the same colour 1:1."""
    white, black = _rgba("#fff", {}), _rgba("black", {})
    assert ratio(black, white) == pytest.approx(21.0)
    assert ratio(_rgba("#767676", {}), white) == pytest.approx(4.54, abs=0.01)
    assert ratio(white, white) == 1.0
    assert _over(_rgba("rgba(0, 0, 0, 0.5)", {}), white)[0] == pytest.approx(0.5)
