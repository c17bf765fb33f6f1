"""Praktijkopleiders make up the company's supervision budget; bad fields name themselves."""

from __future__ import annotations

from matcher.supervision import Praktijkopleider, SupportExperience, check, with_praktijkopleiders
from tests.matcher.examples import company


def _person(hours: float, experience: int, company_id: str = "c") -> Praktijkopleider:
    return Praktijkopleider(
        company_id, "Sanne", "sanne@bedrijf.nl", "", hours, SupportExperience(experience)
    )


def test_people_make_up_the_budget_and_the_best_experience_counts() -> None:
    c = company(guidance_hours_per_week=1.0, support_experience=None)
    seen = with_praktijkopleiders(c, [_person(2.5, 0), _person(4, 2), _person(9, 2, "other")])
    assert seen.guidance_hours_per_week == 6.5  # the other company's person does not count
    assert seen.support_experience == 2


def test_a_company_without_people_keeps_its_own_values() -> None:
    c = company(guidance_hours_per_week=3.0, support_experience=1)
    assert with_praktijkopleiders(c, []) is c
    assert with_praktijkopleiders(c, [_person(5, 2, "other")]) is c


def test_check_names_every_bad_field() -> None:
    issues = check("  ", "geen-mail", "12", 200, 5)
    columns = [i.column for i in issues]
    assert columns == ["naam", "e-mail", "telefoon", "uren per week", "ervaring"]
    assert "Vul de naam" in issues[0].reason
    assert "hoogstens 40" in issues[3].reason
    assert check("Sanne", "", "", 4, 1)[0].reason.startswith("Vul een e-mailadres of een")
    assert check("Sanne", "sanne@bedrijf.nl", "06 12345678", 4, 1) == []
    assert [i.column for i in check("Sanne", "", "06 12345678", -1, 0)] == ["uren per week"]


def test_hidden_characters_are_refused_and_shown() -> None:
    [issue] = check("Sanne\u202eeirV", "sanne@bedrijf.nl", "", 2, 1)
    assert issue.column == "naam"
    assert "onzichtbaar teken (U+202E)" in issue.reason
    assert issue.value == "Sanne[U+202E]eirV"
    [mail] = check("Sanne", "sanne\u200b@bedrijf.nl", "", 2, 1)
    assert mail.column == "e-mail"
    assert [i.column for i in check("S" * 101, "a@b.nl", "", 2, 1)] == ["naam"]
