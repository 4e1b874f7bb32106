"""Every user-visible string, number and problem message goes through here.

Catalogues are flat YAML files (metrics/locales/<lang>.yaml) of dotted keys -> text with
{placeholders}. English is the reference catalogue: a key missing there is a bug, and a key
missing in another language falls back to English until that catalogue is complete.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_decimal

from metrics.errors import Problem
from metrics.models import Names

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en",)  # French and Arabic arrive with their catalogues
DEFAULT = "en"
_BABEL = {"en": "en", "fr": "fr", "ar": "ar_MA"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{lang}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def t(key: str, lang: str = DEFAULT, **params: Any) -> str:
    text = catalogue(lang).get(key) or catalogue(DEFAULT)[key]
    return text.format(**params) if params else text


def name(names: Names, lang: str = DEFAULT) -> str:
    return str(getattr(names, lang, names.en))


def number(value: float, decimals: int = 0, lang: str = DEFAULT) -> str:
    """A number as a reader of `lang` writes it: 1,100.5 / 1 100,5 / ١٬١٠٠٫٥ conventions
    come from CLDR via Babel rather than from hand-written separators."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_BABEL.get(lang, lang))


def describe(problem: Problem, lang: str = DEFAULT) -> str:
    """One sentence for a problem: where, what was found, what was expected."""
    where = t("problem.where.file", lang, file=problem.file)
    if problem.row is not None:
        where = t("problem.where.row", lang, file=problem.file, row=problem.row)
    if problem.column:
        where += t("problem.where.column", lang, column=problem.column)
    params = {k: ("" if v is None else v) for k, v in problem.params.items()}
    what = t(f"problem.{problem.code}", lang, value=problem.value or "", **params)
    hint = params.get("hint")
    if hint:
        what += " " + t("problem.hint", lang, hint=hint)
    return f"{where}: {what}"
