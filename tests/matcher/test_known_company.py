"""A company the student knows (eigen netwerk) in the core: the form, the bureau's decision,
the status the student reads, and which companies in the list look like it."""

from __future__ import annotations

import pytest

from matcher.errors import InvalidInputError
from matcher.known_company import (
    Decision,
    KnownCompany,
    Status,
    likely_matches,
    parse_decision,
    parse_known_company,
    status_text,
)

FORM = {
    "bedrijf_naam": "Bakkerij  Jansen & Zn.",
    "bedrijf_plaats": "'s-Hertogenbosch",
    "bedrijf_contact": "Mevrouw Jansen, 06-12345678",
    "bedrijf_waarom": "Mijn oom werkt daar.",
}


def test_the_form_gives_the_company_as_written() -> None:
    found = parse_known_company(FORM)
    assert found == KnownCompany(
        "Bakkerij Jansen & Zn.", "'s-Hertogenbosch", "Mevrouw Jansen, 06-12345678",
        "Mijn oom werkt daar.",
    )  # fmt: skip
    assert parse_known_company({"bedrijf_naam": "Zorg-Oost", "bedrijf_plaats": "Bergen (NH)"})
    assert parse_known_company({}) is None  # nothing written: no suggestion
    assert parse_known_company(dict.fromkeys(FORM, " ")) is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"bedrijf_naam": ""}, "naam van het bedrijf", "Vul de naam van het bedrijf in"),
        ({"bedrijf_plaats": ""}, "plaats van het bedrijf", "Vul de plaats van het bedrijf in"),
        ({"bedrijf_naam": "x" * 81}, "naam van het bedrijf", "81 tekens.*hoogstens 80"),
        ({"bedrijf_plaats": "Utrecht3"}, "plaats van het bedrijf", "mag het teken '3' niet"),
        ({"bedrijf_plaats": "<script>"}, "plaats van het bedrijf", "mag het teken '<' niet"),
        ({"bedrijf_naam": "Bakker <b>"}, "naam van het bedrijf", "mag het teken '<' niet"),
        ({"bedrijf_contact": "a\u200bb"}, "contactpersoon", "onzichtbare tekens"),
        ({"bedrijf_waarom": "x" * 281}, "waarom dit bedrijf", "hoogstens 280"),
    ],
)
def test_bad_input_is_refused_in_dutch_naming_the_field(
    changes: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as refused:
        parse_known_company({**FORM, **changes})
    assert refused.value.context["field"] == field
    assert field in refused.value.message


def test_only_another_name_or_town_is_another_company() -> None:
    first = KnownCompany("Bakkerij Jansen", "Utrecht", "", "")
    assert first.same_company(KnownCompany("bakkerij  JANSEN", "utrecht", "06", "Leuk"))
    assert not first.same_company(KnownCompany("Bakkerij Jansen", "Zeist"))
    assert not first.same_company(None)


RECOGNISED = {"c-1": True, "c-2": False}


def test_the_bureau_links_only_a_recognised_company_and_refuses_with_a_reason() -> None:
    linked = parse_decision({"besluit": "koppelen", "bedrijf": " c-1 "}, RECOGNISED)
    assert linked == Decision(Status.ADDED, company_id="c-1")
    assert linked.record == "erkend, toegevoegd als c-1"
    new = parse_decision({"besluit": "nieuw"}, {**RECOGNISED, "c-9": True}, new_company_id="c-9")
    assert new.company_id == "c-9"
    refused = parse_decision({"besluit": "niet_erkend", "reden": "Geen erkenning."}, RECOGNISED)
    assert refused == Decision(Status.REFUSED, reason="Geen erkenning.")
    assert refused.record == "niet erkend: Geen erkenning."


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "Kies wat je besluit"),
        ({"besluit": "misschien"}, "Kies wat je besluit"),
        ({"besluit": "koppelen"}, "Vul de bedrijfscode in"),
        ({"besluit": "koppelen", "bedrijf": "c-x"}, "geen bedrijf met bedrijfscode 'c-x'"),
        ({"besluit": "koppelen", "bedrijf": "c-2"}, "niet als erkend leerbedrijf"),
        ({"besluit": "niet_erkend", "reden": " "}, "Schrijf bij reden"),
        ({"besluit": "niet_erkend", "reden": "x" * 281}, "hoogstens 280"),
    ],
)
def test_a_decision_that_cannot_be_is_refused_in_dutch(form: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_decision(form, RECOGNISED)


def test_the_student_reads_the_status_in_plain_dutch() -> None:
    assert status_text(Status.OPEN) == "De school kijkt of dit bedrijf een erkend leerbedrijf is."
    assert status_text(Status.ADDED).startswith("Dit bedrijf is toegevoegd.")
    assert (
        status_text(Status.REFUSED, "Het bedrijf is te klein.")
        == "Dit bedrijf kan nu geen BPV-plek bieden: Het bedrijf is te klein."
    )


def test_likely_matches_are_companies_whose_name_words_all_match() -> None:
    companies = {
        "c-1": "Bakkerij Jansen",
        "c-2": "Bakkerij Jansen B.V.",
        "c-3": "Jansen Installatietechniek",
        "c-4": "Bakkerij de Vries",
    }
    found = likely_matches(KnownCompany("bakkerij jansen", "Utrecht"), companies)
    assert found == ("c-1", "c-2")  # the closest first
    assert likely_matches(KnownCompany("Albert Heijn", "Utrecht"), companies) == ()
