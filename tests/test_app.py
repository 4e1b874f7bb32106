from __future__ import annotations

import json
import re
import string

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import pages
from metrics import i18n, narrative
from metrics.catalog import Catalog
from metrics.countries import name as country_name
from metrics.models import DIGITAL_MOROCCO
from metrics.progress import Status
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
# Every page a visitor can open, from the registry app.py builds its navigation from.
PAGES = [pages.path(p.name) for p in pages.PAGES if not p.editors]
RAW_KEY = re.compile(
    r"\b(?:overview|explore|sources?|nav|column|problem|theme|signin|upload|history|auth"
    r"|footprint|partners|forum|value)\.[a-z_.]+\b"
)


def open_page(page: str | None = None, lang: str = "en", **state: str) -> AppTest:
    """Open the app with ?lang=, switch to `page`, and set widget state by key. (AppTest drops
    query params on a page switch, as the navigation does; the URL is tested in Chromium.)"""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [s.value for s in at.subheader]
    parts += [h.value for h in at.header] + [i.value for i in at.info]
    parts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    parts += [m.proto.help for m in at.metric]
    for kind in ("selectbox", "multiselect", "slider", "text_input", "expander"):
        parts += [w.label for w in at.get(kind)]
    parts += [w.proto.label for w in at.get("download_button")]
    parts += [w.proto.help for w in at.get("selectbox")]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns]
    return "\n".join(parts)


def english_only_fragments(lang: str) -> set[str]:
    """Literal pieces of the English catalogue that the other catalogue does not contain:
    seeing one on a French or Arabic page means a string escaped translation."""
    english, other = i18n.catalogue("en"), "\n".join(i18n.catalogue(lang).values())
    pieces = set()
    for text in english.values():
        for literal, *_ in string.Formatter().parse(text):
            for piece in re.split(r"[*_\[\]()“”:.,;—]+", literal):
                piece = piece.strip()
                # two words at least: a lone proper noun ("Marrakech") is legitimately
                # shown in source titles, which stay in their own language
                if len(piece) >= 8 and " " in piece and piece not in other:
                    pieces.add(piece)
    return pieces


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_the_chosen_language(page: str, lang: str, catalog: Catalog) -> None:
    at = open_page(page, lang)
    assert at.title, "each page starts with a title"
    text = shown_text(at)
    assert not RAW_KEY.search(text), RAW_KEY.findall(text)
    if lang != "en":
        # A source's title and quote stay in the language it was published in.
        for source in catalog.sources.values():
            text = text.replace(source.title, "").replace(source.quote or "", "")
        leaked = sorted(p for p in english_only_fragments(lang) if p in text)
        assert leaked == [], leaked
    if lang == "ar":
        assert re.search("[\u0600-\u06ff]", at.title[0].value)


def test_overview_headline_cards(catalog: Catalog) -> None:
    at = open_page()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Participants, AUSIM forum 2024"] == "more than 1,100"
    assert cards["Footprint share from making equipment (France, 2020)"] == "78%"
    assert cards["New partner associations: countries named"] == "3"
    # The strategy's 17 targets; the renewable-electricity ones beside them are not counted.
    with_data = sum(t.strategy == DIGITAL_MOROCCO for t in catalog.targets_with_data())
    total = sum(t.strategy == DIGITAL_MOROCCO for t in catalog.targets)
    assert 0 < with_data < total == 17
    assert cards["Digital Morocco 2030 targets with data"] == f"{with_data} of {total}"
    captions = [c.value for c in at.caption]
    assert "Associations in African countries such as Mali, Côte d’Ivoire, and Tunisia" in captions
    # each card cites its source on hover
    helps = [m.proto.help for m in at.metric[:4]]
    assert all(helps), helps
    assert "ADEME" in helps[1] or "Arcep" in helps[1]


