"""Made-up but plausible Dutch person and company names, drawn from small fixed lists.

Own lists instead of Faker: deterministic across library versions and fast for 20,000 names.
"""

from __future__ import annotations

import numpy as np

FIRST_NAMES: tuple[str, ...] = (
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Noah", "Jesse", "Thijs", "Luuk",
    "Bram", "Mohamed", "Ayoub", "Yusuf", "Kevin", "Joshua", "Yorian", "Ricardo", "Stijn", "Niels",
    "Tim", "Ruben", "Mees", "Jayden", "Dylan", "Emma", "Julia", "Sophie", "Lotte", "Anna",
    "Tess", "Sara", "Fleur", "Lieke", "Noor", "Eva", "Zoë", "Fatima", "Amira", "Yasmina",
    "Marit", "Pien", "Razaw", "Rowina", "Chantal", "Kim", "Demi", "Britt", "Romy", "Iris",
    "Sanne", "Naomi", "Esra", "Merel", "Jasmijn", "Nina", "Femke", "Indy", "Mila", "Lina",
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems",
    "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins",
    "Blom", "Huisman", "Peeters", "de Jonge", "Kuipers", "van Wijk", "Yilmaz", "El Amrani",
    "Kaya", "Bouzid", "Nguyen", "Pinas", "Martina", "Doğan", "Ramdin", "Kramer", "Postma",
)  # fmt: skip


def person_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` display names (first name and surname); pseudonyms, not real people."""
    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(SURNAMES), n)
    return [
        f"{FIRST_NAMES[f]} {SURNAMES[s]}"
        for f, s in zip(first.tolist(), last.tolist(), strict=True)
    ]


def company_names(
    rng: np.random.Generator, words: list[tuple[str, ...]], towns: list[str]
) -> list[str]:
    """One name per company: a sector word with a family name or the town ("Bakkerij Visser")."""
    n = len(words)
    pick = rng.random((3, n))
    names = []
    for i in range(n):
        word = words[i][int(pick[0, i] * len(words[i]))]
        surname = SURNAMES[int(pick[1, i] * len(SURNAMES))]
        tail = surname.split()[-1].capitalize() if " " in surname else surname
        names.append(f"{word} {towns[i]}" if pick[2, i] < 0.35 else f"{word} {tail}")
    return names
