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

MAX_ID_LENGTH = 64
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
ID_EXAMPLE = "s001, c01 of bedrijf-12"

# C0 and C1 control characters (tab and line breaks too: a name is one line), the Unicode line
# and paragraph separators, bidi embeddings, overrides, isolates and marks, and zero-width
# characters (space, non-joiner, joiner, word joiner, byte order mark).
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\u200b-\u200d\u2060\ufeff]"
)


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
    found = INVISIBLE.search(text)
    if found is None:
        return None
    return (
        f"bevat een onzichtbaar teken (U+{ord(found.group()):04X}), zoals een stuurteken, een "
        "teken dat de leesrichting omdraait of een spatie zonder breedte; typ de naam opnieuw "
        "zonder te kopiëren en plakken"
    )


def show_hidden(text: str) -> str:
    """``text`` with each hidden character written out as ``[U+202E]``, for an error report that
    shows the value (so the character is seen and does not turn the report around)."""
    return INVISIBLE.sub(lambda found: f"[U+{ord(found.group()):04X}]", text)
