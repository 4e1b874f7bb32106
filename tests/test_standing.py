from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from metrics import charts, i18n
from metrics.catalog import Catalog, FrameRows
from metrics.deck import ChartSpec, slide
from metrics.models import Names, Strategy, Target
from metrics.progress import METHODS, Status
from metrics.standing import countries, standing

TUNISIA = "tunisia_test_strategy"
SENEGAL = "senegal_test_strategy"
# Any source of the catalogue: these strategies and targets are made up for the tests.
SOURCE = "lnt_2024_dm2030_launch"


def _names(text: str) -> Names:
    return Names(en=text, fr=text, ar=text)


def _target(ident: str, indicator: str, country: str, strategy: str, **figures: object) -> Target:
    return Target.model_validate(
        {
            "id": ident,
            "indicator": indicator,
            "country": country,
            "strategy": strategy,
            "name": _names(ident),
            "source": SOURCE,
            **figures,
        }
    )


@pytest.fixture(scope="module")
def partners(catalog: Catalog) -> Catalog:
    """The bundled catalogue with a Tunisian strategy (three targets on internet use, one of
    them replaced, one on the online-services rank, one on 5G that only Morocco measures) and
    a Senegalese one: a country that is not among the partner associations'."""
    strategies = {
        TUNISIA: Strategy(
            id=TUNISIA,
            name=Names(en="Digital Tunisia (test)", fr="Tunisie digitale (test)", ar="تونس (test)"),
            country="TUN",
            publisher="Test",
            year=2021,
            source=SOURCE,
        ),
        SENEGAL: Strategy(
            id=SENEGAL,
            name=_names("Senegal (test)"),
            country="SEN",
            publisher="Test",
            year=2021,
            source=SOURCE,
        ),
    }
    added = [
        # Replaced: its later year does not make it the one compared.
        _target("tun_internet_old", "internet_users", "TUN", TUNISIA, target_year=2035,
                target_value=100),
        _target("tun_internet_new", "internet_users", "TUN", TUNISIA, target_year=2030,
                target_value=95, baseline_year=2019, baseline_value=66.7,
                supersedes="tun_internet_old"),
        _target("tun_internet_soon", "internet_users", "TUN", TUNISIA, target_year=2026,
                target_value=80),
        _target("tun_5g", "fiveg_population_coverage", "TUN", TUNISIA, target_year=2030,
                target_value=50),
        _target("tun_osi", "osi_rank", "TUN", TUNISIA, target_year=2030, target_value=40,
                baseline_year=2020, baseline_value=120),
        _target("sen_internet", "internet_users", "SEN", SENEGAL, target_year=2030,
                target_value=75),
    ]  # fmt: skip
    return replace(
        catalog,
        strategies={**catalog.strategies, **strategies},
        targets=[*catalog.targets, *added],
    )


def _expected_places(catalog: Catalog, indicator: str, codes: list[str]) -> dict[str, int]:
    """Competition ranking ("1, 2, 2, 4") of the latest values, written out apart from pandas."""
    latest = {c: catalog.latest(indicator, c) for c in codes}
    values = {c: float(r["value"]) for c, r in latest.items() if r is not None}
    lower = catalog.indicators[indicator].is_rank
    better = {
        c: sum((w < v) if lower else (w > v) for w in values.values()) for c, v in values.items()
    }
    return {c: n + 1 for c, n in better.items()}


def test_bundled_catalogue_compares_the_online_services_ranks(catalog: Catalog) -> None:
    found = standing(catalog)
    # Only the UN online-services ranks are published for more than Morocco.
    assert found.indicators == ["osi_rank", "osi_rank_africa"]
    targeted = list(dict.fromkeys(t.indicator for t in catalog.targets if t.strategy))
    assert found.left_out == [i for i in targeted if i not in found.indicators]
    assert "renewables_capacity_share" not in found.left_out  # a target of no strategy
    osi = found.of("osi_rank")
    # A rank: the smallest is the best (Tunisia 93rd, Morocco 100th, Côte d'Ivoire, Mali).
    assert osi["country"].tolist() == ["TUN", "MAR", "CIV", "MLI"]
    assert osi["place"].tolist() == [1, 2, 3, 4]
    assert dict(zip(osi["country"], osi["place"], strict=True)) == _expected_places(
        catalog, "osi_rank", ["MAR", "TUN", "CIV", "MLI"]
    )
    assert osi["year"].tolist() == [2024] * 4
    morocco = osi.set_index("country").loc["MAR"]
    assert (morocco["target"], morocco["strategy"]) == ("dm2030_osi_rank", "digital_morocco_2030")
    assert (morocco["target_year"], morocco["target_value"]) == (2030, 50)
    # Partners without a strategy are compared on their value only.
    assert osi.set_index("country").loc[["TUN", "CIV", "MLI"], "target"].isna().all()


