"""A company's track record as a leerbedrijf: the BPVs it hosted, how they ended, what the
evaluations said, and whether it would host a student again (issue 19, item 4; H:1488).

Pure: it takes the records (``matcher.bpv.lifecycle.Bpv``) with the facts of their held
evaluations and counts. Only the bureau sees the result (the flow decides who may read it).

How a BPV counts:

- *hosted*: the student started at the company (``started_on`` set). A BPV that ended before
  the start (a "niet akkoord" after the kennismaking, a stop before day one, a withdrawn
  erkenning) is not hosted; it is counted apart as ``before_start``.
- *ended*: succesvol, niet succesvol (with its reason), afgebroken (stopped after the start,
  with the stop reason); *running*: started and not ended.
- *gestopt*: ended before the start, with the stop reason (or the kennismaking's: a side said
  "niet akkoord").
- *would host again*: the latest answer per BPV (a BPV with several evaluations counts once),
  so one long BPV does not outweigh the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from matcher.bpv.lifecycle import Bpv
from matcher.bpv.vocabulary import BpvStatus, Outcome, OutcomeReason, Signal, StopReason, Verdict

NIET_AKKOORD = "kennismaking_niet_akkoord"  # the reason code of a "gestopt" after a niet akkoord
REASON_LABELS = {NIET_AKKOORD: "Na de kennismaking niet akkoord", "onbekend": "Reden onbekend"}


@dataclass(frozen=True, slots=True)
class EvaluationFacts:
    """What the track record uses of one held evaluation (no free text, no scales)."""

    held_on: date
    signals: frozenset[Signal] = frozenset()
    would_host_again: bool | None = None


@dataclass(frozen=True, slots=True)
class Ending:
    """How many BPVs ended one way, and why (reason code -> count)."""

    count: int = 0
    reasons: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """One company's history as a leerbedrijf."""

    company_id: str
    hosted: int = 0  # BPVs that started here
    running: int = 0
    succesvol: int = 0
    niet_succesvol: Ending = field(default_factory=Ending)
    afgebroken: Ending = field(default_factory=Ending)
    gestopt: Ending = field(default_factory=Ending)  # ended before the start
    evaluations: int = 0
    signals: Mapping[str, int] = field(default_factory=dict)  # Signal code -> evaluations
    host_again_yes: int = 0  # BPVs whose latest answer was yes
    host_again_asked: int = 0  # BPVs with any answer

    @property
    def host_again_share(self) -> float | None:
        """Share of the asked BPVs whose company would host again (None: never asked)."""
        return self.host_again_yes / self.host_again_asked if self.host_again_asked else None


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def track_record(
    company_id: str, items: Iterable[tuple[Bpv, Sequence[EvaluationFacts]]]
) -> TrackRecord:
    """The record of one company from its BPVs (others in ``items`` are ignored)."""
    hosted = running = succesvol = evaluations = yes = asked = 0
    niet, afgebroken, gestopt, signals = (
        Counter[str](),
        Counter[str](),
        Counter[str](),
        Counter[str](),
    )
    for bpv, held in items:
        if bpv.company_id != company_id:
            continue
        evaluations += len(held)
        for e in held:
            signals.update(s.value for s in e.signals)
        answers = [
            e for e in sorted(held, key=lambda e: e.held_on) if e.would_host_again is not None
        ]
        if answers:
            asked += 1
            yes += bool(answers[-1].would_host_again)
        if bpv.started_on is None:
            if bpv.status is BpvStatus.ZOEKT_NIEUWE_PLEK:
                gestopt[_before_start_reason(bpv)] += 1
            continue
        hosted += 1
        if bpv.outcome is Outcome.SUCCESVOL:
            succesvol += 1
        elif bpv.outcome is Outcome.NIET_SUCCESVOL:
            niet[bpv.outcome_reason.value if bpv.outcome_reason else "onbekend"] += 1
        elif bpv.outcome is Outcome.AFGEBROKEN:
            afgebroken[bpv.stop_reason.value if bpv.stop_reason else "onbekend"] += 1
        elif bpv.status is BpvStatus.GESTART:
            running += 1
    return TrackRecord(
        company_id=company_id,
        hosted=hosted,
        running=running,
        succesvol=succesvol,
        niet_succesvol=Ending(sum(niet.values()), _sorted(niet)),
        afgebroken=Ending(sum(afgebroken.values()), _sorted(afgebroken)),
        gestopt=Ending(sum(gestopt.values()), _sorted(gestopt)),
        evaluations=evaluations,
        signals=_sorted(signals),
        host_again_yes=yes,
        host_again_asked=asked,
    )


