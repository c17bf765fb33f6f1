"""Places are named after their company; two places of one company are told apart. A student
reads plain names: never a crebo code, the days in full."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.domain import Day, Place, TaskKind
from matcher.labels import days_text, labels_for, place_label
from tests.factories import make_company, make_place

HOTEL = make_company("c1", name="Hotel Huisman")


def test_a_single_place_is_called_after_its_company() -> None:
    place = make_place("p1", "c1")
    assert place_label(place, HOTEL, [place]) == "Hotel Huisman"


def test_two_places_of_one_company_differ_by_hours_first() -> None:
    a = make_place("p1", "c1", hours_min=16.0, hours_max=24.0)
    b = make_place("p2", "c1", hours_min=32.0, hours_max=32.0)
    labels = labels_for([a, b], HOTEL)
    assert labels == {
        "p1": "Hotel Huisman (16 tot 24 uur per week)",
        "p2": "Hotel Huisman (32 uur per week)",
    }


def test_same_hours_then_the_days_tell_them_apart() -> None:
    a = make_place("p1", "c1", work_days=frozenset({Day.MA, Day.DI, Day.WO}))
    b = make_place("p2", "c1", work_days=frozenset({Day.ZA, Day.ZO}))
    labels = labels_for([a, b], HOTEL)
    assert labels["p1"] == "Hotel Huisman (ma tot en met wo)"
    assert labels["p2"] == "Hotel Huisman (za en zo)"


def test_identical_places_get_a_number_and_labels_are_always_distinct() -> None:
    places = [make_place(f"p{i}", "c1") for i in (3, 1, 2)]
    labels = labels_for(places, HOTEL)
    assert labels["p1"] == "Hotel Huisman (plek 1)"
    assert len(set(labels.values())) == 3
    three = [make_place("p1", "c1"), make_place("p2", "c1"), make_place("p3", "c1", hours_max=20)]
    assert len(set(labels_for(three, HOTEL).values())) == 3


def test_days_read_as_a_run_or_a_list() -> None:
    assert days_text(frozenset({Day.MA, Day.DI, Day.WO, Day.DO, Day.VR})) == "ma tot en met vr"
    assert days_text(frozenset({Day.MA, Day.WO})) == "ma en wo"


def test_days_in_full_for_students() -> None:
    week = frozenset(Day)
    assert days_text(week, full=True) == "maandag tot en met zondag"
    assert days_text(frozenset({Day.MA, Day.DI, Day.WO, Day.DO, Day.VR}), full=True) == (
        "maandag tot en met vrijdag"
    )
    assert days_text(frozenset({Day.MA, Day.WO, Day.VR}), full=True) == (
        "maandag, woensdag en vrijdag"
    )
    assert days_text(frozenset({Day.ZA, Day.ZO}), full=True) == "zaterdag en zondag"
    assert days_text(frozenset({Day.DI}), full=True) == "dinsdag"


def test_places_that_differ_only_in_crebo_never_show_the_code_to_a_student() -> None:
    a = make_place("p1", "c1", crebos=frozenset({"90011"}))
    b = make_place("p2", "c1", crebos=frozenset({"90013", "90014"}))
    staff = labels_for([a, b], HOTEL)
    assert staff == {
        "p1": "Hotel Huisman (opleiding 90011)",
        "p2": "Hotel Huisman (opleiding 90013, 90014)",
    }  # the bureau keeps the code that tells them the qualification
    plain = labels_for([a, b], HOTEL, plain=True)
    assert plain == {"p1": "Hotel Huisman (plek 1)", "p2": "Hotel Huisman (plek 2)"}
    assert place_label(b, HOTEL, [a, b], plain=True) == "Hotel Huisman (plek 2)"


def test_the_kinds_of_tasks_tell_places_apart_before_the_crebo() -> None:
    a = make_place("p1", "c1", tasks=frozenset({TaskKind.MENSEN}), crebos=frozenset({"90011"}))
    b = make_place(
        "p2", "c1", tasks=frozenset({TaskKind.HANDEN, TaskKind.BUITEN}),
        crebos=frozenset({"90013"}),
    )  # fmt: skip
    for plain in (False, True):
        assert labels_for([a, b], HOTEL, plain=plain) == {
            "p1": "Hotel Huisman (met mensen werken)",
            "p2": "Hotel Huisman (met mijn handen werken en buiten werken)",
        }


def test_a_place_without_known_tasks_is_not_named_by_an_empty_facet() -> None:
    a = make_place("p1", "c1", tasks=frozenset({TaskKind.DIEREN}))
    b = make_place("p2", "c1")  # tasks unknown
    labels = labels_for([a, b], HOTEL, plain=True)
    assert labels == {"p1": "Hotel Huisman (met dieren werken)", "p2": "Hotel Huisman (plek 2)"}
    assert "()" not in "".join(labels.values())


def test_a_student_reads_the_work_days_of_a_place_in_full() -> None:
    a = make_place("p1", "c1", work_days=frozenset({Day.MA, Day.DI, Day.WO}))
    b = make_place("p2", "c1", work_days=frozenset({Day.ZA, Day.ZO}))
    plain = labels_for([a, b], HOTEL, plain=True)
    assert plain == {
        "p1": "Hotel Huisman (maandag tot en met woensdag)",
        "p2": "Hotel Huisman (zaterdag en zondag)",
    }


NO_TASKS: frozenset[TaskKind] = frozenset()
PLACE_VARIANTS = st.builds(
    dict,
    hours_max=st.sampled_from([32.0, 24.0]),
    work_days=st.sampled_from([frozenset({Day.MA, Day.DI, Day.WO}), frozenset({Day.ZA})]),
    niveau_max=st.sampled_from([2, 4]),
    tasks=st.sampled_from([NO_TASKS, frozenset({TaskKind.MENSEN}), frozenset({TaskKind.DIEREN})]),
    crebos=st.sampled_from([frozenset({"90011"}), frozenset({"90013"})]),
    evening_work=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(variants=st.lists(PLACE_VARIANTS, min_size=1, max_size=8))
def test_labels_are_unique_within_a_company_and_plain_ones_have_no_code(
    variants: list[dict[str, object]],
) -> None:
    places: list[Place] = [
        make_place(f"p{i}", "c1", niveau_min=2, hours_min=24.0, **v)  # type: ignore[arg-type]
        for i, v in enumerate(variants)
    ]
    for plain in (False, True):
        labels = labels_for(places, HOTEL, plain=plain)
        assert len(set(labels.values())) == len(places), labels
        assert all(label.startswith("Hotel Huisman") for label in labels.values())
        if plain:
            text = " ".join(labels.values())
            assert not re.search(r"\b\d{5}\b|opleiding", text), labels
            assert not re.search(r"\b(ma|di|wo|do|vr|za|zo)\b", text), labels
