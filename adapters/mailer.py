"""Sending e-mail over SMTP (smtplib): one connection per batch, errors sorted into two kinds.

A *temporary* failure (no connection, a timeout, a 4xx answer, the server hanging up) means:
try again later. A *permanent* one (a 5xx answer about this message, such as an unknown
recipient) means: trying again will not help until someone looks. The outbox flow decides what
to do with each; this module only talks to the server.
"""

from __future__ import annotations

import smtplib
import ssl
from contextlib import suppress
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from types import TracebackType

from adapters import clock
from adapters.settings import Settings


class MailError(Exception):
    """A message could not be handed to the mail server."""

    def __init__(self, text: str, *, permanent: bool, connection_lost: bool = False) -> None:
        super().__init__(text)
        self.permanent = permanent
        self.connection_lost = connection_lost


@dataclass(frozen=True, slots=True)
class Envelope:
    """What to send, to whom."""

    to: str
    subject: str
    body: str


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{addr}: {code} {_text(msg)}" for addr, (code, msg) in exc.recipients.items()]
        return "ontvanger geweigerd: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}".strip()


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False  # our sender address: the set-up, not this message
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def classify(exc: BaseException, *, connection_lost: bool = False) -> MailError:
    """The MailError for an smtplib or socket error."""
    # smtplib's errors are OSErrors too; only a socket error or a hang-up ends the connection
    socket_error = isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)
    lost = connection_lost or socket_error or isinstance(exc, smtplib.SMTPServerDisconnected)
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 421:
        lost = True  # "service not available, closing channel"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        lost = True  # every other message would be refused as well: stop the batch
    return MailError(_describe(exc), permanent=_permanent(exc), connection_lost=lost)


class SmtpMailer:
    """An open connection to the mail server of the settings (use it as a context manager)."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ValueError("SMTP_HOST is not set")
        self._settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        """Connect, switch to TLS when asked, log in when a user is set."""
        s = self._settings
        try:
            smtp = smtplib.SMTP(s.smtp_host or "", s.smtp_port, timeout=s.smtp_timeout_s)
        except OSError as exc:  # no server, or one that refuses us: the set-up, not the message
            raise MailError(_describe(exc), permanent=False, connection_lost=True) from exc
        try:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password or "")
        except OSError as exc:
            with suppress(OSError):
                smtp.close()
            # a refused login or TLS is the set-up's problem, not the message's: try again
            raise MailError(_describe(exc), permanent=False, connection_lost=True) from exc
        self._smtp = smtp
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except OSError:
            with suppress(OSError):
                smtp.close()

    def send(self, envelope: Envelope) -> None:
        """Hand one message to the server; a MailError says why not."""
        if self._smtp is None:
            raise MailError("geen verbinding met de mailserver", permanent=False)
        message = EmailMessage()
        message["From"] = self._settings.smtp_from
        message["To"] = envelope.to
        message["Subject"] = envelope.subject
        message["Date"] = format_datetime(clock.now())
        domain = self._settings.smtp_from.rpartition("@")[2] or None
        message["Message-ID"] = make_msgid(domain=domain)
        message.set_content(envelope.body)
        try:
            self._smtp.send_message(message)
        except OSError as exc:
            raise classify(exc) from exc
