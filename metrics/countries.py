"""Country and region codes: ISO 3166-1 alpha-3 for countries, three aggregates of our own.

Names come from the Unicode CLDR via Babel, so every language gets the same official spelling
the operating system would use, instead of a hand-kept list.
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale

# Aggregates we publish figures for, mapped to their UN M49 area codes for naming.
# WLD is the World Bank's code for the world; AFR and EUR follow the same three-letter form.
AGGREGATES: dict[str, str] = {"WLD": "001", "AFR": "002", "EUR": "150"}

# Groups the World Bank publishes beside countries in every bulk download (the WDI country
# metadata lists them with an empty Region), so a downloaded file is read whole. CLDR has no
# names for these groupings; until they are translated each shows the World Bank's English name.
WORLD_BANK_AGGREGATES: dict[str, str] = {
    "AFE": "Africa Eastern and Southern",
    "AFW": "Africa Western and Central",
    "ARB": "Arab World",
    "CEB": "Central Europe and the Baltics",
    "CSS": "Caribbean small states",
    "EAP": "East Asia & Pacific (excluding high income)",
    "EAR": "Early-demographic dividend",
    "EAS": "East Asia & Pacific",
    "ECA": "Europe & Central Asia (excluding high income)",
    "ECS": "Europe & Central Asia",
    "EMU": "Euro area",
    "EUU": "European Union",
    "FCS": "Fragile and conflict affected situations",
    "HIC": "High income",
    "HPC": "Heavily indebted poor countries (HIPC)",
    "IBD": "IBRD only",
    "IBT": "IDA & IBRD total",
    "IDA": "IDA total",
    "IDB": "IDA blend",
    "IDX": "IDA only",
    "INX": "Not classified",
    "LAC": "Latin America & Caribbean (excluding high income)",
    "LCN": "Latin America & Caribbean",
    "LDC": "Least developed countries: UN classification",
    "LIC": "Low income",
    "LMC": "Lower middle income",
    "LMY": "Low & middle income",
    "LTE": "Late-demographic dividend",
    "MEA": "Middle East & North Africa",
    "MIC": "Middle income",
    "MNA": "Middle East & North Africa (excluding high income)",
    "NAC": "North America",
    "OED": "OECD members",
    "OSS": "Other small states",
    "PRE": "Pre-demographic dividend",
    "PSS": "Pacific island small states",
    "PST": "Post-demographic dividend",
    "SAS": "South Asia",
    "SSA": "Sub-Saharan Africa (excluding high income)",
    "SSF": "Sub-Saharan Africa",
    "SST": "Small states",
    "TEA": "East Asia & Pacific (IDA & IBRD)",
    "TEC": "Europe & Central Asia (IDA & IBRD)",
    "TLA": "Latin America & Caribbean (IDA & IBRD)",
    "TMN": "Middle East & North Africa (IDA & IBRD)",
    "TSA": "South Asia (IDA & IBRD)",
    "TSS": "Sub-Saharan Africa (IDA & IBRD)",
    "UMC": "Upper middle income",
}
# A map, or a place "in Africa", means little with fewer countries than this.
ENOUGH_COUNTRIES = 10

# The 54 UN member states in Africa (UN M49 region 002): the countries of the Africa map.
AFRICA: tuple[str, ...] = (
    "AGO", "BDI", "BEN", "BFA", "BWA", "CAF", "CIV", "CMR", "COD", "COG", "COM", "CPV", "DJI",
    "DZA", "EGY", "ERI", "ETH", "GAB", "GHA", "GIN", "GMB", "GNB", "GNQ", "KEN", "LBR", "LBY",
    "LSO", "MAR", "MDG", "MLI", "MOZ", "MRT", "MUS", "MWI", "NAM", "NER", "NGA", "RWA", "SDN",
    "SEN", "SLE", "SOM", "SSD", "STP", "SWZ", "SYC", "TCD", "TGO", "TUN", "TZA", "UGA", "ZAF",
    "ZMB", "ZWE",
)  # fmt: skip
# Economies the World Bank codes outside ISO 3166: code -> CLDR territory, or None when CLDR
# has none and the World Bank's name is shown.
WORLD_BANK_ECONOMIES: dict[str, tuple[str | None, str]] = {
    "XKX": ("XK", "Kosovo"),
    "CHI": (None, "Channel Islands"),
}


@cache
def _alpha2(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


def is_known(code: str) -> bool:
    return (
        code in AGGREGATES
        or code in WORLD_BANK_AGGREGATES
        or code in WORLD_BANK_ECONOMIES
        or _alpha2(code) is not None
    )


def is_aggregate(code: str) -> bool:
    return code in AGGREGATES or code in WORLD_BANK_AGGREGATES


# Where usage differs from CLDR's name: the press, the forum report and the Moroccan news
# agency write كوت ديفوار and إفريقيا (CLDR: ساحل العاج, أفريقيا), and the two Congos by their
# names rather than CLDR's "Congo - Kinshasa"; "Cabo Verde" is the country's own English name.
MOROCCAN_NAMES: dict[tuple[str, str], str] = {
    ("CIV", "ar"): "كوت ديفوار",
    ("AFR", "ar"): "إفريقيا",
    ("CAF", "ar"): "جمهورية إفريقيا الوسطى",
    ("ZAF", "ar"): "جنوب إفريقيا",
    ("COD", "ar"): "جمهورية الكونغو الديمقراطية",
    ("COG", "ar"): "جمهورية الكونغو",
    ("COD", "en"): "DR Congo",
    ("COG", "en"): "Congo",
    ("STP", "en"): "São Tomé and Príncipe",
    ("CPV", "en"): "Cabo Verde",
    ("COD", "fr"): "République démocratique du Congo",
    ("COG", "fr"): "Congo",
}


@cache
def name(code: str, lang: str = "en") -> str:
    if (code, lang) in MOROCCAN_NAMES:
        return MOROCCAN_NAMES[(code, lang)]
    territory, own_name = WORLD_BANK_ECONOMIES.get(code, (None, code))
    territory = AGGREGATES.get(code) or _alpha2(code) or territory
    if territory is None:
        return WORLD_BANK_AGGREGATES.get(code, own_name)
    label = Locale.parse(lang).territories.get(territory, code)
    return label[:1].upper() + label[1:]
