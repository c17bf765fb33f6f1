"""The e-mail outbox: queue a message with its event, send what is due, show it in beheer.

Queueing happens in the caller's transaction (``queue_round_published`` inside the publish
flow), so a rolled-back event leaves no message and a committed one always has its messages.
``send_due`` is the worker: it claims due messages under a lease (``outbox_queries.claim_due``),
commits the claim, talks to the mail server outside any transaction, and records each result
at once under its claim. A server that is away costs nothing but time: the message stays,
its attempt and error are recorded, and it is tried again after a wait that doubles per
failure (``MAIL_RETRY_S`` up to ``MAIL_RETRY_MAX_S``). Only a refusal of the message itself
(a 5xx answer) stops the automatic tries; beheer then sees the error and can try again.

Delivery is at least once: a sender that dies between the server's "ok" and recording it
leaves the message claimed, and after the lease another sender sends it again. A claimed
message is never sent by two senders at the same time.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from adapters import clock
from adapters.db import outbox_queries as q
from adapters.db.engine import session_scope
from adapters.mailer import Envelope, MailError, SmtpMailer
from adapters.privacy.access import Grant, require_role
from adapters.settings import Settings
from matcher import messages
from matcher.errors import ConflictError, InvalidInputError, NotFoundError
from matcher.messages import KIND_LABELS, MessageKind, Recipient
from matcher.privacy.vocabulary import Role

log = logging.getLogger(__name__)

NO_SENDER = (
    "SMTP_FROM is leeg: zet het afzenderadres van de e-mails. Er is niets verstuurd; "
    "de berichten wachten."
)
BATCH = 20  # messages per claim (and per connection to the server)
LIST_LIMIT = 500  # messages on the beheer page, newest first


# -- queueing (inside the event's transaction) ------------------------------------------------


def queue_round_published(session: Session, round_id: int, *, site_url: str) -> int:
    """One message per active account of a student with an approved place, and per active
    account of a company with approved students; the number queued. A student without an
    account gets none."""
    now = clock.now()
    queued = 0
    for to in q.approved_student_accounts(session, round_id):
        mail = messages.round_published_student(Recipient(to.display_name, site_url))
        q.add(session, to=to, kind=MessageKind.ROUND_PUBLISHED, mail=mail, now=now)
        queued += 1
    for to, students in q.approved_company_accounts(session, round_id):
        mail = messages.round_published_company(
            Recipient(to.display_name, site_url), students=students
        )
        q.add(session, to=to, kind=MessageKind.ROUND_PUBLISHED, mail=mail, now=now)
        queued += 1
    return queued


def queue(session: Session, to: q.AccountAddress, kind: MessageKind, mail: messages.Mail) -> None:
    """Queue one message in the caller's transaction (for the other kinds' events)."""
    q.add(session, to=to, kind=kind, mail=mail, now=clock.now())


# -- sending ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one pass of the sender did."""

    enabled: bool
    claimed: int = 0
    sent: int = 0
    failed: int = 0  # will be tried again
    stopped: int = 0  # refused for good; waits for beheer
    error: str | None = None  # why the server could not be reached at all

    def text(self) -> str:
        """The pass in Dutch, for the CLI."""
        if not self.enabled:
            return (
                "Versturen staat uit (SMTP_HOST is leeg). De berichten wachten in de lijst "
                "onder Beheer > Berichten."
            )
        if not self.claimed:
            return self.error or "Er waren geen berichten om te versturen."
        parts = [f"{self.sent} verstuurd"]
        if self.failed:
            parts.append(f"{self.failed} mislukt (wordt later opnieuw geprobeerd)")
        if self.stopped:
            parts.append(f"{self.stopped} geweigerd door de mailserver (zie Beheer > Berichten)")
        line = ", ".join(parts) + "."
        return f"{line} Reden: {self.error}" if self.error else line


