"""The fixed lists of the BPV after the match: states, verdicts, reasons, signals, outcomes.

Every value has a stable code (stored, sent in the API) and a Dutch label in plain B1 (shown).
The reasons are short fixed lists so that the bureau can count them and the re-match can use
them; free text goes in a note (erasable), never in a code. The labels describe the situation,
never the student: no diagnoses, no blame (handbook H:1655-1660: "student en bedrijfscultuur
matchen niet, processen passen niet, overschatting").
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A code with a Dutch label in ``LABELS`` (a test checks that every code has one)."""

    @property
    def label(self) -> str:
        """The Dutch text people read."""
        return LABELS[type(self)][self.value]


LABELS: dict[type[Labelled], dict[str, str]] = {}


class BpvStatus(Labelled):
    """Where one BPV is in its life (handbook fase 2 to 4, H:1434-1456, H:1600-1680)."""

    VOORGESTELD = "voorgesteld"  # published and approved; no kennismaking planned yet
    KENNISMAKING_GEPLAND = "kennismaking_gepland"
    KENNISMAKING_GEHAD = "kennismaking_gehad"  # both sides said akkoord
    OVEREENKOMST_GETEKEND = "overeenkomst_getekend"
    GESTART = "gestart"
    AFGEROND = "afgerond"
    GESTOPT = "gestopt"  # stopped early, after the start
    ZOEKT_NIEUWE_PLEK = "zoekt_nieuwe_plek"  # ended before the start; the student is queued


LABELS[BpvStatus] = {
    "voorgesteld": "Voorgesteld",
    "kennismaking_gepland": "Kennismaking gepland",
    "kennismaking_gehad": "Kennismaking gehad",
    "overeenkomst_getekend": "Praktijkovereenkomst getekend",
    "gestart": "Gestart",
    "afgerond": "Afgerond",
    "gestopt": "Gestopt",
    "zoekt_nieuwe_plek": "Zoekt een nieuwe plek",
}

# A BPV in one of these states does not change any more.
ENDED: frozenset[BpvStatus] = frozenset(
    {BpvStatus.AFGEROND, BpvStatus.GESTOPT, BpvStatus.ZOEKT_NIEUWE_PLEK}
)
# The student works at the place: a re-match must leave these BPVs alone.
RUNNING: frozenset[BpvStatus] = frozenset({BpvStatus.GESTART})
# Proposed, not yet started: the place is held for the student.
PROPOSED: frozenset[BpvStatus] = frozenset(
    {
        BpvStatus.VOORGESTELD,
        BpvStatus.KENNISMAKING_GEPLAND,
        BpvStatus.KENNISMAKING_GEHAD,
        BpvStatus.OVEREENKOMST_GETEKEND,
    }
)


class Party(Labelled):
    """Who takes part in a kennismaking or an evaluation (H:1301, H:1447-1448, H:4288-4290)."""

    STUDENT = "student"
    BEGELEIDER = "begeleider"
    JOBCOACH = "jobcoach"
    PRAKTIJKOPLEIDER = "praktijkopleider"
    OUDER = "ouder"


LABELS[Party] = {
    "student": "De student",
    "begeleider": "De BPV-begeleider",
    "jobcoach": "De jobcoach",
    "praktijkopleider": "De praktijkopleider",
    "ouder": "Een ouder of verzorger",
}


class Side(Labelled):
    """The side that gives a verdict or ends a BPV."""

    STUDENT = "student"
    BEDRIJF = "bedrijf"
    SCHOOL = "school"


LABELS[Side] = {
    "student": "de student",
    "bedrijf": "het bedrijf",
    "school": "de school",
}


class Verdict(Labelled):
    """What a side says after the kennismaking."""

    AKKOORD = "akkoord"
    NIET_AKKOORD = "niet_akkoord"


LABELS[Verdict] = {
    "akkoord": "Akkoord",
    "niet_akkoord": "Niet akkoord",
}


class KennismakingReason(Labelled):
    """Why a side said "niet akkoord" after the kennismaking."""

    WERK_PAST_NIET = "werk_past_niet"
    BEGELEIDING_PAST_NIET = "begeleiding_past_niet"
    UREN_PASSEN_NIET = "uren_passen_niet"
    REISTIJD = "reistijd"
    GEEN_KLIK = "geen_klik"
    PLEK_NIET_VRIJ = "plek_niet_vrij"
    ANDERS = "anders"


LABELS[KennismakingReason] = {
    "werk_past_niet": "Het werk past nu niet bij wat de student wil leren",
    "begeleiding_past_niet": "De begeleiding past niet bij wat de student nodig heeft",
    "uren_passen_niet": "De dagen of uren passen niet",
    "reistijd": "De reis naar de plek is te lang of te lastig",
    "geen_klik": "Er was geen klik",
    "plek_niet_vrij": "De plek is niet meer vrij",
    "anders": "Een andere reden",
}


