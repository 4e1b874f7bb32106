"""Every user-visible string, number and problem message goes through here.

Catalogues are flat YAML files (metrics/locales/<lang>.yaml) of dotted keys -> text with
{placeholders}; every language has every key (a test checks). Numbers and dates follow the
Unicode CLDR conventions of each language through Babel: 1,100.5 in English, 1 100,5 in
French, 1.100,5 in Moroccan Arabic, rather than separators written by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from metrics.errors import Figure, MetricsError, Problem, ProblemGroup
from metrics.errors import grouped as grouped_by
from metrics.models import (
    OBSERVATION_COLUMNS,
    TARGET_COLUMNS,
    TARGET_HEADERS,
    TEMPLATE_HEADERS,
)

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("ar", "fr", "en")  # in the order the language switch shows them
DEFAULT = "en"
RTL = frozenset({"ar"})
# CLDR locale per language: Arabic as written in Morocco (Western digits, comma decimal).
BABEL_LOCALE = {"en": "en", "fr": "fr_MA", "ar": "ar_MA"}
# Unicode directional isolates: a number, a code or a Latin name inside Arabic text keeps its
# own direction without reordering the sentence around it. LRI for numbers (a sign or a unit
# has no direction of its own, so "first strong" would not keep "+20.250" together), FSI for
# text from a file, which may be Arabic or Latin.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM = "\u200e"


class Translated(Protocol):
    en: str
    fr: str
    ar: str


def supported(lang: object) -> str | None:
    """The language code if we ship it, else None; accepts 'fr-FR', 'ar_MA', 'EN'."""
    if not isinstance(lang, str) or not lang:
        return None
    code = lang.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


# CLDR's plural categories. A message whose words change with a count is written once per
# category its language has, as `key.one`, `key.other`...: English has one and other, French
# one, many and other, Arabic all six (zero, one, two, few for 3-10, many for 11-99, other).
PLURALS = ("zero", "one", "two", "few", "many", "other")


def plural_categories(lang: str) -> frozenset[str]:
    return Locale.parse(BABEL_LOCALE[lang]).plural_form.tags | {"other"}


def plural_category(count: float, lang: str) -> str:
    return str(Locale.parse(BABEL_LOCALE[lang]).plural_form(abs(count)))


def family(key: str) -> str:
    """The message a catalogue key belongs to: `upload.warnings.few` -> `upload.warnings`."""
    stem, _, last = key.rpartition(".")
    return stem if last in PLURALS and stem else key


def t(key: str, lang: str = DEFAULT, **params: Any) -> str:
    entries = catalogue(lang)
    if key not in entries and f"{key}.other" in entries:
        # The words follow the count's plural category; the count is written in the
        # language's digits and grouping.
        count = params["count"]
        text = entries.get(f"{key}.{plural_category(count, lang)}", entries[f"{key}.other"])
        return text.format(**{**params, "count": number(count, 0, lang)})
    text = entries[key]
    return text.format(**params) if params else text


def progress(key: str, lang: str = DEFAULT, **params: int | str) -> str:
    """A progress message (metrics.importing.Progress): counts in the language's digits and
    grouping, names isolated so they keep their own direction."""
    shown = {
        k: number(v, 0, lang) if isinstance(v, int) else isolate(v, lang) for k, v in params.items()
    }
    return t(key, lang, **shown)


def name(names: Translated, lang: str = DEFAULT) -> str:
    return str(getattr(names, lang))


def embed(text: str, lang: str) -> str:
    """Give a whole text its language's base direction. SVG text (Plotly's titles, labels and
    hover boxes) is laid out left to right; without this, "أكثر من 1.100" shows as
    "1.100 أكثر من"."""
    return f"{RLI}{text}{PDI}" if lang in RTL and text else text


def isolate(text: str, lang: str) -> str:
    """Wrap a fragment of unknown direction (a cell value, a file name) for Arabic text."""
    return f"{FSI}{text}{PDI}" if lang in RTL and text else text


def ltr(text: str, lang: str) -> str:
    """Wrap a number (with its sign and unit) so it reads left to right in Arabic text."""
    return f"{LRI}{text}{PDI}" if lang in RTL and text else text


def number(value: float, decimals: int = 0, lang: str = DEFAULT) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALE[lang])


def with_unit(text: str, symbol: str, lang: str) -> str:
    """A formatted number with its short unit, as the language writes it: 78% / 78 % / 78%."""
    if symbol == "%":
        pattern = Locale.parse(BABEL_LOCALE[lang]).percent_formats[None].pattern
        return pattern.split(";")[0].replace("#,##0", text)
    return f"{text}\u00a0{symbol}" if symbol else text


def percent(value: float, decimals: int = 0, lang: str = DEFAULT) -> str:
    """A percentage as the language writes it, kept left to right inside Arabic text."""
    return ltr(with_unit(number(value, decimals, lang), "%", lang), lang)


def years(value: float, lang: str = DEFAULT) -> str:
    """A duration in years with the language's plural: "1 year", "3,5 ans", "سنتان"."""
    return format_unit(value, "duration-year", length="long", locale=BABEL_LOCALE[lang])