def retry_delay(settings: Settings, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: MAIL_RETRY_S, doubled per try, capped."""
    exponent = min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(settings.mail_retry_s * 2**exponent, settings.mail_retry_max_s))


def lease_length(settings: Settings) -> timedelta:
    """How long a claim holds: enough for a whole batch at the server's slowest."""
    return timedelta(seconds=max(60.0, settings.smtp_timeout_s * (BATCH + 2)))


Connect = Callable[[Settings], SmtpMailer]


def send_due(
    engine: Engine, settings: Settings, *, limit: int = BATCH, connect: Connect = SmtpMailer
) -> SendReport:
    """Send the messages that are due, one claimed batch; nothing when SMTP_HOST is empty."""
    if not settings.smtp_host:
        return SendReport(enabled=False)
    if not settings.smtp_from.strip():
        return SendReport(enabled=True, error=NO_SENDER)
    token = uuid.uuid4().hex
    now = clock.now()
    with session_scope(engine) as session:
        claimed = q.claim_due(
            session, now=now, lease_until=now + lease_length(settings), token=token, limit=limit
        )
    if not claimed:
        return SendReport(enabled=True)
    sent = failed = stopped = 0
    error: str | None = None
    pending = list(claimed)
    try:
        with connect(settings) as mailer:
            while pending:
                message = pending[0]
                try:
                    mailer.send(Envelope(message.email, message.subject, message.body))
                except MailError as exc:
                    if exc.connection_lost:
                        raise
                    pending.pop(0)
                    _record_failure(engine, settings, message, token, exc)
                    stopped += exc.permanent
                    failed += not exc.permanent
                    continue
                pending.pop(0)
                with session_scope(engine) as session:
                    q.mark_sent(session, message.message_id, token=token, now=clock.now())
                sent += 1
    except MailError as exc:  # the server is away: every message not sent waits for a retry
        error = str(exc)
        log.warning("mail server unavailable, %s messages wait: %s", len(pending), exc)
        for message in pending:
            _record_failure(engine, settings, message, token, exc)
        failed += len(pending)
    return SendReport(True, len(claimed), sent, failed, stopped, error)


def _record_failure(
    engine: Engine, settings: Settings, message: q.Claimed, token: str, exc: MailError
) -> None:
    retry_at = None if exc.permanent else clock.now() + retry_delay(settings, message.attempts)
    with session_scope(engine) as session:
        q.mark_failed(session, message.message_id, token=token, error=str(exc), retry_at=retry_at)


# -- beheer -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxLine:
    """One message on the beheer page: recipient account, kind and how sending goes."""

    message_id: int
    account_name: str
    email: str
    kind: str
    kind_label: str
    created_at: datetime
    attempts: int
    state: str  # "sent", "waiting", "retrying", "stopped"
    state_label: str
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str | None

    @property
    def can_retry(self) -> bool:
        """Whether "Opnieuw proberen" does anything (not sent yet)."""
        return self.sent_at is None


_STATE_LABELS = {
    "sent": "Verstuurd",
    "waiting": "Wacht op versturen",
    "retrying": "Mislukt, wordt opnieuw geprobeerd",
    "stopped": "Geweigerd door de mailserver",
}


def _state(row: q.Listed) -> str:
    if row.sent_at is not None:
        return "sent"
    if row.next_attempt_at is None:
        return "stopped"
    return "retrying" if row.last_error else "waiting"


def _line(row: q.Listed) -> OutboxLine:
    state = _state(row)
    kind = MessageKind(row.kind)
    return OutboxLine(
        row.message_id, row.account_name, row.email, row.kind, KIND_LABELS[kind],
        row.created_at, row.attempts, state, _STATE_LABELS[state], row.next_attempt_at,
        row.sent_at, row.last_error,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class OutboxOverview:
    """The beheer page's content: counts and the newest messages."""

    lines: tuple[OutboxLine, ...]
    sent: int
    waiting: int
    stopped: int
    sending_enabled: bool


def outbox_overview(session: Session, grant: Grant, *, settings: Settings) -> OutboxOverview:
    """The outbox as beheer sees it: accounts and kinds, never a message's text."""
    require_role(grant, Role.ADMIN)
    counts = q.count_by_state(session)
    lines = tuple(_line(r) for r in q.list_messages(session, limit=LIST_LIMIT))
    return OutboxOverview(
        lines, counts["sent"], counts["waiting"], counts["stopped"], bool(settings.smtp_host)
    )


def parse_message_id(text: str) -> int:
    """A message number from a form; a Dutch error naming it otherwise."""
    value = text.strip()
    if not value.isdigit() or len(value) > 9:
        raise InvalidInputError(
            f"'{text}' is geen berichtnummer. Kies een bericht uit de lijst.", field="message_id"
        )
    return int(value)


def retry(session: Session, grant: Grant, message_id: int) -> None:
    """Make an unsent message due now; the caller commits."""
    require_role(grant, Role.ADMIN)
    if q.retry_now(session, message_id, now=clock.now()):
        return
    if q.was_sent(session, message_id):
        raise ConflictError(f"Bericht {message_id} is al verstuurd. Er is niets veranderd.")
    raise NotFoundError(f"Bericht {message_id} bestaat niet. Kies een bericht uit de lijst.")
