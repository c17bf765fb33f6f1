"""A company the student knows themself (issue 21 item 1; the eigen netwerk, H:1305).

Pure core. The student names a company (name and town; a contact and why are optional) on
their profile. It is a suggestion for the BPV-bureau, who checks the erkenning (SBB) and either
links it to a recognised company in the list ("erkend, toegevoegd als <id>") or says it cannot
host now, with a reason ("niet erkend"). The student reads the status in plain Dutch. Once
added, the company's places count as the student's own wish (``adapters.flows.favourites``).
A company never sees the suggestion: it is the student's and the school's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from matcher.errors import InvalidInputError
from matcher.text import is_hidden

NAME_MAX = 80
TOWN_MAX = 60
CONTACT_MAX = 120
WHY_MAX = 280
REASON_MAX = 280

NAME = "naam van het bedrijf"
TOWN = "plaats van het bedrijf"
CONTACT = "contactpersoon"
WHY = "waarom dit bedrijf"
REASON = "reden"
COMPANY_ID = "bedrijfscode"

FORM_FIELDS = {"bedrijf_naam": NAME, "bedrijf_plaats": TOWN, "bedrijf_contact": CONTACT,
               "bedrijf_waarom": WHY}  # fmt: skip
# Beyond letters, digits and spaces: what Dutch company names and towns use ('s-Hertogenbosch,
# Bergen (NH), Bakkerij & Zn., Sint-Oedenrode, Alphen a/d Rijn).
NAME_MARKS = frozenset("&.,-'’()/+!?:\"")
TOWN_MARKS = frozenset("-'’.()/")


class Status(StrEnum):
    """Where the bureau's check stands."""

    OPEN = "open"  # the bureau still has to look
    ADDED = "toegevoegd"  # erkend, and linked to a company in the list
    REFUSED = "niet_erkend"  # cannot host a BPV now, with a reason


class Choice(StrEnum):
    """What the bureau decides on the form."""

    LINK = "koppelen"  # erkend: an existing company in the list
    NEW = "nieuw"  # erkend: add it as a new company (through the company-creation path)
    REFUSE = "niet_erkend"


@dataclass(frozen=True, slots=True)
class KnownCompany:
    """What the student wrote about the company, as written."""

    name: str
    town: str
    contact: str = ""
    why: str = ""

    def same_company(self, other: KnownCompany | None) -> bool:
        """The same name and town (case and spacing aside): a decision about it still holds."""
        return other is not None and _key(self.name, self.town) == _key(other.name, other.town)


@dataclass(frozen=True, slots=True)
class Decision:
    """The bureau's decision: erkend and linked to ``company_id``, or refused with a reason."""

    status: Status
    company_id: str | None = None
    reason: str = ""

    @property
    def record(self) -> str:
        """The decision as the bureau's list records it."""
        if self.status is Status.ADDED:
            return f"erkend, toegevoegd als {self.company_id}"
        if self.status is Status.REFUSED:
            return f"niet erkend: {self.reason}"
        return "nog niet besloten"


def status_text(status: Status, reason: str = "") -> str:
    """What the student reads about their suggestion (B1, je-form)."""
    if status is Status.ADDED:
        return (
            "Dit bedrijf is toegevoegd. Heeft het een plek die bij je past? Dan telt die mee "
            "als jouw wens."
        )
    if status is Status.REFUSED:
        return f"Dit bedrijf kan nu geen BPV-plek bieden: {reason}"
    return "De school kijkt of dit bedrijf een erkend leerbedrijf is."


def _key(name: str, town: str) -> tuple[str, str]:
    return (" ".join(name.split()).casefold(), " ".join(town.split()).casefold())


def _clean(value: str, what: str, limit: int) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise InvalidInputError(
            f"Bij {what} staan {len(text)} tekens. Maak het korter: hoogstens {limit}.",
            field=what,
        )
    if any(is_hidden(ch) for ch in text):
        raise InvalidInputError(f"Bij {what} staan onzichtbare tekens. Haal ze weg.", field=what)
    return text


def _only(text: str, marks: frozenset[str], what: str, *, digits: bool) -> str:
    for ch in text:
        ok = ch.isalpha() or ch == " " or ch in marks or (digits and ch.isdigit())
        if not ok:
            allowed = (
                "letters, cijfers, spaties en leestekens zoals & . , - '"
                if digits
                else "letters, spaties, een streepje (-), een punt of een apostrof (')"
            )
            raise InvalidInputError(
                f"Bij {what} mag het teken {ch!r} niet. Gebruik alleen {allowed}.", field=what
            )
    return text


