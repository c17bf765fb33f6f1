"""Shared schema pieces: a page of items, an input issue, choices and domain-to-JSON values."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from matcher.domain import GeoPoint

T = TypeVar("T")


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


class InputModel(BaseModel):
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
