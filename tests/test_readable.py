"""What a French or Arabic reader sees of numbers, columns, notes and axes (issue 13, item 7)."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import charts, export, i18n
from metrics.catalog import Catalog
from metrics.errors import Problem
from metrics.progress import assess_all
from tests.test_app import open_page

NBSP = "\u00a0"
FSI, PDI = "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("lang", "column", "hint", "expected"),
    [
        ("fr", "country", "", "f.csv, ligne 3, colonne « pays »"),
        ("ar", "year", "", f"{FSI}السنة{PDI}"),
        ("en", "value", "", "column “value”"),
        ("fr", "Pays_x", "country", "« pays » ?"),  # an unknown header: the hint in words
    ],
)
def test_a_problem_names_the_column_in_the_readers_words(
    lang: str, column: str, hint: str, expected: str
) -> None:
    code = "unknown_column" if hint else "not_a_number"
    problem = Problem(code, "f.csv", 3, column, "x", {"hint": hint} if hint else {})
    assert expected in i18n.describe(problem, lang).replace(NBSP, " ")


def test_an_unknown_header_is_named_as_the_file_wrote_it() -> None:
    assert i18n.column_name("Pays_x", "fr") == "Pays_x"
    assert [i18n.column_name(c, "fr") for c in ("indicator", "high", "note")] == [
        "indicateur",
        "valeur_haute",
        "remarque",
    ]


def test_a_note_cites_indicators_targets_and_sources_by_name(catalog: Catalog) -> None:
    text = "Only (maroc_telecom_5g_coverage); see wb_wdi_internet_users and dm2030_graduates."
    assert catalog.readable(text, "fr") == (
        "Only (Couverture 5G de la population par Maroc Telecom); see "
        f"{catalog.sources['wb_wdi_internet_users'].title} and "
        "22\u202f500 diplômés universitaires du numérique par an d'ici 2027."
    )
    # Each name keeps its own direction in Arabic; words that are no id stay as they are.
    arabic = catalog.readable("(maroc_telecom_5g_coverage) file_name.csv x_y", "ar")
    name = i18n.name(catalog.indicators["maroc_telecom_5g_coverage"].name, "ar")
    assert arabic == f"({FSI}{name}{PDI}) file_name.csv x_y"


def test_explore_table_says_its_notes_are_english_and_names_what_they_cite(
    catalog: Catalog,
) -> None:
    rows = catalog.series("egdi_rank_africa", ["MAR"])
    for lang, header in (("en", "Note"), ("fr", "Note (en anglais)")):
        table = export.display_table(rows, catalog, lang)
        assert header in table.columns
    notes = export.display_table(rows, catalog, "fr")["Note (en anglais)"].tolist()
    assert not any("derived_un_egov" in n for n in notes)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([6300.0], (0.0, 7875.0)), ([6300.0, 6300.0], (0.0, 7875.0)), ([-4.0], (-5.0, 0.0))],
)
def test_a_value_axis_for_one_value_starts_at_zero(
    values: list[float], expected: tuple[float, float]
) -> None:
    assert charts.flat_range(values) == expected


def test_differing_values_keep_plotlys_range() -> None:
    assert charts.flat_range([1.0, 2.0]) is None
    assert charts.flat_range([]) is None


def test_a_target_with_nothing_published_gets_a_readable_axis(catalog: Catalog) -> None:
    target = next(t for t in catalog.targets if t.id == "dm2030_admin_sites_fibre")
    indicator = catalog.indicators[target.indicator]
    rows = catalog.series(target.indicator, [target.country])
    (progress,) = assess_all([target], catalog.indicators, rows, "linear")
    figure = charts.target_figure(progress, rows, indicator, "fr")
    low, high = figure.layout.yaxis.range
    assert low == 0 and high > target.target_value * 1.2  # not 6,299–6,301 in half steps


def test_rank_bars_leave_room_for_the_longest_bars_label(catalog: Catalog) -> None:
    rows = catalog.series("egdi_rank", ["MAR", "MLI"])
    rows = rows[rows["year"] >= 2022]
    figure = charts.series_figure(rows, catalog.indicators["egdi_rank"], "en", "bar")
    bottom, top = figure.layout.yaxis.range  # reversed: first place on top
    assert top == 0 and bottom >= rows["value"].max() * 1.15


def test_bars_of_plain_values_leave_room_too(catalog: Catalog) -> None:
    rows = pd.DataFrame(catalog.series("internet_users", ["MAR"]).tail(3))
    figure = charts.series_figure(rows, catalog.indicators["internet_users"], "en", "bar")
    assert figure.layout.yaxis.range[1] >= rows["value"].max() * 1.15


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_empty_choices_invite_in_the_readers_words(lang: str) -> None:
    # Streamlit's own placeholder is "Choose options", in English whatever the page's language.
    at = open_page("views/targets.py", lang)
    for key in ("target_themes", "target_statuses"):
        assert at.multiselect(key=key).placeholder == i18n.t("targets.all", lang)
    at = open_page("views/explore.py", lang)
    (countries,) = [m for m in at.multiselect if m.key and m.key.startswith("countries_")]
    assert countries.placeholder == i18n.t("explore.choose_countries", lang)