def listing(items: list[str], lang: str = DEFAULT) -> str:
    """A list as each language writes one: 'Mali, Côte d’Ivoire, and Tunisia' in English,
    'Mali, Côte d’Ivoire et Tunisie' in French, joined with و in Arabic."""
    return format_list(items, locale=BABEL_LOCALE[lang])


def date(value: dt.date, lang: str = DEFAULT) -> str:
    """The month in words: CLDR's medium French form for Morocco abbreviates both June and
    July to "jui." ("5 jui. 2024")."""
    return format_date(value, format="long", locale=BABEL_LOCALE[lang])


def quoted(text: str, lang: str = DEFAULT) -> str:
    """A quotation in the language's marks: “…” in English, « … » in French, «…» in Arabic
    (where the quoted text, often French, keeps its own direction)."""
    if lang == "fr":
        return f"«\u00a0{text}\u00a0»"
    if lang in RTL:
        return f"«{isolate(text, lang)}»"
    return f"“{text}”"


@cache
def plotly_separators(lang: str) -> str:
    """Plotly's `separators`: the decimal mark then the thousands separator, from CLDR."""
    symbols = Locale.parse(BABEL_LOCALE[lang]).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def column_name(column: str, lang: str = DEFAULT) -> str:
    """A column of the long format as the template in `lang` heads it ("pays", "البلد"), so a
    message names it in the reader's words; any other header as the file wrote it."""
    names = {
        **dict(zip(TARGET_COLUMNS, TARGET_HEADERS[lang], strict=True)),  # a targets file's
        **dict(zip(OBSERVATION_COLUMNS, TEMPLATE_HEADERS[lang], strict=True)),
    }
    return names.get(column, column)


SPANS_SHOWN = 8  # row ranges written out in one line; the full list is downloadable


def figure(found: Figure, lang: str = DEFAULT) -> str:
    """A computed number with three significant digits (all of a value's decimals, up to
    six), in the language's grouping and decimal mark, kept left to right in Arabic."""
    value = found.value * 100 if found.percent else found.value
    size = abs(value)
    if found.signed or found.percent:
        decimals = 0 if size >= 100 or size == 0 else max(0, 2 - math.floor(math.log10(size)))
    else:
        decimals = 6
    pattern = "#,##0" + ("." + "#" * min(decimals, 6) if decimals else "")
    text = format_decimal(size, format=pattern, locale=BABEL_LOCALE[lang])
    if found.percent:
        text = with_unit(text, "%", lang)
    sign = "+" if value > 0 and found.signed else "-" if value < 0 else ""
    if sign and lang in RTL:  # as CLDR writes a sign in Arabic: a left-to-right mark keeps it
        sign = LRM + sign  # before the digits even where the isolate is lost (a copied cell)
    return ltr(sign + text, lang)


def describe(problem: Problem, lang: str = DEFAULT, rows: str | None = None) -> str:
    """One sentence for a problem: where, what was found, what was expected. `rows`, when
    given, replaces the problem's own row (a group's ranges)."""
    file = isolate(problem.file, lang)
    where = t("problem.where.file", lang, file=file)
    if rows is not None:
        where = t("problem.where.rows", lang, file=file, rows=rows)
    elif problem.row is not None:
        where = t("problem.where.row", lang, file=file, row=problem.row)
    if problem.column:
        column = isolate(column_name(problem.column, lang), lang)
        where += t("problem.where.column", lang, column=column)
    # What came from the file (a value, a code, a hint) keeps its own direction in Arabic.
    given = dict(problem.params)
    if problem.code == "unknown_column" and given.get("hint"):  # a column's name, in words
        given["hint"] = column_name(str(given["hint"]), lang)
    params = {
        k: figure(v, lang)
        if isinstance(v, Figure)
        else isolate(str(v), lang)
        if v is not None
        else ""
        for k, v in given.items()
    }
    value = isolate(problem.value or "", lang)
    what = t(f"problem.{problem.code}", lang, value=value, **params)
    if params.get("hint"):
        what += " " + t("problem.hint", lang, hint=params["hint"])
    if params.get("charted"):  # a jump from or to a value already charted, not the file's
        what += " " + t("problem.charted_now", lang, year=params["charted"])
    return where + t("problem.separator", lang) + what


def grouped(problems: list[Problem], lang: str = DEFAULT) -> list[ProblemGroup]:
    """Problems that read the same but for their row, as one group: a line of a World Bank
    file repeated whole is one remark, not one per year it holds."""
    return grouped_by(
        problems, key=lambda p: (p.severity, describe(dataclasses.replace(p, row=None), lang))
    )


def describe_group(group: ProblemGroup, lang: str = DEFAULT) -> str:
    """One sentence for problems that differ only in their row: "rows 33–63, 70"."""
    spans = group.spans
    if len(spans) <= 1 and len(group.rows) <= 1:
        return describe(group.first, lang)
    written = [ltr(f"{a}–{b}" if a != b else str(a), lang) for a, b in spans[:SPANS_SHOWN]]
    rows = t("problem.list_separator", lang).join(written)
    if len(spans) > SPANS_SHOWN:
        rows = t("problem.rows_more", lang, rows=rows, count=len(spans) - SPANS_SHOWN)
    return describe(group.first, lang, rows)


def explain(error: MetricsError, lang: str = DEFAULT) -> str:
    """The words for a refused operation (a store error, ...): its code and params."""
    return t(error.code, lang, **error.params)
