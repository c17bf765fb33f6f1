"""A student list filter with a postcode: geocode the postcode, then the SQL conditions.

The conditions themselves are built in ``adapters.db.profile_filters``; this flow only turns
the postcode into a point first, with a Dutch message when it cannot.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from adapters.db import profile_filters as sql
from adapters.db.profile_filters import StudentFilter
from adapters.geography import Geocoder
from adapters.tabular.values import BadValueError, parse_postcode
from matcher.domain import GeoPoint
from matcher.errors import InvalidInputError, Issue


def student_conditions(f: StudentFilter, geocoder: Geocoder) -> list[ColumnElement[bool]]:
    """SQL conditions for a student filter; its postcode (if any) must be one we can find."""
    centre = None if f.postcode is None else _locate(f.postcode, geocoder)
    return sql.student_conditions(f, centre)


def _locate(postcode: str, geocoder: Geocoder) -> GeoPoint:
    """The postcode's centre, or an InvalidInputError saying what to type instead."""
    try:
        point = geocoder.locate(parse_postcode(postcode.strip()))
    except BadValueError as problem:
        raise _bad_postcode(postcode, str(problem)) from None
    if point is None:
        raise _bad_postcode(postcode, "onbekende postcode; probeer de 4 cijfers, zoals 3811")
    return point


def _bad_postcode(postcode: str, reason: str) -> InvalidInputError:
    return InvalidInputError(
        f"Controleer de postcode: {reason}.",
        issues=[Issue("zoekvraag", None, "postcode", reason, postcode)],
    )