class StopReason(Labelled):
    """Why a BPV stopped early (domain.md fase 3, H:1655-1665)."""

    CULTUUR = "cultuur"
    WERKPROCESSEN = "werkprocessen"
    TE_VEEL_GEVRAAGD = "te_veel_gevraagd"
    NIEUWE_ONDERSTEUNINGSVRAAG = "nieuwe_ondersteuningsvraag"
    GEZONDHEID = "gezondheid"
    THUISSITUATIE = "thuissituatie"
    VEILIGHEID = "veiligheid"
    ERKENNING_INGETROKKEN = "erkenning_ingetrokken"
    ANDERS = "anders"


LABELS[StopReason] = {
    "cultuur": "Student en bedrijfscultuur passen niet bij elkaar",
    "werkprocessen": "De werkprocessen passen niet",
    "te_veel_gevraagd": "De BPV vraagt nu meer dan haalbaar is",
    "nieuwe_ondersteuningsvraag": "Er is een nieuwe vraag om ondersteuning",
    "gezondheid": "De gezondheid van de student vraagt nu om rust",
    "thuissituatie": "De thuissituatie vraagt nu aandacht",
    "veiligheid": "De werkplek is niet veilig genoeg",
    "erkenning_ingetrokken": "Het bedrijf is niet meer erkend als leerbedrijf",
    "anders": "Een andere reden",
}


class Outcome(Labelled):
    """How a BPV ended (domain.md fase 4, H:1819-1842)."""

    SUCCESVOL = "succesvol"
    NIET_SUCCESVOL = "niet_succesvol"
    AFGEBROKEN = "afgebroken"


LABELS[Outcome] = {
    "succesvol": "Succesvol afgerond",
    "niet_succesvol": "Niet succesvol afgerond",
    "afgebroken": "Afgebroken",
}


class OutcomeReason(Labelled):
    """Why a BPV ended without success."""

    LEERDOELEN_NOG_NIET = "leerdoelen_nog_niet"
    TE_WEINIG_UREN = "te_weinig_uren"
    BEGELEIDING = "begeleiding"
    ANDERS = "anders"


LABELS[OutcomeReason] = {
    "leerdoelen_nog_niet": "De leerdoelen zijn nog niet gehaald",
    "te_weinig_uren": "Er zijn nog te weinig uren gemaakt",
    "begeleiding": "De begeleiding was niet genoeg",
    "anders": "Een andere reden",
}


class Signal(Labelled):
    """A signal an evaluation can raise (H:2834-2842, H:1777-1780)."""

    VERZUIM = "verzuim"
    VERMOEIDHEID = "vermoeidheid"
    VEILIGHEID = "veiligheid"
    TE_WEINIG_BEGELEIDING = "te_weinig_begeleiding"


LABELS[Signal] = {
    "verzuim": "Verzuim",
    "vermoeidheid": "Vermoeidheid",
    "veiligheid": "Veiligheid",
    "te_weinig_begeleiding": "Te weinig begeleiding",
}


class Scale(Labelled):
    """The plain 1-5 scales of an evaluation; the strengths come first."""

    WAT_GAAT_GOED = "wat_gaat_goed"
    WERK = "werk"
    SAMENWERKEN = "samenwerken"
    LEREN = "leren"
    ENERGIE = "energie"


LABELS[Scale] = {
    "wat_gaat_goed": "Hoe goed gaat het in het algemeen?",
    "werk": "Hoe gaat het werk?",
    "samenwerken": "Hoe gaat het samenwerken?",
    "leren": "Hoe gaat het leren?",
    "energie": "Hoe is de energie na een werkdag?",
}

SCALE_MIN = 1
SCALE_MAX = 5


class RematchTrigger(Labelled):
    """Why a student entered the "zoekt een nieuwe plek" queue (H:4259-4262, H:1661)."""

    KENNISMAKING_NIET_AKKOORD = "kennismaking_niet_akkoord"
    GESTOPT = "gestopt"
    NIET_SUCCESVOL = "niet_succesvol"
    ERKENNING_INGETROKKEN = "erkenning_ingetrokken"
    PLEK_GEWEIGERD = "plek_geweigerd"  # the student said no before the kennismaking


LABELS[RematchTrigger] = {
    "kennismaking_niet_akkoord": "Na de kennismaking niet akkoord",
    "plek_geweigerd": "De student wil deze plek niet",
    "gestopt": "De BPV is eerder gestopt",
    "niet_succesvol": "De BPV is niet succesvol afgerond",
    "erkenning_ingetrokken": "Het bedrijf is niet meer erkend",
}