# What the press report says (S1 in language-review.md): partnerships with associations in
# countries named "such as" these, an open list; never "partner countries". Each language's
# words for "associations" and "such as" (French: « cités à titre d'exemple », since the names
# come without their article), and the three countries' names.
ASSOCIATIONS = {
    "en": ("Associations", "such as"),
    "fr": ("Associations", "à titre d'exemple"),
    "ar": ("جمعيات", "مثل"),
}
NAMED = {
    "en": ("Mali", "Côte d’Ivoire", "Tunisia"),
    "fr": ("Mali", "Côte d’Ivoire", "Tunisie"),
    "ar": ("مالي", "كوت ديفوار", "تونس"),
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_partners_card_says_associations_in_countries_such_as(lang: str) -> None:
    at = open_page(lang=lang)
    word, such_as = ASSOCIATIONS[lang]
    (card,) = [m for m in at.metric if word.casefold() in m.label.casefold()]
    assert card.value == i18n.number(3, 0, lang)  # three countries named, not three partners
    (caption,) = [c.value for c in at.caption if c.value.startswith(word)]
    assert such_as in caption
    assert all(country in caption for country in NAMED[lang])


@pytest.mark.parametrize(("lang", "opening"), [("en", "“"), ("fr", "«\u00a0"), ("ar", "«")])
def test_source_quotes_stand_in_the_readers_quotation_marks(
    catalog: Catalog, lang: str, opening: str
) -> None:
    at = open_page(lang=lang)
    quote = catalog.sources["ausim_2024_report"].quote or ""
    (shown,) = [c.value for c in at.caption if quote in c.value]
    assert shown == i18n.quoted(quote, lang) and shown.startswith(opening)


def test_overview_charts_tell_the_story() -> None:
    at = open_page()
    specs = figures(at)
    assert len(specs) == 3
    participants, internet, egdi = specs
    bars = participants["data"][0]
    assert bars["x"] == ["2014", "2016", "2018", "2022", "2024"]
    assert bars["text"] == ["", "more than 500", "about 650", "", "more than 1,100"]
    assert bars["y"][3] is None  # the 6th edition (2022) published no count
    notes = [(a["text"], bars["x"][a["x"]]) for a in participants["layout"]["annotations"]]
    assert notes == [("not published", "2014"), ("not published", "2022")]
    # Morocco first, then its partners, then the world: the same order on every chart
    assert [t["name"] for t in internet["data"]] == [
        "Morocco",
        "Tunisia",
        "Côte d’Ivoire",
        "Mali",
        "World",
    ]
    bottom, top = egdi["layout"]["yaxis"]["range"]  # rank 1 at the top, room for "173"
    assert top == 0 and bottom >= 1.15 * 173  # Mali's 2024 rank, the longest bar


def test_explore_follows_the_url_and_shows_sources(catalog: Catalog) -> None:
    at = open_page("views/explore.py", indicator="egdi_rank")
    assert at.selectbox[0].value == "egdi_rank"
    assert at.query_params["indicator"] == "egdi_rank"  # a shareable link
    (spec,) = figures(at)
    assert "E-Government Development Index" in spec["layout"]["title"]["text"]
    table = at.dataframe[0].value
    assert set(table["Country"]) == {"Morocco", "Tunisia", "Mali", "Côte d’Ivoire"}
    morocco_2024 = table[(table["Country"] == "Morocco") & (table["Year"] == 2024)]
    assert morocco_2024["Value"].tolist() == [90]
    assert "Confidence" in table.columns
    text = shown_text(at)
    for source in catalog.sources_of("egdi_rank"):
        assert str(source.url) in text
    assert at.get("download_button")


def test_explore_filters_countries_and_years() -> None:
    at = open_page("views/explore.py", indicator="internet_users")
    at.multiselect(key="countries_internet_users").set_value(["MAR", "WLD"]).run()
    at.slider(key="years_internet_users").set_value((2015, 2020)).run()
    table = at.dataframe[0].value
    assert set(table["Country"]) == {"Morocco", "World"}
    assert table["Year"].between(2015, 2020).all()
    assert len(table) == 12
    (spec,) = figures(at)
    assert [t["name"] for t in spec["data"]] == ["Morocco", "World"]


def test_explore_ignores_an_unknown_indicator_in_the_url(catalog: Catalog) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["indicator"] = "no_such_thing"
    at.query_params["lang"] = "xx"
    at.run()
    at.switch_page("views/explore.py").run()
    assert not at.exception
    assert at.selectbox[0].value in catalog.indicators
    assert len(figures(at)) == 1


def test_sources_page_lists_and_searches(catalog: Catalog) -> None:
    at = open_page("views/sources.py")
    assert len(at.dataframe[0].value) == len(catalog.sources)
    at.text_input(key="sources_query").set_value("ADEME").run()
    found = at.dataframe[0].value
    assert 0 < len(found) < len(catalog.sources)


def test_language_comes_from_the_browser_when_the_link_has_none() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "fr-MA"
    at.run()
    assert at.session_state["lang"] == "fr"
    assert at.query_params["lang"] == "fr"  # written back, so the link can be shared
    assert at.title[0].value == i18n.t("overview.title", "fr")


def test_the_link_wins_over_the_browser_and_bad_values_fall_back() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "fr-FR"
    at.query_params["lang"] = "ar"
    at.run()
    assert at.session_state["lang"] == "ar"
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "de-DE"
    at.query_params["lang"] = "xx"
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == "en"


def test_switching_language_keeps_the_page_and_rewrites_the_link() -> None:
    at = open_page("views/explore.py", "en", indicator="egdi_rank")
    at.segmented_control(key="lang").set_value("fr").run()
    assert at.query_params["lang"] == "fr"
    assert at.title[0].value == i18n.t("explore.title", "fr")
    assert at.selectbox[0].value == "egdi_rank"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_headline_cards_in_each_language(lang: str) -> None:
    at = open_page(lang=lang)
    values = [m.value for m in at.metric]
    number = i18n.ltr(i18n.number(1100, 0, lang), lang)
    assert values[0] == i18n.t("value.more_than", lang, value=number)
    assert values[1] == i18n.ltr(i18n.with_unit("78", "%", lang), lang)


def test_arabic_charts_are_mirrored() -> None:
    at = open_page(lang="ar")
    for spec in figures(at):
        layout = spec["layout"]
        assert layout["yaxis"]["side"] == "right"
        assert layout["xaxis"]["autorange"] == "reversed"
        assert layout["title"]["xanchor"] == "right"
        assert layout["separators"] == ",."
    english = open_page(lang="en")
    assert all(f["layout"]["yaxis"]["side"] == "left" for f in figures(english))


def test_table_headers_and_country_names_follow_the_language() -> None:
    at = open_page("views/explore.py", "fr", indicator="egdi_rank")
    table = at.dataframe[0].value
    assert i18n.t("column.country", "fr") in table.columns
    assert "Maroc" in set(table[i18n.t("column.country", "fr")])


def test_arabic_tables_run_right_to_left() -> None:
    at = open_page("views/sources.py", "ar")
    table = at.dataframe[0]
    assert list(table.proto.column_order) == list(reversed(table.value.columns))
    french = open_page("views/sources.py", "fr").dataframe[0]
    assert list(french.proto.column_order) == list(french.value.columns)


def test_targets_page_lists_every_target_with_a_status(catalog: Catalog) -> None:
    at = open_page("views/targets.py")
    table = at.dataframe[0].value
    assert len(table) == len(catalog.of_strategy(DIGITAL_MOROCCO))  # none silently dropped
    status = dict(zip(table["Target"], table["Status"], strict=True))
    osi = "50th in the world in the UN Online Service Index by 2030"
    assert status[osi] == "↗ Progressing too slowly"
    # The badge alone: the reason is in the opened target's sentence, not in a long cell.
    jobs = "240,000 direct digital jobs by 2030"
    assert status[jobs] == "… Not enough data"
    strategy_5g = next(s for name, s in status.items() if name.startswith("5G coverage of 70%"))
    assert "Replaced by: 5G coverage of 85%" in strategy_5g
    opened = shown_text(open_page("views/targets.py", target="dm2030_direct_jobs"))
    assert "no baseline was published and no value is held to start from" in opened


@pytest.mark.parametrize(
    ("lang", "covered", "trend"),
    [("fr", "31\u00a0%", [-14.0, -10.0]), ("ar", "\u206631%\u2069", [-10.0, -14.0])],
)
def test_targets_table_reads_in_the_readers_language(
    lang: str, covered: str, trend: list[float]
) -> None:
    at = open_page("views/targets.py", lang)
    frame = at.dataframe[0]
    table = frame.value
    first = table.iloc[0]  # on track: the first place in Africa for e-government
    assert first[i18n.t("column.covered", lang)] == covered  # as the page writes "78 %"
    # A rank drawn better as up (turned over), time running leftwards in Arabic.
    assert list(first[i18n.t("column.trend", lang)]) == trend
    # A target with no value yet: an empty cell shows "–", not Streamlit's "None".
    assert table[i18n.t("column.covered", lang)].isna().any()
    assert frame.proto.placeholder == "–"


def test_targets_page_opens_a_target_with_its_sentence_and_chart() -> None:
    at = open_page("views/targets.py", target="dm2030_osi_rank")
    text = shown_text(at)
    assert (
        "At the pace seen since 2022, UN Online Service Index rank (world) reaches about 61 by"
        " 2030, short of the 50 aimed for; reaching it needs a change of -8.3 a year from 2024 on."
    ) in text
    spec, _comparison = figures(at)  # the opened target, then the comparison across strategies
    names = [trace["name"] for trace in spec["data"]]
    assert names == ["Published values", "Baseline", "Projection at the observed pace", "Target"]
    projection = spec["data"][2]
    assert projection["line"]["dash"] == "dash"
    assert projection["x"][0] == 2024 and projection["x"][-1] == 2030
    assert spec["layout"]["yaxis"]["autorange"] == "reversed"  # rank 1 at the top


def test_a_baseline_stated_elsewhere_names_its_own_source(catalog: Catalog) -> None:
    # The strategy's coverage states the 7 bn MAD target; the 260 M MAD of 2022 is L'Opinion's.
    at = open_page("views/targets.py", target="dm2030_startup_fundraising")
    baseline = catalog.sources["lopinion_2024_startup_fundraising"]
    (line,) = [c.value for c in at.caption if c.value.startswith("The baseline (2022)")]
    assert baseline.title.replace("[", "(").replace("]", ")") in line
    assert catalog.sources["nouvelles_dujour_dm2030_startups"].title not in line
    # A target whose source states its baseline says nothing more.
    at = open_page("views/targets.py", target="dm2030_osi_rank")
    assert not [c.value for c in at.caption if c.value.startswith("The baseline (")]


def test_targets_page_switches_method_and_filters() -> None:
    at = open_page("views/targets.py", target="dm2030_osi_rank_africa")
    assert "meeting the 1 aimed for" in shown_text(at)
    at.segmented_control(key="method").set_value("growth").run()
    assert "short of the 1 aimed for" in shown_text(at)
    at.multiselect(key="target_statuses").set_value([Status.moving_away]).run()
    assert [i.value for i in at.info] == ["No target matches these filters."]
    # Growth: offshoring jobs, the two online-services ranks and the 42% renewables (2020).
    at.multiselect(key="target_statuses").set_value([Status.too_slow]).run()
    assert len(at.dataframe[0].value) == 4


def test_overview_summarises_statuses(catalog: Catalog) -> None:
    at = open_page()
    summary = {m.label: m.value for m in at.metric[4:]}
    assert summary["↗ Progressing too slowly"] == "2"
    # The Africa online-services rank and the 5G licence (from zero before the launch); the
    # renewables' 52% (on track too) is not a Digital Morocco 2030 target.
    assert summary["↑ On track"] == "2"
    counted = len(
        [
            t
            for t in catalog.targets
            if t.strategy == DIGITAL_MOROCCO
            and not any(o.supersedes == t.id for o in catalog.targets)
        ]
    )
    assert sum(int(v) for v in summary.values()) == counted


GREEN_MEASURE = {
    "en": "A share of capacity, not of electricity generated",
    "fr": "Une part de la capacité, non de l'électricité produite",
    "ar": "إنها حصة من القدرة، لا من الكهرباء المنتَجة",
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_targets_page_follows_the_chosen_strategy(lang: str, catalog: Catalog) -> None:
    at = open_page("views/targets.py", lang)
    strategy = catalog.strategies[DIGITAL_MOROCCO]
    name = i18n.name(strategy.name, lang)
    assert at.selectbox(key="strategy").value == DIGITAL_MOROCCO  # the default
    # Digital Morocco 2030 first, then the partners' strategies bundled (Tunisia's).
    others = sorted(set(catalog.strategies) - {DIGITAL_MOROCCO})
    assert others == ["tunisie_digitale_2020"]
    assert at.selectbox(key="strategy").options == [
        name,
        *(i18n.name(catalog.strategies[s].name, lang) for s in others),
    ]
    assert [h.value for h in at.title] == [i18n.t("targets.title", lang, strategy=name)]
    captions = [c.value for c in at.caption]
    assert i18n.t("targets.intro", lang, strategy=name) in captions
    assert at.query_params["strategy"] == DIGITAL_MOROCCO
    # Its targets and the renewable-electricity ones beside them, as before strategies.
    assert len(at.dataframe[0].value) == len(catalog.of_strategy(DIGITAL_MOROCCO))
    assert i18n.t("targets.green", lang) in captions


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_targets_page_compares_the_countries_on_shared_indicators(
    lang: str, catalog: Catalog
) -> None:
    at = open_page("views/targets.py", lang)
    assert at.subheader[-1].value == i18n.t("targets.compare.title", lang)
    chosen = at.selectbox(key="compare")
    # The online-services ranks: the strategy's only indicators published for several countries.
    assert chosen.options == [
        i18n.name(catalog.indicators[i].name, lang) for i in ("osi_rank", "osi_rank_africa")
    ]
    assert chosen.value == "osi_rank"
    assert at.query_params["compare"] == "osi_rank"
    table = at.dataframe[-1].value
    country = table[i18n.t("column.country", lang)].tolist()
    names = {c: country_name(c, lang) for c in ("MAR", "TUN", "CIV", "MLI")}
    assert country == [names[c] for c in ("TUN", "MAR", "CIV", "MLI")]  # best rank first
    assert table[i18n.t("column.place", lang)].tolist() == [1, 2, 3, 4]
    morocco = table.iloc[1]
    strategy = i18n.isolate(i18n.name(catalog.strategies[DIGITAL_MOROCCO].name, lang), lang)
    goal = i18n.t("value.in_year", lang, value=i18n.ltr("50", lang), year=2030)
    assert morocco[i18n.t("column.own_target", lang)] == f"{goal} · {strategy}"
    assert morocco[i18n.t("column.status", lang)] == narrative.badge(Status.too_slow, lang)
    # As the source states it: a rank derived from the index's scores is "about" 100th.
    about = i18n.t("value.about", lang, value=i18n.ltr("100", lang))
    assert morocco[i18n.t("column.latest", lang)] == i18n.t(
        "value.in_year", lang, value=about, year=2024
    )
    tunisia = table.iloc[0]  # no strategy of its own loaded: compared on its value only
    assert tunisia[i18n.t("column.own_target", lang)] == ""
    assert pd.isna(tunisia[i18n.t("column.covered", lang)])
    comparison = figures(at)[-1]
    assert (
        i18n.name(catalog.indicators["osi_rank"].name, lang)
        in comparison["layout"]["title"]["text"]
    )
    assert comparison["layout"]["yaxis"]["side"] == ("right" if lang == "ar" else "left")
    captions = [c.value for c in at.caption]
    assert i18n.t("targets.compare.value_only", lang) in captions
    left_out = [
        i18n.name(catalog.indicators[i].name, lang) for i in ("digital_direct_jobs", "unicorns")
    ]
    (said,) = [
        c
        for c in captions
        if c.startswith(i18n.t("targets.compare.left_out", lang, indicators="")[:20])
    ]
    assert all(name in said for name in left_out)
    assert i18n.name(catalog.indicators["osi_rank"].name, lang) not in said


@pytest.mark.parametrize(
    ("lang", "given", "shown"),
    [
        ("en", "osi_rank_africa", "osi_rank_africa"),
        ("ar", "osi_rank_africa", "osi_rank_africa"),
        ("en", "no_such", "osi_rank"),
        ("ar", "unicorns", "osi_rank"),  # a strategy's indicator with nothing to compare
    ],
)
def test_the_comparison_follows_the_url(
    lang: str, given: str, shown: str, catalog: Catalog
) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.query_params["compare"] = given
    at.run()
    at.switch_page("views/targets.py").run()
    assert not at.exception
    assert at.selectbox(key="compare").value == shown
    assert at.query_params["compare"] == shown  # an unknown id is replaced, in the link too
    comparison = figures(at)[-1]
    title = i18n.embed(i18n.name(catalog.indicators[shown].name, lang), lang)
    assert comparison["layout"]["title"]["text"] == title


@pytest.mark.parametrize(
    ("lang", "countries"),
    [
        ("en", "Mali and Côte d’Ivoire"),
        ("fr", "Mali et Côte d’Ivoire"),
        ("ar", "مالي وكوت ديفوار"),
    ],
)
def test_targets_page_says_which_partners_strategies_were_not_found(
    lang: str, countries: str, catalog: Catalog
) -> None:
    at = open_page("views/targets.py", lang)
    captions = [c.value for c in at.caption]
    assert i18n.t("targets.not_found", lang, countries=countries) in captions
    (searched,) = [e for e in at.expander if e.label == i18n.t("targets.searched", lang)]
    said = [c.value for c in searched.caption]
    assert len(said) == len(catalog.not_found()) == 2  # Tunisia's strategy is bundled
    for search, line in zip(catalog.not_found(), said, strict=True):
        assert line == i18n.name(search.searched, lang)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_renewable_target_shows_its_measure_and_a_status(lang: str, catalog: Catalog) -> None:
    at = open_page("views/targets.py", lang, target="renewables_capacity_2030")
    measure = i18n.t("targets.measure", lang, description="")
    captions = [c.value for c in at.caption]
    (shown,) = [c for c in captions if c.startswith(measure)]
    description = catalog.indicators["renewables_capacity_share"].description
    assert shown == measure + i18n.name(description, lang)
    assert GREEN_MEASURE[lang] in shown
    # Linear: 35 (2018) -> 45 (2024) toward 52 (2030), r = 1.18: on track.
    assert f"[↑ {i18n.t('status.on_track', lang)}]" in at.markdown[0].value
    table = at.dataframe[0].value
    name = i18n.name({t.id: t for t in catalog.targets}["renewables_capacity_2030"].name, lang)
    status = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))[name]
    assert i18n.t("status.on_track", lang) in status
    assert i18n.t("targets.green", lang) in captions


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_target_without_data_says_what_would_settle_it(lang: str, catalog: Catalog) -> None:
    at = open_page("views/targets.py", lang, target="dm2030_startups")
    settled_by = {t.id: t for t in catalog.targets}["dm2030_startups"].settled_by
    assert settled_by is not None
    expected = i18n.t("targets.settled_by", lang, text=i18n.name(settled_by, lang))
    assert expected in [i.value for i in at.info]
    # A target with a status does not show it.
    at = open_page("views/targets.py", lang, target="dm2030_osi_rank")
    assert not [i.value for i in at.info if i.value.startswith(expected[:12])]
