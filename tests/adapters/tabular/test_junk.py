"""Whatever bytes arrive, the readers answer with data or an InvalidInputError, nothing else."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.tabular import Source, read_history, read_population
from matcher.errors import InvalidInputError
from tests.adapters.tabular.conftest import DictGeocoder, example, example_text

HEADER = example_text("students.csv").splitlines()[0]

names = st.sampled_from(["students.csv", "students.xlsx", "upload", "students.xls"])
junk = st.one_of(
    st.binary(max_size=400),
    st.binary(max_size=400).map(lambda b: b"PK\x03\x04" + b),
    st.text(max_size=300).map(lambda t: (HEADER + "\n" + t).encode("utf-8")),
    st.lists(st.text(alphabet=",;\n\"'ab1.-", max_size=30), max_size=10).map(
        lambda parts: (HEADER + "\n" + "".join(parts)).encode()
    ),
)


def _error_of(read: Callable[[], object]) -> InvalidInputError | None:
    """None when reading worked, the InvalidInputError when not; anything else propagates."""
    try:
        read()
    except InvalidInputError as error:
        return error
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, content=junk)
def test_junk_bytes_never_raise_anything_but_invalid_input(name: str, content: bytes) -> None:
    source = Source(name, content)
    error = _error_of(lambda: read_population(students=source, geocoder=DictGeocoder()))
    assert error is None or (error.issues and all(issue.reason for issue in error.issues))


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=200))
def test_junk_outcomes_never_raise_anything_but_invalid_input(content: bytes) -> None:
    error = _error_of(
        lambda: read_history(
            Source("outcomes.csv", content),
            example("history/students.csv"),
            example("history/companies.csv"),
            example("history/places.csv"),
            geocoder=DictGeocoder(),
        )
    )
    assert error is None or error.issues
