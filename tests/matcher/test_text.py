"""The character rules for ids and names (issue 15, findings 2 and 11)."""

from __future__ import annotations

import pytest

from matcher.text import MAX_ID_LENGTH, id_problem, name_problem, show_hidden

# Every id the contract's examples and the demo data use, and a few more a school might have.
GOOD_IDS = [
    "s001",
    "c01",
    "p004",
    "hs0001",
    "hc0001",
    "hp00001",
    "S-2026_001.a",
    "12345678",
    "x" * MAX_ID_LENGTH,
]
BAD_IDS = ["", "<img src=x onerror=alert(1)>", "p 1", "p/1", "p\\1", "'p1'", '"p1"', "p1;",
           "é1", "-p1", ".p1", "_p1", "=1+1", "p1\u202e", "p1\u200b", "x" * (MAX_ID_LENGTH + 1),
           "p&amp;1", "p1\n"]  # fmt: skip
HIDDEN = ["\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
          "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
          "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060",
          "\ufeff",
          # found by the red-team pass: soft hyphen, grapheme joiner, tag letter, Hangul filler,
          # invisible operator, deprecated format, Mongolian vowel separator, musical format,
          # interlinear annotation, Hangul choseong filler, private use, unassigned
          "\u00ad", "\u034f", "\U000e0041", "\u3164", "\u2062", "\u206a", "\u180e",
          "\U0001d173", "\ufff9", "\u115f", "\ue000", "\U000e0100", "\ufe0f",
          "\U0010ffff"]  # fmt: skip


@pytest.mark.parametrize("ident", GOOD_IDS)
def test_ordinary_ids_are_allowed(ident: str) -> None:
    assert id_problem(ident) is None


@pytest.mark.parametrize("ident", BAD_IDS)
def test_ids_outside_the_safe_set_are_refused_with_what_to_do(ident: str) -> None:
    problem = id_problem(ident)
    assert problem is not None
    assert "pas de code aan" in problem or "hoogstens" in problem


GOOD_NAMES = [
    "Joshua",
    "Zoë O'Brien-de Vries",
    "Garage De Eem B.V.",
    "Ayşe Yılmaz",
    "Zorgcentrum \u201cHet Baken\u201d",
    "مريم",
    "Zoe\u0308 (decomposed)",
    "Nguyễn Văn An",
    "김민준",
    "Bakkerij & Zn\u00a0B.V.",
]


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_ordinary_names_are_allowed(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize("char", HIDDEN)
def test_names_with_hidden_or_direction_characters_are_refused(char: str) -> None:
    problem = name_problem(f"Jos{char}hua")
    assert problem is not None
    assert f"U+{ord(char):04X}" in problem
    assert "typ de naam opnieuw" in problem


def test_a_report_shows_hidden_characters_as_their_code() -> None:
    assert show_hidden("Jos\u202ehua\u200b") == "Jos[U+202E]hua[U+200B]"
    assert show_hidden("Zoë") == "Zoë"
