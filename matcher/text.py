"""Character rules for ids and names (pure): what may be stored and shown on every page.

An id (student, company, place) is a short code of letters, digits, ``-``, ``_`` and ``.``
that starts with a letter or a digit: it goes into URLs, HTML attributes, CSV cells and map
tooltips, so nothing in it can be read as markup, a path or a formula. A name is free text but
without control characters, bidi overrides or isolates (which turn the rest of a line around on
screen, e.g. ``U+202E``) and zero-width characters (which make two different names look the
same). The API schemas and the file import both use these rules, so a name or id refused in one
is refused in the other, with the same Dutch reason.
"""

from __future__ import annotations

import re
import unicodedata

MAX_ID_LENGTH = 64
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
ID_EXAMPLE = "s001, c01 of bedrijf-12"

# What a name may not hold: every character of the Unicode categories control (Cc: tab and line
# breaks too, a name is one line), format (Cf: bidi embeddings, overrides, isolates and marks,
# zero-width space, joiners, soft hyphen, invisible operators, tags), line and paragraph
# separator (Zl, Zp), private use (Co), surrogate (Cs) and unassigned (Cn); and the letters and
# marks that draw nothing (Hangul fillers, the combining grapheme joiner, Khmer inherent vowels,
# Mongolian free variation selectors, variation selectors). Two names that look the same on
# screen must be the same name.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
BLANK_DRAWN = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
    + list(range(0x180B, 0x1810))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)


def is_hidden(char: str) -> bool:
    """Whether one character is invisible or turns text around on screen."""
    return ord(char) in BLANK_DRAWN or unicodedata.category(char) in HIDDEN_CATEGORIES


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an id (a Dutch reason saying what to do), or None when it can."""
    if len(text) > MAX_ID_LENGTH:
        return f"is te lang ({len(text)} tekens); een code heeft hoogstens {MAX_ID_LENGTH} tekens"
    if not ID_PATTERN.fullmatch(text):
        return (
            "mag alleen letters (a-z, zonder accenten), cijfers, '-', '_' en '.' bevatten en "
            f"moet met een letter of cijfer beginnen, zoals {ID_EXAMPLE}; pas de code aan"
        )
    return None


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name (Dutch, with what to do), or None when it can."""
    found = next((char for char in text if is_hidden(char)), None)
    if found is None:
        return None
    return (
        f"bevat een onzichtbaar teken (U+{ord(found):04X}), zoals een stuurteken, een "
        "teken dat de leesrichting omdraait of een spatie zonder breedte; typ de naam opnieuw "
        "zonder te kopiëren en plakken"
    )


def show_hidden(text: str) -> str:
    """``text`` with each hidden character written out as ``[U+202E]``, for an error report that
    shows the value (so the character is seen and does not turn the report around)."""
    return "".join(f"[U+{ord(char):04X}]" if is_hidden(char) else char for char in text)
