"""The e-mail texts: Dutch, je-form, a link to the site, and nothing about needs or health."""

from __future__ import annotations

import re
from datetime import date

import pytest

from matcher import messages
from matcher.messages import KIND_LABELS, Mail, MessageKind, Recipient, dutch_date

TO = Recipient("Sam de Vries", "https://plek.example.nl/")
ON = date(2026, 9, 1)
# words about needs, health or support that an e-mail must never carry
FORBIDDEN = re.compile(
    r"diagnose|autis|adhd|beperking|ziekte|gezondheid|ondersteuningsbehoefte|prikkel|"
    r"rolstoel|medicijn|belastbaar|\bu\b|\buw\b",
    re.IGNORECASE,
)


def every_mail() -> dict[str, Mail]:
    return {
        "student": messages.round_published_student(TO),
        "company": messages.round_published_company(TO, students=3),
        "kennismaking": messages.kennismaking_gepland(
            TO, on=ON, going_along=("de jobcoach",), path="/student", student=True
        ),
        "kennismaking-bedrijf": messages.kennismaking_gepland(
            TO, on=ON, going_along=(), path="/bedrijf", student=False
        ),
        "evaluatie": messages.evaluatie_nodig(TO, on=ON, path="/jobcoach"),
        "te-laat": messages.evaluatie_te_laat(TO, since=ON, path="/jobcoach"),
        "rematch": messages.rematch_gestart(TO, path="/student", student=True),
        "rematch-jobcoach": messages.rematch_gestart(TO, path="/jobcoach/bpv", student=False),
    }


@pytest.mark.parametrize("name", list(every_mail()))
def test_every_mail_greets_links_and_says_nothing_about_needs(name: str) -> None:
    mail = every_mail()[name]
    assert mail.subject
    assert "\n" not in mail.subject
    assert len(mail.subject) <= 60
    assert mail.body.startswith("Hallo Sam de Vries,\n\n")
    assert "https://plek.example.nl/" in mail.body
    assert "https://plek.example.nl//" not in mail.body  # one slash between base and path
    assert not FORBIDDEN.search(mail.subject + mail.body), FORBIDDEN.search(mail.body)
    assert "<" not in mail.body  # plain text
    assert mail.body.endswith("\n")


def test_the_student_mail_points_at_the_student_page_and_opens_with_good_news() -> None:
    mail = messages.round_published_student(TO)
    assert mail.subject == "Er is een BPV-plek voor je"
    assert "Goed nieuws" in mail.body.splitlines()[2]
    assert "https://plek.example.nl/student" in mail.body


def test_the_company_mail_counts_students_in_dutch() -> None:
    assert "1 student kan" in messages.round_published_company(TO, students=1).body
    assert "3 studenten kan" in messages.round_published_company(TO, students=3).body
    assert "1.250 studenten" in messages.round_published_company(TO, students=1250).body
    assert (
        "https://plek.example.nl/bedrijf" in messages.round_published_company(TO, students=2).body
    )


def test_a_recipient_without_a_name_is_greeted_plainly() -> None:
    mail = messages.round_published_student(Recipient("  ", "http://x"))
    assert mail.body.startswith("Hallo,\n")


def test_dates_are_dutch() -> None:
    assert dutch_date(date(2026, 9, 1)) == "dinsdag 1 september 2026"
    assert dutch_date(date(2027, 3, 14)) == "zondag 14 maart 2027"
    mail = messages.kennismaking_gepland(TO, on=ON, going_along=(), path="/", student=True)
    assert "dinsdag 1 september 2026" in mail.body


def test_the_kennismaking_mail_says_who_goes_along_in_plain_dutch() -> None:
    along = ("de jobcoach", "een ouder of verzorger")
    mail = messages.kennismaking_gepland(TO, on=ON, going_along=along, path="/s", student=True)
    assert "Bij de kennismaking zijn ook: de jobcoach en een ouder of verzorger." in mail.body
    three = messages.kennismaking_gepland(
        TO, on=ON, going_along=("a", "b", "c"), path="/b", student=False
    )
    assert "Bij de kennismaking zijn ook: a, b en c." in three.body
    alone = messages.kennismaking_gepland(TO, on=ON, going_along=(), path="/s", student=True)
    assert "zijn ook" not in alone.body


def test_every_kind_has_a_dutch_label() -> None:
    assert set(KIND_LABELS) == set(MessageKind)
