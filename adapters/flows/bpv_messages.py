"""The e-mails of the BPV after the match: kennismaking planned, evaluation due or overdue, and
a search for a new place started (issue 19, item 6).

Each message is queued in the outbox (``adapters/flows/outbox.py``) under a dedupe key that
names its event and recipient, so an event is queued exactly once: the kennismaking per
planning step (the BPV's version after the step), a re-match per stay in the queue (the queue
entry), a reminder per evaluation moment and kind. Running the reminder pass twice, or two
workers running it at once, queues nothing twice (the unique key decides).

Who gets what (only active accounts; an account is a person who can log in):

- kennismaking gepland: the student's own accounts and the company's accounts, with the date
  and the roles that take part (never names);
- evaluatie nodig: the student's jobcoach and BPV-begeleider (caseload), from
  ``BPV_REMINDER_DAYS_BEFORE`` days before a planned moment up to the day itself;
- evaluatie te laat: the same and the BPV-bureau, once a planned moment is more than
  ``BPV_OVERDUE_AFTER_DAYS`` days past with no evaluation recorded
  (``matcher.bpv.reminders``);
- nieuwe plek zoeken gestart: the student and their jobcoach.

An e-mail is not a safe channel: it holds the reader's own name, a date and a link to the site,
never the student's needs, health, reasons or notes, nor the student's name for someone else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from adapters import clock
from adapters.db import bpv_message_queries as mq
from adapters.db import bpv_queries as bq
from adapters.db.bpv_models import BpvRow, RematchEntryRow
from adapters.db.engine import session_scope
from adapters.db.outbox_queries import AccountAddress
from adapters.settings import Settings
from matcher import messages
from matcher.bpv.reminders import Reminder, Schedule, reminders
from matcher.bpv.vocabulary import RUNNING, Party
from matcher.messages import Mail, MessageKind, Recipient
from matcher.nl import number
from matcher.privacy.vocabulary import Role

STUDENT_PAGE = "/student"
COMPANY_PAGE = "/bedrijf"
BUREAU_PAGE = "/bureau/bpv"
# Roles that can take part in a kennismaking besides the student, as a sentence reads them.
_ALONG = (Party.JOBCOACH, Party.BEGELEIDER, Party.PRAKTIJKOPLEIDER, Party.OUDER)


def coach_page(bpv_id: int) -> str:
    """The jobcoach's and begeleider's page, at this BPV."""
    return f"/jobcoach/bpv#bpv-{bpv_id}"


def _queue(
    session: Session,
    to: Iterable[AccountAddress],
    kind: MessageKind,
    key: str,
    mail: Callable[[Recipient], Mail],
    site_url: str,
) -> int:
    """Queue ``mail`` to each account under ``key`` and the account; the number new."""
    now = clock.now()
    queued = 0
    for account in to:
        text = mail(Recipient(account.display_name, site_url))
        queued += mq.add_once(
            session, to=account, kind=kind, mail=text, now=now, key=f"{key}:{account.account_id}"
        )
    return queued


def _going_along(row: BpvRow) -> tuple[str, ...]:
    codes = set(row.kennismaking_with.split(";")) if row.kennismaking_with else set()
    labels = [p.label for p in _ALONG if p.value in codes]
    return tuple(label[:1].lower() + label[1:] for label in labels)


def queue_kennismaking(session: Session, bpv_id: int, *, site_url: str) -> int:
    """Queue the "kennismaking gepland" mails of the BPV's latest planning step (the planning
    flow calls this in its transaction); the number queued."""
    row = bq.get_bpv(session, bpv_id)
    if row.kennismaking_on is None:
        return 0
    on, along = row.kennismaking_on, _going_along(row)
    key = f"kennismaking:{bpv_id}:v{row.version}"
    kind = MessageKind.KENNISMAKING_GEPLAND
    queued = _queue(
        session, mq.student_accounts(session, row.student_id), kind, f"{key}:student",
        partial(
            messages.kennismaking_gepland, on=on, going_along=along, path=STUDENT_PAGE,
            student=True,
        ),
        site_url,
    )  # fmt: skip
    queued += _queue(
        session, mq.company_accounts(session, row.company_id), kind, f"{key}:bedrijf",
        partial(
            messages.kennismaking_gepland, on=on, going_along=along, path=COMPANY_PAGE,
            student=False,
        ),
        site_url,
    )  # fmt: skip
    return queued


def queue_rematch_started(
    session: Session, entries: Iterable[RematchEntryRow], *, site_url: str
) -> int:
    """Queue "nieuwe plek zoeken gestart" to each waiting student and their jobcoach, once per
    stay in the queue (the re-match flow calls this); the number queued."""
    queued = 0
    kind = MessageKind.REMATCH_GESTART
    for entry in entries:
        key = f"rematch:{entry.id}"
        queued += _queue(
            session, mq.student_accounts(session, entry.student_id), kind, f"{key}:student",
            partial(messages.rematch_gestart, path=STUDENT_PAGE, student=True), site_url,
        )  # fmt: skip
        page = coach_page(entry.bpv_id) if entry.bpv_id is not None else "/jobcoach/bpv"
        queued += _queue(
            session, mq.caseload_accounts(session, entry.student_id, (Role.JOBCOACH,)), kind,
            f"{key}:jobcoach",
            partial(messages.rematch_gestart, path=page, student=False),
            site_url,
        )  # fmt: skip
    return queued


# --- the reminder pass -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReminderReport:
    """What one reminder pass queued."""

    today: date
    due: int = 0  # "evaluatie nodig" messages queued
    overdue: int = 0  # "evaluatie te laat" messages queued

    def text(self) -> str:
        """The pass in Dutch, for the CLI."""
        if not (self.due or self.overdue):
            return f"Geen nieuwe herinneringen op {messages.dutch_date(self.today)}."
        return (
            f"Herinneringen op {messages.dutch_date(self.today)}: {number(self.due)} over een "
            f"evaluatie die eraan komt, {number(self.overdue)} over een evaluatie die te laat "
            "is. Ze staan klaar om te versturen."
        )


def schedule_of(settings: Settings) -> Schedule:
    """The reminder schedule from the settings."""
    return Schedule(settings.bpv_reminder_days_before, settings.bpv_overdue_after_days)


def queue_reminders(session: Session, *, today: date, settings: Settings) -> ReminderReport:
    """Queue the due and overdue evaluation mails of every running BPV for ``today`` in the
    caller's transaction. Safe to run as often as wanted: each is queued once."""
    schedule = schedule_of(settings)
    site = settings.site_url
    rows = bq.list_bpvs(session, statuses=RUNNING)
    held = mq.held_dates(session, [r.id for r in rows if r.id is not None])
    bureau: list[AccountAddress] | None = None
    due = overdue = 0
    for row in rows:
        assert row.id is not None
        planned = bq.to_domain(row).evaluations_planned
        found = reminders(planned, held.get(row.id, []), today=today, schedule=schedule)
        if not found:
            continue
        coaches = mq.caseload_accounts(session, row.student_id)
        page = coach_page(row.id)
        for reminder, moment in found:
            if reminder is Reminder.DUE:
                due += _queue(
                    session, coaches, MessageKind.EVALUATIE_NODIG,
                    f"evaluatie_nodig:{row.id}:{moment.isoformat()}",
                    partial(messages.evaluatie_nodig, on=moment, path=page),
                    site,
                )  # fmt: skip
                continue
            # one key for coaches and bureau: an account with both roles gets one mail
            key = f"evaluatie_te_laat:{row.id}:{moment.isoformat()}"
            overdue += _queue(
                session, coaches, MessageKind.EVALUATIE_TE_LAAT, key,
                partial(messages.evaluatie_te_laat, since=moment, path=page),
                site,
            )  # fmt: skip
            if bureau is None:
                bureau = mq.bureau_accounts(session)
            overdue += _queue(
                session, bureau, MessageKind.EVALUATIE_TE_LAAT, key,
                partial(messages.evaluatie_te_laat, since=moment, path=BUREAU_PAGE),
                site,
            )  # fmt: skip
    return ReminderReport(today, due, overdue)


def run_reminders(
    engine: Engine, settings: Settings, *, today: date | None = None
) -> ReminderReport:
    """One reminder pass in its own transaction (the worker's periodic job and the CLI)."""
    with session_scope(engine) as session:
        return queue_reminders(session, today=today or clock.today(), settings=settings)
