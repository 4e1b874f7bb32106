"""The sustainability story's pages: footprint, partners and forum, through AppTest."""

from __future__ import annotations

import json

import pytest

from metrics import countries, i18n, maps
from metrics.catalog import Catalog
from metrics.formatting import amount
from tests.test_app import figures, open_page, shown_text

LOCAL_BASE_MAP = "/app/static/topojson/"


def test_footprint_shows_where_it_comes_from_with_context(catalog: Catalog) -> None:
    at = open_page("views/footprint.py")
    specs = figures(at)
    phases, components = specs[0], specs[1]
    assert [t["x"][0] for t in phases["data"]] == [78, 22]
    assert [t["name"] for t in phases["data"]] == [
        "Manufacturing the equipment",
        "Use and the other stages",
    ]
    assert sorted(t["x"][0] for t in components["data"]) == [5, 16, 79]
    assert "France, 2020 data" in phases["layout"]["title"]["subtitle"]["text"]
    text = shown_text(at)
    assert "ADEME–Arcep" in text and "French national figure" in text
    cards = {m.label: m.value for m in at.metric}
    assert cards["France, 2020"] == "2.5%" and cards["France, 2022, wider scope"] == "4.4%"


def test_global_share_is_drawn_as_ranges_not_points() -> None:
    at = open_page("views/footprint.py")
    (ranges,) = [s for s in figures(at) if "greenhouse" in s["layout"]["title"]["text"]]
    bar = ranges["data"][0]
    assert bar["base"] == [1.8, 2.1]
    assert [round(b + x, 1) for b, x in zip(bar["base"], bar["x"], strict=True)] == [2.8, 3.9]
    assert bar["text"] == ["1.8–2.8%", "2.1–3.9%"]


def test_ewaste_table_says_what_is_not_published() -> None:
    at = open_page("views/footprint.py")
    (table,) = [d.value.set_index("Area") for d in at.dataframe if "Area" in d.value.columns]
    assert list(table.index) == ["World", "Africa", "Europe", "Morocco", "Tunisia"]
    assert table.loc["Morocco", "E-waste generated"] == "177\u00a0kt (2022)"
    assert table.loc["Morocco", "E-waste generated per person"] == "4.8\u00a0kg (2022)"
    collected = "E-waste formally collected and recycled"
    assert table.loc["Morocco", collected] == "not published"
    assert table.loc["Africa", collected] == "0.7% (2022)"
    # The 2030 projection is not the world's latest measurement.
    assert table.loc["World", "E-waste generated"] == "62,000\u00a0kt (2022)"


def test_lifetime_scenario_follows_the_sliders_and_shows_its_formula() -> None:
    at = open_page("views/footprint.py")
    scenario = figures(at)[-1]
    assert [round(v) for v in scenario["data"][0]["y"]] == [78, 39]  # manufacturing
    assert [round(v) for v in scenario["data"][1]["y"]] == [22, 22]  # use, unchanged
    assert "61%" in at.info[0].value and "39%" in at.info[0].value
    assert r"\frac{L_0}{L_1}" in at.latex[0].value
    assert "0.61" in at.latex[1].value
    at.select_slider(key="scenario_tomorrow").set_value(3.0).run()
    assert at.info[0].value == "The yearly footprint stays the same."
    at.select_slider(key="scenario_share").set_value(50).run()
    at.select_slider(key="scenario_tomorrow").set_value(1.5).run()  # kept for less time: worse
    assert at.info[0].value == (
        "Keeping equipment 1.5 years instead of 3 years raises the yearly footprint by 50%,"
        " to 150% of today's."
    )
    assert [round(v) for v in figures(at)[-1]["data"][0]["y"]] == [50, 100]
    at.select_slider(key="scenario_share").set_value(1).run()
    at.select_slider(key="scenario_tomorrow").set_value(4.0).run()
    assert "by less than 1%" in at.info[0].value
    at.select_slider(key="scenario_share").set_value(0).run()
    assert at.info[0].value == "The yearly footprint stays the same."


