"""Property tests carry no wall-clock limit: a busy machine makes them slower, never wrong."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS = Path(__file__).parent
# A deadline ties a property's verdict to the machine's load. As a keyword argument (formatted
# without spaces, unlike a polling loop's ``deadline = time.monotonic() + 20``).
TIMED = re.compile(r"\bdeadline=(?!None\b)")


def test_the_loaded_profile_has_no_deadline() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


def test_no_test_sets_a_deadline_of_its_own() -> None:
    timed = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if TIMED.search(line)
    ]
    assert timed == []
