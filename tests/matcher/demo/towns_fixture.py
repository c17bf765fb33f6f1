"""A small town table around Utrecht (real coordinates and populations, GeoNames)."""

from matcher.demo.towns import Town

_ROWS = (
    ("Amsterdam", "Noord-Holland", 52.37403, 4.88969, 741636, "1011;1012;1013"),
    ("Utrecht", "Utrecht", 52.09083, 5.12222, 376435, "3511;3512;3513"),
    ("Almere", "Flevoland", 52.37025, 5.21413, 176432, "1309;1311;1312"),
    ("Amersfoort", "Utrecht", 52.15500, 5.38750, 139914, "3811;3812;3813"),
    ("Hoofddorp", "Noord-Holland", 52.30250, 4.68889, 132734, "2131;2132;2133"),
    ("Leiden", "Zuid-Holland", 52.15833, 4.49306, 119713, "2311;2312;2313"),
    ("Dordrecht", "Zuid-Holland", 51.81000, 4.67361, 119260, "3311;3312;3313"),
    ("Zoetermeer", "Zuid-Holland", 52.05750, 4.49306, 115845, "2711;2712;2713"),
    ("Hilversum", "Noord-Holland", 52.22333, 5.17639, 83640, "1211;1212;1213"),
    ("Amstelveen", "Noord-Holland", 52.30083, 4.86389, 79639, "1181;1182;1183"),
    ("Gouda", "Zuid-Holland", 52.01667, 4.70833, 71952, "2801;2802;2803"),
    ("Zaandam", "Noord-Holland", 52.43854, 4.82643, 71708, "1501;1502;1503"),
    ("Alphen aan den Rijn", "Zuid-Holland", 52.12917, 4.65546, 70251, "2401;2402;2403"),
    ("Ede", "Gelderland", 52.03333, 5.65833, 67670, "6711;6712;6713"),
    ("Nieuwegein", "Utrecht", 52.02917, 5.08056, 61489, "3431;3432;3433"),
    ("Veenendaal", "Utrecht", 52.02863, 5.55891, 61271, "3901;3902;3903"),
    ("Zeist", "Utrecht", 52.09000, 5.23333, 60949, "3701;3702;3703"),
    ("Woerden", "Utrecht", 52.08500, 4.88333, 48431, "3441;3442;3443"),
    ("Soest", "Utrecht", 52.17333, 5.29167, 45021, "3761;3762;3763"),
    ("Huizen", "Noord-Holland", 52.29917, 5.24167, 41273, "1271;1272;1273"),
    ("Tiel", "Gelderland", 51.88667, 5.42917, 40702, "4001;4002;4003"),
    ("Harderwijk", "Gelderland", 52.34167, 5.62083, 40516, "3841;3842;3843"),
    ("Maarssen", "Utrecht", 52.13917, 5.04167, 39675, "3601;3602;3603"),
    ("Nijkerk", "Gelderland", 52.22000, 5.48611, 38335, "3861;3862;3863"),
    ("Wageningen", "Gelderland", 51.97000, 5.66667, 35433, "6701;6702;6703"),
    ("Barneveld", "Gelderland", 52.14000, 5.58472, 35095, "3771;3772;3773"),
    ("Gorinchem", "Zuid-Holland", 51.83652, 4.97243, 34736, "4201;4202;4203"),
    ("IJsselstein", "Utrecht", 52.02000, 5.04306, 33886, "3401;3402;3403"),
)

TOWNS: tuple[Town, ...] = tuple(
    Town(name, province, lat, lon, pop, tuple(pc4s.split(";")))
    for name, province, lat, lon, pop, pc4s in _ROWS
)
