"""The e-mails the service sends: one pure function per kind, data in, (subject, body) out.

Plain text, Dutch B1, je-form. An e-mail can be read by anyone who sees the inbox, so it never
holds a student's needs, health or support, nor a student's name for someone else: it says
that there is something new and links to the site, where the reader logs in and sees what
their role allows. The link is built from the site's base URL (a setting), never from a
request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from matcher.nl import and_list, number


class MessageKind(StrEnum):
    """Why an e-mail is sent (stored with every message in the outbox)."""

    ROUND_PUBLISHED = "round_published"
    KENNISMAKING_GEPLAND = "kennismaking_gepland"
    EVALUATIE_NODIG = "evaluatie_nodig"
    EVALUATIE_TE_LAAT = "evaluatie_te_laat"
    REMATCH_GESTART = "rematch_gestart"


KIND_LABELS: dict[MessageKind, str] = {
    MessageKind.ROUND_PUBLISHED: "Ronde gepubliceerd",
    MessageKind.KENNISMAKING_GEPLAND: "Kennismaking gepland",
    MessageKind.EVALUATIE_NODIG: "Evaluatie nodig",
    MessageKind.EVALUATIE_TE_LAAT: "Evaluatie te laat",
    MessageKind.REMATCH_GESTART: "Nieuwe plek zoeken gestart",
}


@dataclass(frozen=True, slots=True)
class Mail:
    """One e-mail's text."""

    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who reads it: the name on their account (may be empty) and the site's base URL."""

    display_name: str
    site_url: str

    def link(self, path: str) -> str:
        """The full address of a page of the site."""
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def greeting(self) -> str:
        """ "Hallo Sam," or "Hallo," without a name."""
        name = " ".join(self.display_name.split())
        return f"Hallo {name}," if name else "Hallo,"


_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_SIGNATURE = "Met vriendelijke groet,\nHet BPV-bureau"
_AUTOMATIC = "Dit bericht is automatisch verstuurd. Je kunt er niet op antwoorden."
_ASK_JOBCOACH = "Heb je een vraag? Stel die aan je jobcoach."  # to students: whom to ask


def dutch_date(day: date) -> str:
    """ "dinsdag 1 september 2026"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _body(to: Recipient, *paragraphs: str) -> str:
    return "\n\n".join((to.greeting, *paragraphs, _SIGNATURE, _AUTOMATIC)) + "\n"


def round_published_student(to: Recipient) -> Mail:
    """To a student whose place was approved in a published round."""
    return Mail(
        "Er is een BPV-plek voor je",
        _body(
            to,
            "Goed nieuws: je hebt een BPV-plek. Je hebt hem samen met school gekozen.",
            f"Log in om te zien welke plek het is en wat je nu kunt doen:\n{to.link('/student')}",
            _ASK_JOBCOACH,
        ),
    )


def round_published_company(to: Recipient, *, students: int) -> Mail:
    """To a company account with ``students`` approved students in a published round."""
    who = "1 student" if students == 1 else f"{number(students)} studenten"
    return Mail(
        "Er zijn BPV-studenten voor jullie",
        _body(
            to,
            f"Goed nieuws: {who} kan bij jullie een BPV doen.",
            f"Log in om te zien wie het zijn en wat de volgende stap is:\n{to.link('/bedrijf')}",
        ),
    )


def kennismaking_gepland(
    to: Recipient, *, on: date, going_along: tuple[str, ...], path: str, student: bool
) -> Mail:
    """A kennismaking (the first meeting at the company) was planned on ``on``; to the student
    (``student``) or to the company. ``going_along`` are the roles that take part besides the
    student ("de jobcoach"), never names."""
    when = f"op {dutch_date(on)}"
    first = (
        f"Je kennismaking bij het leerbedrijf is gepland {when}. "
        "Dan maak je kennis en kijk je samen of de plek bij je past."
        if student
        else f"De kennismaking met een student is gepland {when}. "
        "Dan maken jullie kennis en kijken jullie samen of de plek past."
    )
    along = (f"Bij de kennismaking zijn ook: {and_list(going_along)}.",) if going_along else ()
    ask = (_ASK_JOBCOACH,) if student else ()
    return Mail(
        "Je kennismaking is gepland" if student else "Er is een kennismaking gepland",
        _body(to, first, *along, f"Log in om te zien waar en hoe laat:\n{to.link(path)}", *ask),
    )


def evaluatie_nodig(to: Recipient, *, on: date, path: str) -> Mail:
    """An evaluation of a running BPV is due on ``on``."""
    return Mail(
        "Er staat een evaluatie gepland",
        _body(
            to,
            f"Op {dutch_date(on)} staat een evaluatie van een BPV gepland.",
            f"Log in om te zien welke het is:\n{to.link(path)}",
        ),
    )


def evaluatie_te_laat(to: Recipient, *, since: date, path: str) -> Mail:
    """An evaluation planned for ``since`` has not been recorded yet."""
    return Mail(
        "Een evaluatie is nog niet gedaan",
        _body(
            to,
            f"De evaluatie van {dutch_date(since)} is nog niet vastgelegd. "
            "Ook als alles goed gaat, is het goed om dat te noteren.",
            f"Log in om de evaluatie vast te leggen:\n{to.link(path)}",
        ),
    )


def rematch_gestart(to: Recipient, *, path: str, student: bool) -> Mail:
    """A search for a new place was started: to the student (``student``) or their jobcoach."""
    if student:
        return Mail(
            "We zoeken een nieuwe BPV-plek met je",
            _body(
                to,
                "We gaan samen met je op zoek naar een nieuwe BPV-plek. "
                "Je krijgt bericht als er een voorstel is.",
                f"Log in om te zien hoe het ervoor staat:\n{to.link(path)}",
                _ASK_JOBCOACH,
            ),
        )
    return Mail(
        "Er wordt een nieuwe BPV-plek gezocht",
        _body(
            to,
            "Voor een student die jij begeleidt, zoekt het BPV-bureau een nieuwe BPV-plek. "
            "Je krijgt bericht als er een voorstel is.",
            f"Log in om te zien om wie het gaat:\n{to.link(path)}",
        ),
    )