@pytest.mark.parametrize("method", METHODS)
def test_statuses_are_the_catalogues_own(partners: Catalog, method: str) -> None:
    found = standing(partners, method)
    judged = {p.target.id: p.final for p in partners.assess(method)}
    own = found.rows[found.rows["target"].notna()]
    assert len(own) >= 3
    for target, status, covered in zip(own["target"], own["status"], own["covered"], strict=True):
        assert isinstance(status, Status)
        assert status is judged[target].status
        assert covered == pytest.approx(judged[target].covered, nan_ok=True)


def test_partners_strategies_bring_their_countries_and_targets(partners: Catalog) -> None:
    assert countries(partners) == ["MAR", "MLI", "CIV", "TUN", "SEN"]
    found = standing(partners)
    assert found.indicators == ["osi_rank", "osi_rank_africa", "internet_users"]
    assert "fiveg_population_coverage" in found.left_out  # Morocco's values only
    internet = found.of("internet_users").set_index("country")
    assert list(internet.index) == sorted(
        internet.index, key=lambda c: internet.loc[c, "place"]
    )  # best first
    assert internet["place"].to_dict() == _expected_places(
        partners, "internet_users", ["MAR", "MLI", "CIV", "TUN", "SEN"]
    )
    assert internet.loc["MAR", "place"] == 1 and pd.isna(internet.loc["MAR", "target"])
    # Not the replaced 2035 target, not the 2026 one: the latest of those still standing.
    assert internet.loc["TUN", "target"] == "tun_internet_new"
    assert internet.loc["TUN", "strategy"] == TUNISIA
    assert (internet.loc["TUN", "target_year"], internet.loc["TUN", "target_value"]) == (2030, 95)
    assert internet.loc["SEN", "target"] == "sen_internet"
    osi = found.of("osi_rank").set_index("country")
    assert osi.loc["TUN", "target"] == "tun_osi"
    assert osi.loc["MAR", "target"] == "dm2030_osi_rank"


def test_a_strategy_asks_for_its_own_indicators(partners: Catalog) -> None:
    found = standing(partners, strategy=TUNISIA)
    assert found.indicators == ["internet_users", "osi_rank"]
    assert found.left_out == ["fiveg_population_coverage"]
    assert set(found.rows["indicator"]) == {"internet_users", "osi_rank"}
    assert len(found.rows) == 2 * len(countries(partners))  # every country, each indicator


def test_equal_values_share_a_place(partners: Catalog) -> None:
    frame = FrameRows  # the bundled rows, with Côte d'Ivoire's latest set to Mali's
    rows = partners.rows
    assert isinstance(rows, frame)
    charted = rows.charted_rows.copy()
    internet = charted["indicator"] == "internet_users"
    mali = charted[internet & (charted["country"] == "MLI")].sort_values("year").iloc[-1]
    ivory = charted[internet & (charted["country"] == "CIV")].sort_values("year").index[-1]
    charted.loc[ivory, "value"] = mali["value"]
    tied = replace(partners, rows=FrameRows(charted, rows.alternative_rows))
    places = standing(tied).of("internet_users").set_index("country")["place"]
    assert places["CIV"] == places["MLI"]
    assert sorted(places.dropna().tolist())[-2:] == [places["CIV"]] * 2
    assert places["CIV"] == places.max()  # the two last share it: no place after them


