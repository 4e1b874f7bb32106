"""Language a native reader trusts: counts by CLDR plural category (Arabic has six), the
project's glossary in every catalogue and in data/, and French typography (no-break spaces
before high punctuation and inside « », narrow no-break spaces in thousands)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import yaml

from metrics import i18n

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NBSP, NNBSP = "\u00a0", "\u202f"
# Placeholders that stand for a count: a word right after one is a noun fixed in one number.
COUNTS = {"count", "rows", "indicators", "countries", "errors", "warnings", "charts", "total"}
COUNTS |= {"shown", "chosen", "found", "expected"}
# Words that may follow a count whatever the count: "3 of 10", « 3 sur 10 », «3 من أصل 10».
AFTER_ANY_COUNT = {"of", "sur", "من", "منها", "premiers"}
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


def plural_families(lang: str) -> dict[str, set[str]]:
    families: dict[str, set[str]] = {}
    for key in i18n.catalogue(lang):
        if i18n.family(key) != key:
            families.setdefault(i18n.family(key), set()).add(key.rpartition(".")[2])
    return families


# ----------------------------------------------------------------------------------- plurals


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_counted_message_has_every_plural_form_its_language_has(lang: str) -> None:
    families = plural_families(lang)
    assert set(families) == set(plural_families("en")) and families
    for family, forms in families.items():
        assert forms == i18n.plural_categories(lang), family
    assert len(i18n.plural_categories("ar")) == 6


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_message_puts_a_fixed_noun_after_a_count(lang: str) -> None:
    fixed = []
    for key, text in i18n.catalogue(lang).items():
        if i18n.family(key) != key:
            continue  # written once per plural form
        if re.search(r"\((s|x|es|ies|ات|ة|ًا)\)", text):
            fixed.append(key)
        for match in re.finditer(r"\{(\w+)\}[ \u00a0\u202f]*(\w+)", text):
            if match.group(1) in COUNTS and match.group(2) not in AFTER_ANY_COUNT:
                fixed.append(key)
    assert fixed == []


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "مشكلة واحدة"),
        (2, "مشكلتان"),
        (3, "3 مشكلات"),
        (10, "10 مشكلات"),
        (11, "11 مشكلةً"),
        (99, "99 مشكلةً"),
        (100, "100 مشكلة"),
        (102, "102 مشكلة"),
        (103, "103 مشكلات"),
        (1100, "1.100 مشكلة"),
    ],
)
def test_arabic_counts_take_the_form_of_their_cldr_category(count: int, words: str) -> None:
    assert words in i18n.t("cli.invalid", "ar", file="a.csv", count=count)


def test_french_and_english_counts_agree_with_their_number() -> None:
    def fr(n: int) -> str:
        return i18n.t("upload.conflicts", "fr", count=n)

    assert fr(0) == "0 valeur diffère de la valeur affichée actuellement"
    assert fr(1).startswith("1 valeur diffère")
    assert fr(2).startswith("2 valeurs diffèrent")
    assert fr(1100).startswith(f"1{NNBSP}100 valeurs")
    assert i18n.t("cli.warnings", "en", count=1) == "One warning:"
    assert i18n.t("cli.warnings", "en", count=0) == "0 warnings:"
    assert i18n.t("cli.warnings", "en", count=1100) == "1,100 warnings:"


# ---------------------------------------------------------------------------------- glossary


def data_texts(lang: str) -> Iterator[tuple[str, str]]:
    """Every field of data/ written in `lang` by us (a source's title and quote keep the
    document's own words), with where it is."""

    def walk(node: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang and isinstance(value, str):
                    yield where, value
                elif key not in ("title", "quote", "url", "id"):
                    name = node.get("id", where) if isinstance(node.get("id"), str) else where
                    yield from walk(value, f"{name}.{key}")
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, where)

    for path in sorted(DATA.glob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    if lang == "en":  # observation notes are written in English
        for path in sorted((DATA / "observations").glob("*.csv")):
            notes = pd.read_csv(path, usecols=["note"], dtype=str)["note"].dropna()
            yield from ((f"{path.name}:{i + 2}", str(n)) for i, n in notes.items())


def texts(lang: str) -> Iterator[tuple[str, str]]:
    yield from ((f"{lang}.yaml:{k}", v) for k, v in i18n.catalogue(lang).items())
    yield from data_texts(lang)


GLOSSARY = yaml.safe_load((ROOT / "metrics/locales/glossary.yaml").read_text(encoding="utf-8"))


def test_the_glossary_names_each_term_in_every_language() -> None:
    for entry in GLOSSARY:
        assert all(entry.get(lang) for lang in i18n.LANGUAGES), entry["term"]


def allowed(entry: dict, lang: str) -> list[str]:
    return list(entry.get("allowed", {}).get(lang, []))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalogues_and_data_use_the_glossarys_terms(lang: str) -> None:
    rules = [
        (entry["term"], re.compile(p), [re.compile(a) for a in allowed(entry, lang)])
        for entry in GLOSSARY
        for p in entry.get("avoid", {}).get(lang, [])
    ]
    found = []
    for where, text in texts(lang):
        unquoted = QUOTED.sub(" ", text)
        for term, avoid, exempt in rules:
            for match in avoid.finditer(unquoted):
                spans = [m.span() for a in exempt for m in a.finditer(unquoted)]
                if not any(s <= match.start() and match.end() <= e for s, e in spans):
                    found.append(f"{where}: {match.group(0)!r} for {term}")
    assert found == []


# ---------------------------------------------------------------------- French typography

# Before high punctuation and inside « », French puts a no-break space; a plain space lets the
# mark start a line. Thousands are grouped with a narrow no-break space.
PLAIN_SPACE_BEFORE = re.compile(r" [:;?!%»]|« ")
NO_SPACE_BEFORE = re.compile(r"[A-Za-zÀ-ÿ0-9)\]}][;?!»](?=\s|$)|[A-Za-zÀ-ÿ)\]}]:(?=\s|$)|«\w")
NO_SPACE_BEFORE_PERCENT = re.compile(r"\d%")
THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d])")
URL = re.compile(r"https?://\S+|www\.\S+")


def french_faults(text: str) -> list[str]:
    prose = URL.sub(" ", text)
    faults = [m.group(0) for p in (PLAIN_SPACE_BEFORE, NO_SPACE_BEFORE) for m in p.finditer(prose)]
    faults += [m.group(0) for m in NO_SPACE_BEFORE_PERCENT.finditer(prose)]
    faults += [m.group(0) for m in THOUSANDS.finditer(prose)]
    return faults


@pytest.mark.parametrize(
    ("text", "faults"),
    [
        (f"Lignes{NBSP}: 3{NBSP}; pays{NBSP}: 2.", 0),
        (f"«{NBSP}plus de{NBSP}» 78{NBSP}%{NBSP}! 1{NNBSP}100 participants ?", 1),
        ("Lignes : 3 ; « plus de » 78 %", 5),
        ("Lignes: 3; 78%, 1 100 et 1 100", 5),
        ("https://example.org/a?b=c et 10:30", 0),
    ],
)
def test_the_typography_check_finds_plain_and_missing_spaces(text: str, faults: int) -> None:
    assert len(french_faults(text)) == faults


def test_french_catalogue_and_data_follow_french_typography() -> None:
    found = [f"{where}: {fault!r}" for where, text in texts("fr") for fault in french_faults(text)]
    assert found == []