def test_scenario_numbers_follow_the_language() -> None:
    at = open_page("views/footprint.py", "fr")
    assert "0{,}61" in at.latex[1].value
    assert "61\u00a0%" in at.info[0].value


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_partners_maps_use_the_local_base_map(lang: str) -> None:
    at = open_page("views/partners.py", lang)
    charts = at.get("plotly_chart")
    maps_shown = [c for c in charts if '"geo"' in c.proto.spec]
    assert len(maps_shown) == 2
    for chart in maps_shown:
        assert json.loads(chart.proto.config)["topojsonURL"] == LOCAL_BASE_MAP
        spec = json.loads(chart.proto.spec)
        assert spec["layout"]["geo"]["scope"] == "africa"
        assert spec["layout"]["geo"]["resolution"] == maps.RESOLUTION
    partners, choropleth = (json.loads(c.proto.spec) for c in maps_shown)
    assert [t["locations"] for t in partners["data"][:4]] == [["MAR"], ["MLI"], ["CIV"], ["TUN"]]
    assert len(choropleth["data"][0]["locations"]) >= 50


def test_partners_indicator_and_year_drive_map_chart_and_table(catalog: Catalog) -> None:
    at = open_page("views/partners.py")
    assert at.selectbox(key="partners_indicator").value == "internet_users"
    at.selectbox(key="partners_indicator").set_value("egdi_rank").run()
    at.select_slider(key="partners_year_egdi_rank").set_value(2024).run()
    specs = figures(at)
    choropleth = specs[1]
    assert "2024" in choropleth["layout"]["title"]["text"]
    assert choropleth["data"][0]["reversescale"] is True  # first place gets the top colour
    comparison = specs[2]
    assert {t["name"] for t in comparison["data"]} >= {
        "Morocco",
        "Tunisia",
        "Mali",
        "Côte d’Ivoire",
    }
    table = at.dataframe[0].value.set_index("Country")
    assert table.loc["Morocco", "Value"] == "90"
    place = table.loc["Morocco", "Place in Africa, 2024"]
    assert place.endswith("of 54")
    assert "African countries with a value in 2024: 54 of 54." in shown_text(at)
    assert "Not on this base map" in shown_text(at) and "Mauritius and Seychelles" in shown_text(at)
    # Only years with enough African countries are offered: no "1st of 1" before 2022.
    assert at.select_slider(key="partners_year_egdi_rank").options == ["2022", "2024"]


def test_forum_lists_editions_themes_and_the_next_forum(catalog: Catalog) -> None:
    at = open_page("views/forum.py")
    table = at.dataframe[0].value
    assert list(table["Year"]) == ["2024", "2022", "2018", "2016", "2014"]
    assert list(table["Participants"]) == [
        "more than 1,100",
        "not published",
        "about 650",
        "more than 500",
        "not published",
    ]
    assert table["Edition"].iloc[-1] == "not stated"
    cards = {m.label: m.value for m in at.metric}
    assert cards["Next forum, as announced in 2024"] == "2026"
    assert cards["Latest edition on record"] == "7"
    text = shown_text(at)
    for theme in ("Artificial intelligence", "Cybersecurity", "Digital twins", "Digital inclusion"):
        assert theme in text
    assert "AUSEDUCATION" in text
    assert "Unverified" in text  # what only the report states says so
    # Each statement is cited to every document that states a part of it: the two days are
    # FNH's, "October" is only LNT's date, the French motto LeSiteInfo's.
    captions = "\n".join(c.value for c in at.caption)
    for extra in ("fnh_2024_ausim_closing", "lnt_2024_ausim", "lesiteinfo_2024_ausim"):
        assert catalog.sources[extra].title in captions


