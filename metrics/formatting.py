"""Numbers with their units, and values as their source states them, in each language.

Depends only on the models and i18n: the pages, the charts, the sentences and the exports
all write a number the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from metrics import i18n
from metrics.models import Indicator, Source


def amount(value: float, indicator: Indicator, lang: str) -> str:
    """A number in the indicator's short unit: "78 %", "1.100", "44,3 kg"."""
    text = i18n.with_unit(
        i18n.number(value, indicator.decimals, lang), i18n.name(indicator.short_unit, lang), lang
    )
    return i18n.ltr(text, lang)


def rate(value: float, method: str, indicator: Indicator, lang: str) -> str:
    """A yearly change: in the indicator's unit (linear) or as a growth rate (growth)."""
    if method == "growth":
        percent = i18n.with_unit(i18n.number(value * 100, 1, lang), "%", lang)
        return i18n.ltr(("+" if value > 0 else "") + percent, lang)
    sign = "+" if value > 0 else ""
    digits = max(indicator.decimals, 1 if abs(value) < 10 else 0)
    text = i18n.with_unit(
        sign + i18n.number(value, digits, lang), i18n.name(indicator.short_unit, lang), lang
    )
    return i18n.ltr(text, lang)


def value_label(row: Mapping[str, Any] | pd.Series, indicator: Indicator, lang: str) -> str:
    """A value as the source states it: 'more than 1,100', 'about 650', '2.1–3.9%'."""
    symbol = i18n.name(indicator.short_unit, lang)
    low = i18n.number(row["value"], indicator.decimals, lang)
    if pd.notna(row.get("high")):
        low += "–" + i18n.number(row["high"], indicator.decimals, lang)
    text = i18n.ltr(i18n.with_unit(low, symbol, lang), lang)
    if row.get("lower_bound"):
        return i18n.t("value.more_than", lang, value=text)
    if row.get("estimate"):
        return i18n.t("value.about", lang, value=text)
    return text


def source_facts(source: Source, lang: str) -> tuple[str, str]:
    """A source's date ("undated" when it has none) and how sure we are of it, in words: what
    every source line shows, on a page, in a report or on a slide."""
    date = i18n.date(source.published, lang) if source.published else i18n.t("source.undated", lang)
    return date, i18n.t(f"confidence.{source.confidence.value}", lang)


def source_licence(source: Source, lang: str) -> str:
    """The licence sentence that follows a source line (" Licence: CC BY 4.0."), or "" when
    the source states none."""
    if source.licence is None:
        return ""
    return " " + i18n.t("source.licence", lang, licence=i18n.isolate(source.licence, lang))


def source_text(source: Source, lang: str) -> str:
    """A source in one line of plain text: title, publisher, date, how sure we are, and the
    licence where the source states one."""
    date, confidence = source_facts(source, lang)
    # Titles and publishers are mostly in French or English: each keeps its own direction in an
    # Arabic line, so the punctuation between them stays in place.
    title, publisher = (i18n.isolate(part, lang) for part in (source.title, source.publisher))
    comma = "، " if i18n.direction(lang) == "rtl" else ", "
    line = f"{title} — {publisher}{comma}{i18n.isolate(date, lang)}. {confidence}"
    return line + source_licence(source, lang)
