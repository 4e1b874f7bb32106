from __future__ import annotations

import datetime as dt
import string

import pytest

from metrics import i18n
from metrics.catalog import Catalog
from metrics.errors import Problem

NNBSP, NBSP = "\u202f", "\u00a0"


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_catalogue_has_every_key_and_placeholder(lang: str) -> None:
    english, other = i18n.catalogue("en"), i18n.catalogue(lang)
    # A counted message is one key per plural form, and the forms differ by language.
    assert {i18n.family(k) for k in other} == {i18n.family(k) for k in english}

    def fields(catalogue: dict[str, str], family: str) -> set[str]:
        forms = [t for k, t in catalogue.items() if i18n.family(k) == family]
        # The count is written out only where the form needs it ("one warning", «تنبيهان»).
        return set().union(*(placeholders(t) for t in forms)) - {"count"}

    for key, text in english.items():
        assert other.get(key, "x").strip(), key
        if i18n.family(key) == key:
            assert placeholders(other[key]) == placeholders(text), key
        else:
            assert fields(other, i18n.family(key)) == fields(english, i18n.family(key)), key


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_catalogues_are_translated_not_copied(lang: str) -> None:
    english, other = i18n.catalogue("en"), i18n.catalogue(lang)
    copied = [k for k, v in english.items() if other[k] == v and len(v) > 12]
    # Keys whose text is the same in every language (a file/row template, a Markdown link),
    # or the same in French ("Sources", "France", a title built of two placeholders).
    same = {"problem.where.file", "problem.where.row", "source.line", "source.line_unlinked"}
    same |= {"source.heading"}
    same |= {"footprint.national.digital_share_fr_footprint", "partners.map.title"}
    same |= {"present.counter", "deck.download_pptx"}  # "{at} / {count}", "PowerPoint (.pptx)"
    assert set(copied) <= same, copied


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "symbol", "expected"),
    [
        ("en", 1100, 0, "", "1,100"),
        ("fr", 1100, 0, "", f"1{NNBSP}100"),
        ("ar", 1100, 0, "", "1.100"),
        ("en", 78, 0, "%", "78%"),
        ("fr", 78, 0, "%", f"78{NBSP}%"),
        ("ar", 78, 0, "%", "78%"),
        ("fr", 2.5, 1, "%", f"2,5{NBSP}%"),
        ("ar", 2.5, 1, "%", "2,5%"),
        ("en", 177, 0, "kt", f"177{NBSP}kt"),
    ],
)
def test_numbers_follow_each_languages_conventions(
    lang: str, value: float, decimals: int, symbol: str, expected: str
) -> None:
    assert i18n.with_unit(i18n.number(value, decimals, lang), symbol, lang) == expected


def test_chart_separators_and_dates_per_language() -> None:
    assert i18n.plotly_separators("en") == ".,"
    assert i18n.plotly_separators("fr") == "," + NNBSP
    assert i18n.plotly_separators("ar") == ",."
    assert i18n.date(dt.date(2024, 9, 26), "fr") == "26 septembre 2024"
    # CLDR's medium form for fr_MA writes both June and July "jui.": the month is spelt out.
    assert i18n.date(dt.date(2024, 6, 5), "fr") == "5 juin 2024"
    assert i18n.date(dt.date(2024, 7, 5), "fr") == "5 juillet 2024"
    assert i18n.date(dt.date(2024, 9, 26), "en") == "September 26, 2024"
    assert i18n.date(dt.date(2024, 9, 26), "ar") == "26 شتنبر 2024"  # the Moroccan month name


def test_quotations_in_each_language_marks() -> None:
    assert i18n.quoted("plus de 1 100 participants", "en") == "“plus de 1 100 participants”"
    assert i18n.quoted("plus de 1 100", "fr") == "«\u00a0plus de 1 100\u00a0»"
    # In Arabic the quoted text, often French, keeps its own direction inside the marks.
    assert i18n.quoted("plus de 1 100", "ar") == "«\u2068plus de 1 100\u2069»"


def test_only_arabic_isolates_fragments() -> None:
    assert i18n.ltr("+78%", "ar") == "\u2066+78%\u2069"  # numbers always left to right
    assert i18n.isolate("المغرب", "ar") == "\u2068المغرب\u2069"  # cell text: its own direction
    assert i18n.ltr("78%", "fr") == "78%" and i18n.isolate("x", "en") == "x"
    assert i18n.direction("ar") == "rtl" and i18n.direction("fr") == "ltr"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ar", "ar"),
        ("fr-FR", "fr"),
        ("ar_MA", "ar"),
        ("EN-gb", "en"),
        ("de-DE", None),
        ("", None),
        (None, None),
        (["fr"], None),
    ],
)
def test_supported_reads_browser_language_tags(tag: object, expected: str | None) -> None:
    assert i18n.supported(tag) == expected


def test_problem_messages_in_every_language() -> None:
    problem = Problem("not_a_number", "f.csv", 3, "value", "lots")
    messages = {lang: i18n.describe(problem, lang) for lang in i18n.LANGUAGES}
    assert messages["en"] == "f.csv, row 3, column “value”: “lots” is not a number."
    for lang, text in messages.items():
        column = i18n.column_name("value", lang)  # "valeur", "القيمة": the reader's words
        assert "f.csv" in text and "3" in text and column in text and "lots" in text, lang
    assert len(set(messages.values())) == 3


def test_indicator_metadata_is_trilingual(catalog: Catalog) -> None:
    for ind in catalog.indicators.values():
        for field in (ind.name, ind.description, ind.unit):
            assert len({field.en, field.fr, field.ar}) >= 2 or field.en == "%", (ind.id, field)
            assert any("\u0600" <= ch <= "\u06ff" for ch in field.ar) or field.ar == "%", ind.id