def _before_start_reason(bpv: Bpv) -> str:
    if bpv.stop_reason is not None:
        return bpv.stop_reason.value
    if Verdict.NIET_AKKOORD in (bpv.student_verdict, bpv.company_verdict):
        return NIET_AKKOORD
    return "onbekend"


def track_records(
    items: Iterable[tuple[Bpv, Sequence[EvaluationFacts]]],
    company_ids: Iterable[str] = (),
) -> dict[str, TrackRecord]:
    """The record of every company in ``items`` and of ``company_ids`` (empty if no history)."""
    listed = list(items)
    wanted = sorted({b.company_id for b, _ in listed} | set(company_ids))
    by_company: dict[str, list[tuple[Bpv, Sequence[EvaluationFacts]]]] = {c: [] for c in wanted}
    for bpv, held in listed:
        by_company[bpv.company_id].append((bpv, held))
    return {c: track_record(c, by_company[c]) for c in wanted}


def _bpvs(n: int) -> str:
    return "1 BPV" if n == 1 else f"{n} BPV's"


def host_again_text(record: TrackRecord) -> str:
    """ "ja (2 van 2)", "nee (0 van 1)", "deels (1 van 2)" or "nog niet gevraagd"."""
    if not record.host_again_asked:
        return "nog niet gevraagd"
    yes, asked = record.host_again_yes, record.host_again_asked
    word = "ja" if yes == asked else "nee" if yes == 0 else "deels"
    return f"{word} ({yes} van {asked})"


def summary_text(record: TrackRecord) -> str:
    """One short Dutch line for the bureau, strengths first:
    "Eerder hier: 4 BPV's, 3 goed afgerond, 1 loopt nog, bedrijf wil weer: ja (2 van 2)"."""
    if not record.hosted and not record.gestopt.count:
        return "Eerder hier: nog geen BPV's. Bedrijf wil weer: " + host_again_text(record) + "."
    parts = [f"Eerder hier: {_bpvs(record.hosted)}"]
    if record.hosted:
        parts.append(f"{record.succesvol} goed afgerond")
    if record.running:
        parts.append(
            f"{record.running} loopt nog" if record.running == 1 else f"{record.running} lopen nog"
        )
    if record.niet_succesvol.count:
        parts.append(f"{record.niet_succesvol.count} niet succesvol")
    if record.afgebroken.count:
        parts.append(f"{record.afgebroken.count} afgebroken")
    if record.gestopt.count:
        parts.append(f"{record.gestopt.count} gestopt voor de start")
    parts.append(f"bedrijf wil weer: {host_again_text(record)}")
    return ", ".join(parts) + "."


def _reason_label(code: str) -> str:
    for kind in (StopReason, OutcomeReason):
        if code in kind._value2member_map_:
            return kind(code).label
    return REASON_LABELS.get(code, code)


def _counted(counts: Mapping[str, int], label: Callable[[str], str]) -> str:
    return "; ".join(f"{label(code)} ({n})" for code, n in counts.items())


def detail_lines(record: TrackRecord) -> list[str]:
    """The reasons and signals behind the summary, one Dutch line each (empty: nothing to add)."""
    lines = []
    for title, ending in (
        ("Niet succesvol", record.niet_succesvol),
        ("Afgebroken", record.afgebroken),
        ("Gestopt voor de start", record.gestopt),
    ):
        if ending.count:
            lines.append(f"{title}: {_counted(ending.reasons, _reason_label)}.")
    if record.evaluations:
        held = "1 evaluatie" if record.evaluations == 1 else f"{record.evaluations} evaluaties"
        signals = _counted(record.signals, lambda code: Signal(code).label)
        lines.append(f"{held}, signalen: {signals}." if signals else f"{held}, geen signalen.")
    return lines