def test_another_countrys_target_is_not_drawn_on_this_countrys_chart(partners: Catalog) -> None:
    morocco = next(t for t in partners.targets if t.id == "dm2030_osi_rank")
    assert partners.beside(morocco) == []
    made = slide(ChartSpec(kind="target", ident="dm2030_osi_rank"), partners)
    names = [trace.name for trace in made.figure.data]
    assert i18n.t("chart.other_target", "en") not in names
    # The country's own replaced target still is.
    licence = next(t for t in partners.targets if t.id == "anrt_5g_licence_obligation")
    assert [t.id for t in partners.beside(licence)] == ["dm2030_5g_strategy"]


def test_the_figure_sets_each_country_on_a_row(partners: Catalog) -> None:
    rows = standing(partners).of("internet_users")
    indicator = partners.indicators["internet_users"]
    figure = charts.standing_figure(rows, indicator, "en", "TUN")
    gap, latest, goals = figure.data
    assert gap.mode == "lines" and gap.showlegend is False
    assert latest.name == "Latest value" and latest.marker.symbol == "circle"
    assert goals.name == "Its own target" and goals.marker.symbol == "star"
    # Best first, at the top; the highlighted country in bold and in its colour.
    assert list(latest.y) == ["Morocco", "<b>Tunisia</b>", "Senegal", "Côte d’Ivoire", "Mali"]
    assert figure.layout.yaxis.autorange == "reversed"
    assert list(figure.layout.yaxis.categoryarray) == list(latest.y)
    colours = dict(zip(latest.y, latest.marker.color, strict=True))
    assert colours["<b>Tunisia</b>"] == charts.FIXED_COLOURS["TUN"]
    assert colours["Morocco"] == charts.BESIDE
    assert latest.text[0] == "89.9% (2022)"
    assert list(goals.y) == ["<b>Tunisia</b>", "Senegal"]
    assert list(goals.text) == ["95.0% (2030)", "75.0% (2030)"]
    assert list(goals.marker.color) == [charts.PALETTE[5], charts.BESIDE]
    assert figure.layout.xaxis.autorange is True  # higher is better: to the right
    assert figure.layout.yaxis.side == "left"


def test_the_figure_mirrors_in_arabic_and_turns_a_rank(catalog: Catalog) -> None:
    rows = standing(catalog).of("osi_rank")
    rank = catalog.indicators["osi_rank"]
    english = charts.standing_figure(rows, rank, "en", "MAR")
    assert english.layout.xaxis.autorange == "reversed"  # first place at the right
    assert english.layout.xaxis.autorangeoptions.clipmin == 0.5  # no tick at a 0th place
    arabic = charts.standing_figure(rows, rank, "ar", "MAR")
    # Mirrored: names on the right, and first place at the left, the end Arabic reads to.
    assert arabic.layout.yaxis.side == "right"
    assert arabic.layout.xaxis.autorange is True
    assert arabic.layout.margin.r > arabic.layout.margin.l
    assert arabic.layout.title.x > 0.9
    _, latest, goal = arabic.data
    assert latest.name == i18n.embed(i18n.t("chart.standing.latest", "ar"), "ar")
    assert latest.y[1] == "<b>" + i18n.embed("المغرب", "ar") + "</b>"
    assert "2024" in latest.text[0] and "2030" in goal.text[0]


def test_a_country_with_neither_value_nor_target_is_not_drawn(partners: Catalog) -> None:
    rows = standing(partners, strategy=TUNISIA).of("osi_rank")
    assert "SEN" in set(rows["country"])  # in the table, with no value
    figure = charts.standing_figure(rows, partners.indicators["osi_rank"], "en", "TUN")
    assert "Senegal" not in list(figure.layout.yaxis.categoryarray)


def test_statuses_already_judged_are_taken_as_they_are(catalog: Catalog) -> None:
    """The Targets page passes the statuses its table shows instead of judging them again:
    those are the ones used (Morocco's African online-services rank is on track by the
    linear pace, too slow by growth)."""
    linear, growth = standing(catalog, "linear").rows, standing(catalog, "growth").rows
    assert not linear["status"].equals(growth["status"])
    given = standing(catalog, "growth", assessed=catalog.assess("linear"))
    pd.testing.assert_frame_equal(given.rows, linear)