def test_forum_in_arabic_translates_cities_and_dates() -> None:
    at = open_page("views/forum.py", "ar")
    table = at.dataframe[0].value
    assert set(table["المدينة"]) == {"مراكش"}
    assert "أكتوبر 2022" in table["التواريخ"].iloc[1]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_partners_map_legend_says_associations_in_countries_such_as(lang: str) -> None:
    at = open_page("views/partners.py", lang)
    (partners, _) = [
        json.loads(c.proto.spec) for c in at.get("plotly_chart") if '"geo"' in c.proto.spec
    ]
    title = partners["layout"]["title"]
    legend = title["subtitle"]["text"]  # under the title, in the figure itself (and its PNG)
    word, such_as = {
        "en": ("associations", "such as"),
        "fr": ("associations", "à titre d'exemple"),
        "ar": ("جمعيات", "مثل"),
    }[lang]
    assert word in legend and such_as in legend
    for code in ("MLI", "CIV", "TUN"):
        assert countries.name(code, lang) in legend
    # The title names the countries as examples for associations, never as "partner countries".
    assert {"en": "associations", "fr": "associations", "ar": "للجمعيات"}[lang] in title["text"]
    assert not any(
        w in title["text"] for w in ("partner countries", "pays partenaires", "البلدان الشريكة")
    )


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_footprint_on_moroccos_grid_in_every_language(catalog: Catalog, lang: str) -> None:
    at = open_page("views/footprint.py", lang, scenario_grid="mar_target")
    t = lambda key, **p: i18n.t(key, lang, **p)  # noqa: E731
    assert t("footprint.grid.heading") in [h.value for h in at.header]
    france = amount(59.08, catalog.indicators["carbon_intensity_electricity"], lang)  # "59 g/kWh"
    intro = t("footprint.grid.intro", share=i18n.percent(78, 0, lang), france=france, year=2020)
    assert intro in [m.value for m in at.markdown]
    table = at.dataframe[0].value  # the grids' table comes before the e-waste one
    places = table[t("footprint.grid.column.place")].tolist()
    assert places[0] == t(
        "footprint.grid.place_study", place=countries.name("FRA", lang), year=2020
    )
    assert places[1] == f"{countries.name('MAR', lang)} (2025)"
    # France on its own grid is the study's 78%; Morocco: 78 / (78 + 22 × 596.40 / 59.08) = 26%
    made = table[t("footprint.grid.column.manufacturing")].tolist()
    assert made[:2] == [i18n.percent(78, 0, lang), i18n.percent(26, 0, lang)]
    assert table[t("footprint.grid.column.intensity")].tolist()[1] == amount(
        596.4, catalog.indicators["carbon_intensity_electricity"], lang
    )
    if lang == "ar":  # the table's columns run right to left, as the page does
        shown = at.dataframe[0].proto.column_order
        assert list(shown) == list(reversed(table.columns))
    result = t(
        "footprint.grid.result",
        year=2025,
        made=i18n.percent(26, 0, lang),
        use=i18n.percent(74, 0, lang),
        times=i18n.number(3.0, 1, lang),  # 300.09 / 100
    )
    assert f"**{result}**" in [m.value for m in at.markdown]
    assert t("footprint.grid.method_title") in [e.label for e in at.expander]
    # Two electricity charts, Morocco, partner countries, France, Africa and the world on each.
    series = [f for f in figures(at) if len(f["data"]) == 7]
    assert len(series) == 2
    assert series[0]["data"][0]["name"] == countries.name("MAR", lang)
    # The scenario on Morocco's grid, then with the target met (kept 3 then 6 years):
    # manufacturing 25.99% then 13.00%; use 74.01% then 74.01 × 48.000 / 76.045 = 46.71%
    scenario = figures(at)[-1]
    assert [round(v) for v in scenario["data"][0]["y"]] == [26, 13]
    assert [round(v) for v in scenario["data"][1]["y"]] == [74, 47]
    assert "I_1" in at.latex[0].value
    # Levers on Morocco's grid: lifetime alone 0.2599 × 3 / 6 = −13%; target read as 52% of
    # generation: 0.7401 × (1 − 0.6312) = −27%; read as 28.2%: 0.7401 × (1 − 0.9441) = −4%.
    verdict = t(
        "footprint.levers.depends",
        upper=i18n.percent(52, 0, lang),
        lower=i18n.percent(28, 0, lang),
        upper_change=i18n.ltr("−" + i18n.with_unit("27", "%", lang), lang),
        lower_change=i18n.ltr("−" + i18n.with_unit("4", "%", lang), lang),
        lifetime_change=i18n.ltr("−" + i18n.with_unit("13", "%", lang), lang),
    )
    assert verdict in [i.value for i in at.info]
    # The target and the capacity share are read from data/ (targets.yaml, the capacity series).
    why = t(
        "footprint.levers.why",
        target=i18n.percent(52, 0, lang),
        target_year=2030,
        year=2024,
        capacity=i18n.percent(45, 0, lang),
        generation=i18n.percent(24, 0, lang),
        lower=i18n.percent(28, 0, lang),
    )
    assert why in [c.value for c in at.caption]


def test_the_grid_lever_on_frances_grid_is_the_study_and_shorter_lifetimes_favour_the_grid() -> (
    None
):
    at = open_page("views/footprint.py")
    assert at.radio(key="scenario_grid").value == "fra"
    at.radio(key="scenario_grid").set_value("mar").run()
    scenario = figures(at)[-1]
    assert scenario["layout"]["title"]["text"] == "Yearly footprint on Morocco's grid"
    assert [round(v) for v in scenario["data"][1]["y"]] == [74, 74]  # the grid does not change
    assert "0.26" in at.latex[1].value and "0.87" in at.latex[1].value  # 0.13 + 0.74
    at.select_slider(key="scenario_tomorrow").set_value(3.0).run()  # no lifetime lever
    assert "On both readings of the target, the grid matters more" in shown_text(at)
