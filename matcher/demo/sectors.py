"""Sectors and EXAMPLE qualifications for demo data, with typical work characteristics per sector.

The qualification codes below are NOT real crebo codes. Real crebo codes are not available
offline, so every code here lies in the fictitious range 90001-90099 (sector k uses
90k1-90k9, counting k from 0) and the names are only close to real mbo qualifications. Do
not use these codes for anything but demonstrations and tests.

The work characteristics are assumptions for realistic test data (domain.md §9 gives no
distributions): load scales 1-5 as probabilities, shares of places with evening, night,
Saturday and Sunday work, the share that asks for a VOG (kinderopvang, zorg and beveiliging
always; domain.md C19) and typical weekly hours.
"""

from __future__ import annotations

from dataclasses import dataclass

EXAMPLE_CODES_NOTE = (
    "Voorbeeldcodes: de codes 90001-90099 zijn GEEN echte crebo-codes. "
    "Ze zijn verzonnen voor demonstratie en tests."
)


@dataclass(frozen=True, slots=True)
class Qualification:
    """An example qualification: fictitious code, Dutch name and its mbo level."""

    code: str
    name: str
    niveau: int
    sector: str


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector with its example qualifications and what work there typically asks."""

    key: str
    name: str
    student_share: float  # share of students in this sector (sums to 1 over SECTORS)
    qualifications: tuple[Qualification, ...]
    physical_load: tuple[float, float, float, float, float]  # P(load = 1..5)
    mental_load: tuple[float, float, float, float, float]
    evening_share: float
    night_share: float
    saturday_share: float
    sunday_share: float
    vog_share: float
    hours_min: tuple[int, int]  # range the place's minimum weekly hours is drawn from
    hours_max: tuple[int, int]
    quiet_workspace: tuple[float, float, float]  # P(yes, arrangeable, no)
    adjustable_workplace: tuple[float, float, float]
    predictable_share: float
    flexible_share: float
    wheelchair: tuple[float, float, float]  # P(yes, arrangeable, no) for the building
    name_words: tuple[str, ...]  # words for company names


def _quals(sector: str, base: int, items: tuple[tuple[str, int], ...]) -> tuple[Qualification, ...]:
    return tuple(
        Qualification(code=str(90000 + base + i + 1), name=name, niveau=niveau, sector=sector)
        for i, (name, niveau) in enumerate(items)
    )


SECTORS: tuple[Sector, ...] = (
    Sector(
        key="zorg",
        name="Zorg en welzijn",
        student_share=0.20,
        qualifications=_quals(
            "zorg",
            0,
            (
                ("Assistent dienstverlening en zorg", 1),
                ("Helpende zorg en welzijn", 2),
                ("Verzorgende IG", 3),
                ("Pedagogisch medewerker kinderopvang", 3),
                ("Begeleider gehandicaptenzorg", 3),
                ("Verpleegkundige", 4),
            ),
        ),
        physical_load=(0.05, 0.20, 0.40, 0.25, 0.10),
        mental_load=(0.02, 0.13, 0.35, 0.35, 0.15),
        evening_share=0.45,
        night_share=0.15,
        saturday_share=0.60,
        sunday_share=0.55,
        vog_share=1.0,
        hours_min=(16, 24),
        hours_max=(34, 38),
        quiet_workspace=(0.15, 0.35, 0.50),
        adjustable_workplace=(0.25, 0.40, 0.35),
        predictable_share=0.45,
        flexible_share=0.30,
        wheelchair=(0.55, 0.30, 0.15),
        name_words=("Zorggroep", "Woonzorg", "Kinderopvang", "Thuiszorg", "Zorgcentrum"),
    ),
    Sector(
        key="techniek",
        name="Techniek en installatie",
        student_share=0.13,
        qualifications=_quals(
            "techniek",
            10,
            (
                ("Assistent installatie- en constructietechniek", 1),
                ("Monteur elektrotechnische installaties", 2),
                ("Autotechnicus", 2),
                ("Eerste monteur installatietechniek", 3),
                ("Technicus engineering", 4),
            ),
        ),
        physical_load=(0.02, 0.13, 0.35, 0.35, 0.15),
        mental_load=(0.10, 0.30, 0.40, 0.15, 0.05),
        evening_share=0.05,
        night_share=0.02,
        saturday_share=0.15,
        sunday_share=0.02,
        vog_share=0.02,
        hours_min=(16, 32),
        hours_max=(36, 40),
        quiet_workspace=(0.20, 0.30, 0.50),
        adjustable_workplace=(0.15, 0.35, 0.50),
        predictable_share=0.55,
        flexible_share=0.20,
        wheelchair=(0.25, 0.30, 0.45),
        name_words=("Installatietechniek", "Autobedrijf", "Elektro", "Techniek", "Metaal"),
    ),
    Sector(
        key="bouw",
        name="Bouw en infra",
        student_share=0.08,
        qualifications=_quals(
            "bouw",
            20,
            (
                ("Assistent bouwen, wonen en onderhoud", 1),
                ("Timmerman", 2),
                ("Schilder", 2),
                ("Allround timmerman", 3),
                ("Middenkaderfunctionaris bouw", 4),
            ),
        ),
        physical_load=(0.0, 0.05, 0.20, 0.45, 0.30),
        mental_load=(0.10, 0.35, 0.40, 0.12, 0.03),
        evening_share=0.02,
        night_share=0.01,
        saturday_share=0.10,
        sunday_share=0.0,
        vog_share=0.02,
        hours_min=(24, 36),
        hours_max=(38, 40),
        quiet_workspace=(0.05, 0.15, 0.80),
        adjustable_workplace=(0.05, 0.20, 0.75),
        predictable_share=0.50,
        flexible_share=0.10,
        wheelchair=(0.10, 0.25, 0.65),
        name_words=("Bouwbedrijf", "Aannemersbedrijf", "Schildersbedrijf", "Timmerbedrijf"),
    ),
    Sector(
        key="logistiek",
        name="Transport en logistiek",
        student_share=0.08,
        qualifications=_quals(
            "logistiek",
            30,
            (
                ("Assistent logistiek", 1),
                ("Logistiek medewerker", 2),
                ("Chauffeur goederenvervoer", 2),
                ("Logistiek teamleider", 3),
                ("Logistiek supervisor", 4),
            ),
        ),
        physical_load=(0.02, 0.10, 0.30, 0.40, 0.18),
        mental_load=(0.10, 0.30, 0.40, 0.15, 0.05),
        evening_share=0.30,
        night_share=0.15,
        saturday_share=0.35,
        sunday_share=0.10,
        vog_share=0.05,
        hours_min=(16, 32),
        hours_max=(36, 40),
        quiet_workspace=(0.10, 0.25, 0.65),
        adjustable_workplace=(0.15, 0.35, 0.50),
        predictable_share=0.60,
        flexible_share=0.25,
        wheelchair=(0.35, 0.30, 0.35),
        name_words=("Logistiek", "Transport", "Distributiecentrum", "Koeriersdienst"),
    ),
    Sector(
        key="horeca",
        name="Horeca en bakkerij",
        student_share=0.10,
        qualifications=_quals(
            "horeca",
            40,
            (
                ("Assistent horeca, voeding of voedingsindustrie", 1),
                ("Kok", 2),
                ("Gastheer/gastvrouw", 2),
                ("Zelfstandig werkend kok", 3),
                ("Leidinggevende horeca", 4),
            ),
        ),
        physical_load=(0.02, 0.13, 0.40, 0.35, 0.10),
        mental_load=(0.02, 0.10, 0.35, 0.38, 0.15),
        evening_share=0.70,
        night_share=0.05,
        saturday_share=0.85,
        sunday_share=0.70,
        vog_share=0.02,
        hours_min=(12, 24),
        hours_max=(32, 40),
        quiet_workspace=(0.05, 0.15, 0.80),
        adjustable_workplace=(0.05, 0.25, 0.70),
        predictable_share=0.25,
        flexible_share=0.45,
        wheelchair=(0.35, 0.35, 0.30),
        name_words=("Restaurant", "Eetcafé", "Hotel", "Bakkerij", "Lunchroom"),
    ),
    Sector(
        key="handel",
        name="Handel en retail",
        student_share=0.12,
        qualifications=_quals(
            "handel",
            50,
            (
                ("Assistent verkoop/retail", 1),
                ("Verkoopmedewerker", 2),
                ("Eerste verkoper", 3),
                ("Manager retail", 4),
            ),
        ),
        physical_load=(0.05, 0.30, 0.45, 0.15, 0.05),
        mental_load=(0.05, 0.20, 0.45, 0.25, 0.05),
        evening_share=0.35,
        night_share=0.0,
        saturday_share=0.90,
        sunday_share=0.35,
        vog_share=0.03,
        hours_min=(12, 24),
        hours_max=(32, 40),
        quiet_workspace=(0.10, 0.25, 0.65),
        adjustable_workplace=(0.15, 0.35, 0.50),
        predictable_share=0.45,
        flexible_share=0.45,
        wheelchair=(0.55, 0.30, 0.15),
        name_words=("Supermarkt", "Bouwmarkt", "Modewinkel", "Drogisterij", "Tuincentrum"),
    ),
    Sector(
        key="ict",
        name="ICT en media",
        student_share=0.08,
        qualifications=_quals(
            "ict",
            60,
            (
                ("Medewerker ICT-support", 2),
                ("Expert IT systems and devices", 3),
                ("Mediavormgever", 4),
                ("Software developer", 4),
            ),
        ),
        physical_load=(0.45, 0.40, 0.12, 0.03, 0.0),
        mental_load=(0.05, 0.25, 0.45, 0.20, 0.05),
        evening_share=0.05,
        night_share=0.01,
        saturday_share=0.05,
        sunday_share=0.01,
        vog_share=0.05,
        hours_min=(16, 24),
        hours_max=(36, 40),
        quiet_workspace=(0.45, 0.35, 0.20),
        adjustable_workplace=(0.50, 0.35, 0.15),
        predictable_share=0.55,
        flexible_share=0.55,
        wheelchair=(0.60, 0.30, 0.10),
        name_words=("IT Services", "Webdesign", "Automatisering", "Systeembeheer"),
    ),
    Sector(
        key="economie",
        name="Economie en administratie",
        student_share=0.10,
        qualifications=_quals(
            "economie",
            70,
            (
                ("Medewerker secretariaat en receptie", 2),
                ("Medewerker financiële administratie", 3),
                ("Juridisch medewerker", 4),
                ("Office manager", 4),
            ),
        ),
        physical_load=(0.55, 0.35, 0.08, 0.02, 0.0),
        mental_load=(0.05, 0.25, 0.45, 0.20, 0.05),
        evening_share=0.02,
        night_share=0.0,
        saturday_share=0.02,
        sunday_share=0.0,
        vog_share=0.30,
        hours_min=(16, 24),
        hours_max=(36, 40),
        quiet_workspace=(0.45, 0.35, 0.20),
        adjustable_workplace=(0.55, 0.35, 0.10),
        predictable_share=0.70,
        flexible_share=0.50,
        wheelchair=(0.60, 0.30, 0.10),
        name_words=("Administratiekantoor", "Accountants", "Advocatenkantoor", "Gemeentewinkel"),
    ),
    Sector(
        key="groen",
        name="Groen, dier en natuur",
        student_share=0.06,
        qualifications=_quals(
            "groen",
            80,
            (
                ("Assistent plant, dier of groene ruimte", 1),
                ("Medewerker groene ruimte", 2),
                ("Medewerker dierverzorging", 2),
                ("Vakbekwaam hovenier", 3),
                ("Manager buitenruimte", 4),
            ),
        ),
        physical_load=(0.02, 0.08, 0.30, 0.40, 0.20),
        mental_load=(0.20, 0.40, 0.30, 0.08, 0.02),
        evening_share=0.05,
        night_share=0.0,
        saturday_share=0.25,
        sunday_share=0.15,
        vog_share=0.03,
        hours_min=(16, 32),
        hours_max=(36, 40),
        quiet_workspace=(0.30, 0.35, 0.35),
        adjustable_workplace=(0.05, 0.25, 0.70),
        predictable_share=0.55,
        flexible_share=0.25,
        wheelchair=(0.15, 0.30, 0.55),
        name_words=("Hoveniersbedrijf", "Kwekerij", "Dierenpension", "Zorgboerderij"),
    ),
    Sector(
        key="veiligheid",
        name="Veiligheid en facilitair",
        student_share=0.05,
        qualifications=_quals(
            "veiligheid",
            90,
            (
                ("Assistent dienstverlening facilitair", 1),
                ("Medewerker facilitaire dienstverlening", 2),
                ("Beveiliger", 2),
                ("Coördinator beveiliging", 3),
            ),
        ),
        physical_load=(0.05, 0.25, 0.45, 0.20, 0.05),
        mental_load=(0.05, 0.25, 0.40, 0.25, 0.05),
        evening_share=0.40,
        night_share=0.20,
        saturday_share=0.40,
        sunday_share=0.30,
        vog_share=0.60,
        hours_min=(16, 24),
        hours_max=(36, 40),
        quiet_workspace=(0.10, 0.30, 0.60),
        adjustable_workplace=(0.15, 0.35, 0.50),
        predictable_share=0.50,
        flexible_share=0.30,
        wheelchair=(0.45, 0.30, 0.25),
        name_words=("Beveiliging", "Facilitair", "Schoonmaakbedrijf", "Servicebedrijf"),
    ),
)

QUALIFICATIONS: tuple[Qualification, ...] = tuple(q for s in SECTORS for q in s.qualifications)
SECTOR_BY_KEY: dict[str, Sector] = {s.key: s for s in SECTORS}
