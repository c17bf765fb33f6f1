"""Shared schema pieces: a page of items, an input issue, choices and domain-to-JSON values."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, field_validator
from pydantic_core import PydanticCustomError

from matcher.domain import GeoPoint
from matcher.text import MAX_ID_LENGTH, id_problem, name_problem

T = TypeVar("T")

# Invisible control characters (NUL above all: PostgreSQL cannot store it in text). Tab, line
# feed and carriage return are ordinary text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_REASON = "bevat een onzichtbaar stuurteken (zoals een nul-teken); typ de tekst opnieuw"


def refuse_control_characters(value: Any) -> Any:
    """The value unchanged, or a validation error when a text in it holds a control character."""
    texts = value if isinstance(value, list | tuple | set | frozenset) else [value]
    for text in texts:
        if isinstance(text, str) and CONTROL_CHARACTERS.search(text):
            raise PydanticCustomError("control_character", CONTROL_REASON)
    return value


def _safe_id(value: str) -> str:
    problem = id_problem(value)
    if problem is not None:
        raise PydanticCustomError("unsafe_id", problem)
    return value


def _safe_name(value: str) -> str:
    problem = name_problem(value)
    if problem is not None:
        raise PydanticCustomError("hidden_character", problem)
    return value


# A student, company or place id in the safe character set; a name without hidden characters
# (matcher.text: the same rules as the file import).
SafeId = Annotated[
    str,
    AfterValidator(_safe_id),
    Field(description=f"letters, cijfers, '-', '_' en '.', hoogstens {MAX_ID_LENGTH} tekens"),
]
SafeName = Annotated[str, AfterValidator(_safe_name)]


class CleanInput(BaseModel):
    """Base of everything that comes in: no control characters in text, no infinite numbers."""

    model_config = ConfigDict(allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return refuse_control_characters(value)


class Page(BaseModel, Generic[T]):
    """One page of a list: the items, how many match in total, and where this page starts."""

    items: list[T]
    total: int = Field(description="Aantal dat voldoet aan de filters (alle pagina's samen)")
    offset: int
    limit: int


class IssueOut(BaseModel):
    """One problem in the input: where it is and what to change (in Dutch)."""

    file: str
    row: int | None = None
    column: str | None = None
    reason: str
    value: str | None = None


class InputModel(CleanInput):
    """Base of request bodies: unknown fields are refused so a typo does not go unnoticed."""

    model_config = ConfigDict(extra="forbid")


def choice(kind: type[Enum], description: str = "") -> Any:
    """An optional text field that documents its closed vocabulary (checked like the import)."""
    values: list[JsonValue] = [str(member.value) for member in kind]
    return Field(default=None, description=description, json_schema_extra={"enum": values})


def plain(value: Any) -> Any:
    """A domain value as JSON: enums as their value, sets as sorted lists, dates as dates."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        items = [plain(v) for v in value]
        if value and isinstance(next(iter(value)), Enum):
            order = [m.value for m in type(next(iter(value)))]
            return sorted(items, key=order.index)
        return sorted(items)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value
    return value


def domain_fields(item: Any) -> dict[str, Any]:
    """A frozen domain dataclass as JSON-ready values; its location as lat, lon, precision."""
    out: dict[str, Any] = {}
    for name in item.__slots__:
        value = getattr(item, name)
        if isinstance(value, GeoPoint) or (name == "location" and value is None):
            out["lat"] = None if value is None else value.lat
            out["lon"] = None if value is None else value.lon
            out["precision"] = None if value is None else value.precision.value
        else:
            out[name] = plain(value)
    return out
