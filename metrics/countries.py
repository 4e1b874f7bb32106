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


@cache
def _alpha2(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


def is_known(code: str) -> bool:
    return code in AGGREGATES or _alpha2(code) is not None


def is_aggregate(code: str) -> bool:
    return code in AGGREGATES


@cache
def name(code: str, lang: str = "en") -> str:
    territory = AGGREGATES.get(code) or _alpha2(code)
    if territory is None:
        return code
    label = Locale.parse(lang).territories.get(territory, code)
    return label[:1].upper() + label[1:]