def parse_known_company(form: Mapping[str, Any]) -> KnownCompany | None:
    """The company from the profile form; None when all its fields are empty (no suggestion).

    A Dutch error naming the field when a value is wrong or the name or town is missing."""

    def one(name: str) -> str:
        value = form.get(name, "")
        return value if isinstance(value, str) else (str(value[0]) if value else "")

    name = _only(_clean(one("bedrijf_naam"), NAME, NAME_MAX), NAME_MARKS, NAME, digits=True)
    town = _only(_clean(one("bedrijf_plaats"), TOWN, TOWN_MAX), TOWN_MARKS, TOWN, digits=False)
    contact = _clean(one("bedrijf_contact"), CONTACT, CONTACT_MAX)
    why = _clean(one("bedrijf_waarom"), WHY, WHY_MAX)
    if not (name or town or contact or why):
        return None
    if not name:
        raise InvalidInputError(
            f"Vul de {NAME} in. Of maak alle vakjes bij 'Een bedrijf dat ik ken' leeg.",
            field=NAME,
        )
    if not town:
        raise InvalidInputError(
            f"Vul de {TOWN} in, bijvoorbeeld Utrecht. Zo weet school welk bedrijf je bedoelt.",
            field=TOWN,
        )
    return KnownCompany(name=name, town=town, contact=contact, why=why)


def parse_decision(
    form: Mapping[str, Any], recognised: Mapping[str, bool], *, new_company_id: str = ""
) -> Decision:
    """The bureau's decision from its form; a Dutch error naming the field when it cannot be.

    ``recognised`` says, per company id in the list, whether it is an erkend leerbedrijf; a
    suggestion is linked only to a recognised company. ``new_company_id`` is the id of the
    company just created for ``Choice.NEW`` (the caller creates it first, recognised)."""

    def one(name: str) -> str:
        value = form.get(name, "")
        return (value if isinstance(value, str) else (str(value[0]) if value else "")).strip()

    choice_text = one("besluit")
    choices = {c.value: c for c in Choice}
    if choice_text not in choices:
        raise InvalidInputError(
            "Kies wat je besluit: koppelen aan een bedrijf, toevoegen als nieuw bedrijf of "
            "niet erkend.",
            field="besluit",
        )
    choice = choices[choice_text]
    if choice is Choice.REFUSE:
        reason = _clean(one("reden"), REASON, REASON_MAX)
        if not reason:
            raise InvalidInputError(
                "Schrijf bij reden waarom dit bedrijf nu geen BPV-plek kan bieden. De student "
                "leest die reden.",
                field=REASON,
            )
        return Decision(Status.REFUSED, reason=reason)
    company_id = new_company_id if choice is Choice.NEW else one("bedrijf")
    if not company_id:
        raise InvalidInputError(
            f"Vul de {COMPANY_ID} in van het bedrijf in de lijst.", field=COMPANY_ID
        )
    if company_id not in recognised:
        raise InvalidInputError(
            f"Er is geen bedrijf met {COMPANY_ID} '{company_id[:40]}'. Controleer de code.",
            field=COMPANY_ID,
        )
    if not recognised[company_id]:
        raise InvalidInputError(
            f"Bedrijf '{company_id[:40]}' staat niet als erkend leerbedrijf in de lijst. Zet eerst "
            "de erkenning aan, of kies 'niet erkend'.",
            field=COMPANY_ID,
        )
    return Decision(Status.ADDED, company_id=company_id)


def likely_matches(
    suggestion: KnownCompany, companies: Mapping[str, str], *, limit: int = 5
) -> tuple[str, ...]:
    """Ids of companies in the list whose name looks like the suggested one (for the bureau).

    A company matches when every word of the shorter name is in the longer one."""
    wanted = set(_words(suggestion.name))
    found: list[tuple[int, str]] = []
    for company_id, name in companies.items():
        have = set(_words(name))
        if not wanted or not have:
            continue
        small, big = (wanted, have) if len(wanted) <= len(have) else (have, wanted)
        if small <= big:
            found.append((len(big - small), company_id))
    return tuple(company_id for _, company_id in sorted(found)[:limit])


def _words(name: str) -> list[str]:
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.casefold())
    return [w for w in cleaned.split() if len(w) > 1]
