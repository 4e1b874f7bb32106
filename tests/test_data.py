"""The bundled data: it loads through the upload path, cites its sources, and says what the
forum report says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metrics import jumps
from metrics.bundled import DATA_DIR, load_bundled
from metrics.catalog import Catalog
from metrics.countries import AFRICA
from metrics.errors import ProblemsFound
from metrics.models import DIGITAL_MOROCCO, Confidence, Direction, Theme
from metrics.progress import Reason, Status, assess_target


def one(catalog: Catalog, indicator: str, country: str, year: int):
    rows = catalog.series(indicator, [country])
    rows = rows[rows["year"] == year]
    assert len(rows) == 1, (indicator, country, year)
    return rows.iloc[0]


def test_every_file_loads_and_every_value_cites_a_source(catalog: Catalog) -> None:
    assert len(catalog.files) >= 5
    every = [catalog.rows.charted_rows, catalog.rows.alternative_rows]
    for frame in every:
        assert frame["source"].isin(list(catalog.sources)).all()
    assert len(catalog.rows.charted_rows) > 200
    for indicator in catalog.indicators.values():
        assert indicator.sources, indicator.id
        assert indicator.name.ar and indicator.name.fr and indicator.name.en


def test_every_alternative_says_why_it_is_not_charted(catalog: Catalog) -> None:
    assert not catalog.rows.alternative_rows.empty
    assert (catalog.rows.alternative_rows["note"].str.len() > 10).all()


def test_no_indicator_is_an_orphan(catalog: Catalog) -> None:
    targeted = {t.indicator for t in catalog.targets}
    for indicator in catalog.indicators:
        assert indicator in targeted or not catalog.series(indicator).empty, indicator


def test_the_reports_figures(catalog: Catalog) -> None:
    participants = one(catalog, "ausim_participants", "MAR", 2024)
    assert participants["value"] == 1100 and participants["lower_bound"]
    manufacturing = one(catalog, "footprint_manufacturing_share", "FRA", 2020)
    assert manufacturing["value"] == 78
    origin = [s for s in catalog.sources_of("footprint_manufacturing_share")]
    assert any("French" in (s.note.en if s.note else "") + s.title for s in origin)
    partners = catalog.facts["partner_countries"]
    assert sorted((partners.value or "").split(",")) == ["CIV", "MLI", "TUN"]
    assert catalog.sources[partners.source].confidence is Confidence.unverified
    texts = " ".join(f.text.en for f in catalog.facts.values())
    for phrase in ("AUSEDUCATION", "2026", "Marrakech"):
        assert phrase in texts, phrase
    latest = catalog.editions[-1]
    assert latest.city is not None
    assert (latest.number, latest.year, latest.city.en) == (7, 2024, "Marrakech")


def test_forum_history_keeps_unknown_counts_unknown(catalog: Catalog) -> None:
    years = [e.year for e in catalog.editions]
    assert 2022 in years
    counted = set(catalog.series("ausim_participants")["year"])
    assert 2022 not in counted  # no participant count was published for the 6th edition
    assert one(catalog, "ausim_participants", "MAR", 2018)["estimate"]


def test_conflicting_job_targets_are_two_indicators(catalog: Catalog) -> None:
    by_value = {t.target_value: t for t in catalog.targets if t.target_year == 2030}
    assert by_value[240000].indicator != by_value[270000].indicator


def test_online_services_rank_target_keeps_both_baselines_visible(catalog: Catalog) -> None:
    (osi,) = [t for t in catalog.targets if t.target_value == 50 and t.baseline_value == 113]
    assert catalog.indicators[osi.indicator].direction is Direction.lower_is_better
    assert osi.note and "100" in osi.note.en
    assert one(catalog, osi.indicator, "MAR", 2024)["value"] == 100


def test_superseding_5g_target_points_at_the_strategy(catalog: Catalog) -> None:
    licence = [t for t in catalog.targets if t.supersedes]
    assert licence
    targets = {t.id: t for t in catalog.targets}
    for t in licence:
        replaced = targets[t.supersedes or ""]
        assert replaced.indicator == t.indicator


def test_a_broken_bundled_file_is_reported_like_an_upload(tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken)
    path = sorted((broken / "observations").glob("*.csv"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("value")] = "lots"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as info:
        load_bundled(broken)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column, problem.code) == (
        path.name,
        2,
        "value",
        "not_a_number",
    )


def test_a_typo_in_metadata_names_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken)
    path = broken / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  decimals:", "  decimal:", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as info:
        load_bundled(broken)
    files = {(p.file, p.code) for p in info.value.problems}
    assert files == {("indicators.yaml", "bad_record")}
    assert all(p.row for p in info.value.problems)


def test_digital_morocco_2030_is_bundled_as_a_strategy_with_its_launch_source(
    catalog: Catalog,
) -> None:
    strategy = catalog.strategies[DIGITAL_MOROCCO]
    assert (strategy.country, strategy.year, strategy.name.fr) == (
        "MAR",
        2024,
        "Maroc Digital 2030",
    )
    assert strategy.url is None  # the official document was not found: no landing page instead
    assert "officiellement lancée" in catalog.sources[strategy.source].title
    moroccan = {t.strategy for t in catalog.targets if t.country == "MAR"}
    assert moroccan == {DIGITAL_MOROCCO, None}


def test_a_target_naming_an_unknown_strategy_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken)
    path = broken / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  strategy: null", "  strategy: energy_2009", 1), encoding="utf-8"
    )
    with pytest.raises(ProblemsFound) as info:
        load_bundled(broken)
    (problem,) = info.value.problems
    assert (problem.file, problem.code, problem.column, problem.value) == (
        "targets.yaml",
        "unknown_reference",
        "strategy",
        "energy_2009",
    )


def test_every_partner_strategy_was_searched_and_none_found_is_invented(
    catalog: Catalog,
) -> None:
    # Each country the press report names for a partner association has its search on record.
    # Only Tunisia's plan has a sourced target with a measure followed here; Côte d'Ivoire's
    # and Mali's strategies were found, but their reported targets measure nothing followed
    # here, so the page says so rather than leaving them out.
    searched = [s.country for s in catalog.searches]
    assert sorted(searched) == sorted(catalog.partners()[1:])
    assert [s.country for s in catalog.not_found()] == ["MLI", "CIV"]
    found = {s.country: s.found for s in catalog.searches if s.found}
    assert found == {"TUN": "tunisie_digitale_2020"}
    assert set(catalog.strategies) == {DIGITAL_MOROCCO, "tunisie_digitale_2020"}
    assert {t.country for t in catalog.targets} == {"MAR", "TUN"}
    for search in catalog.not_found():
        assert "2025" in search.searched.en and "none is shown" in search.searched.en


def test_tunisie_digitale_2020_target_is_sourced_and_not_judged_on_another_index(
    catalog: Catalog,
) -> None:
    strategy = catalog.strategies["tunisie_digitale_2020"]
    assert (strategy.country, strategy.name.fr, strategy.url) == (
        "TUN",
        "Tunisie Digitale 2020",
        None,
    )
    assert catalog.sources[strategy.source].published is not None
    (target,) = [t for t in catalog.targets if t.strategy == "tunisie_digitale_2020"]
    assert (target.indicator, target.related) == ("nri_wef_rank", ["nri_rank"])
    assert (target.baseline_year, target.baseline_value) == (2016, 81)
    assert (target.target_year, target.target_value) == (2020, 40)
    source = catalog.sources[target.source]
    assert source.confidence is Confidence.unverified  # one commentator states it
    assert source.quote and "de 81 en 2016 à 40 en 2020" in source.quote
    assert target.baseline_source
    assert "81e mondiale" in (catalog.sources[target.baseline_source].quote or "")
    assert target.note and "Unverified" in target.note.en and target.settled_by
    # The target year has passed, but no rank by the baseline's method was published since:
    # not enough data, never a status read off the Portulans index drawn beside it.
    rows = catalog.series(target.indicator, [target.country])
    assert rows.empty and not catalog.series("nri_rank", ["TUN"]).empty
    progress = assess_target(target, rows, catalog.indicators[target.indicator])
    assert progress.final.status is Status.insufficient
    assert progress.final.reason is Reason.nothing_since_baseline


def test_a_search_naming_an_unknown_strategy_is_refused(tmp_path: Path) -> None:
    broken = edited(tmp_path, "strategy_searches.yaml", "  found: null", "  found: tunisie_2035")
    with pytest.raises(ProblemsFound) as info:
        load_bundled(broken)
    found = [(p.file, p.code, p.column, p.value) for p in info.value.problems]
    assert found == [("strategy_searches.yaml", "unknown_reference", "found", "tunisie_2035")]


def test_the_africa_map_has_data_for_nearly_every_country(catalog: Catalog) -> None:
    assert len(set(AFRICA)) == 54
    obs = catalog.rows.charted_rows
    internet = obs[(obs["indicator"] == "internet_users") & (obs["year"] >= 2021)]
    egdi = obs[(obs["indicator"] == "egdi_score") & (obs["year"] == 2024)]
    assert len(set(AFRICA) & set(internet["country"]) & set(egdi["country"])) >= 50
    assert "ESH" not in set(obs["country"]) | set(catalog.rows.alternative_rows["country"])


def test_moroccos_2024_egdi_rank_is_the_un_files(catalog: Catalog) -> None:
    # The source's quote is Morocco's line of the UN 2024 file: "2024,Morocco ,90,0.68411,…"
    quote = catalog.sources["un_egov_2024_data"].quote or ""
    year, country, rank = quote.split(",")[:3]
    assert (year, country.strip(), rank) == ("2024", "Morocco", "90")
    assert one(catalog, "egdi_rank", "MAR", 2024)["value"] == 90


def test_renewable_capacity_keeps_the_disagreeing_sources(catalog: Catalog) -> None:
    # The official series is charted; CAT's 30% (2020), a press review's 40% (2023) and
    # Masen's undated "more than 46%" are kept as alternatives that say why.
    charted = catalog.series("renewables_capacity_share", ["MAR"])
    assert dict(zip(charted["year"], charted["value"], strict=True)) == {
        2018: 35,
        2021: 37,
        2022: 37,
        2023: 41,
        2024: 45,
    }
    rows = catalog.rows.alternative_rows
    kept = rows[rows["indicator"] == "renewables_capacity_share"]
    assert sorted(zip(kept["year"], kept["value"], kept["source"], strict=True)) == [
        (2020, 30, "cat_morocco_policies"),
        (2023, 40, "arabnews_fr_2024_energy_review"),
        (2025, 46, "lavieeco_masen_renewables"),
    ]
    assert "IRENA" in one(catalog, "renewables_capacity_share", "MAR", 2024)["note"]
    indicator = catalog.indicators["renewables_capacity_share"]
    # The measure is capacity; generation is named only as context.
    assert indicator.theme is Theme.sustainability
    assert "capacity, not of electricity generated" in indicator.description.en
    assert "capacité, non de l'électricité produite" in indicator.description.fr
    assert "حصة من القدرة، لا من الكهرباء المنتَجة" in indicator.description.ar


def test_renewable_targets_are_capacity_shares_and_the_later_one_supersedes(
    catalog: Catalog,
) -> None:
    targets = {t.id: t for t in catalog.targets}
    old, new = targets["renewables_capacity_2020"], targets["renewables_capacity_2030"]
    assert (old.target_year, old.target_value) == (2020, 42)
    assert (new.target_year, new.target_value) == (2030, 52)
    assert new.supersedes == old.id
    assert old.indicator == new.indicator == "renewables_capacity_share"
    assert old.strategy is None and new.strategy is None  # beside the strategy, not in it
    assert sum(t.strategy == DIGITAL_MOROCCO for t in catalog.targets) == 17
    assert catalog.sources[new.source].confidence is Confidence.primary  # the ministry's site


def test_5g_coverage_starts_from_the_true_zero(catalog: Catalog) -> None:
    before = one(catalog, "fiveg_population_coverage", "MAR", 2024)
    assert before["value"] == 0
    after = one(catalog, "fiveg_population_coverage", "MAR", 2025)
    assert after["value"] == 38 and after["lower_bound"]  # one operator's: at least that
    for row in (before, after):
        assert catalog.sources[row["source"]].confidence is Confidence.derived


def test_electricity_rows_are_owids_values_unchanged(catalog: Catalog) -> None:
    # Read in the reference copy of owid-energy-data.csv (commit e7897ae): "Africa" is OWID's
    # own aggregate (544.132 in 2024), not "Africa (Ember)" (543.620).
    expected = {
        ("carbon_intensity_electricity", "MAR", 2025): 596.400,
        ("carbon_intensity_electricity", "FRA", 2020): 59.080,
        ("carbon_intensity_electricity", "AFR", 2024): 544.132,
        ("carbon_intensity_electricity", "WLD", 2000): 527.260,
        ("renewables_share_generation", "MAR", 2024): 24.410,
        ("renewables_share_generation", "CIV", 2024): 28.916,
        ("fossil_share_generation", "MAR", 2025): 76.045,
    }
    for (indicator, country, year), value in expected.items():
        assert one(catalog, indicator, country, year)["value"] == value
    counts = catalog.series("carbon_intensity_electricity").groupby("country").size().to_dict()
    # 2000–2025 where Ember has a first 2025 value, 2000–2024 otherwise
    assert counts == {"MAR": 26, "TUN": 26, "FRA": 26, "WLD": 26, "MLI": 25, "CIV": 25, "AFR": 25}
    assert set(catalog.series("renewables_share_generation")["country"]) == set(counts)


def test_electricity_rows_flag_malis_break_and_first_releases(catalog: Catalog) -> None:
    for indicator in ("carbon_intensity_electricity", "renewables_share_generation"):
        assert "series break between 2022 and 2023" in one(catalog, indicator, "MLI", 2023)["note"]
        assert one(catalog, indicator, "MLI", 2022)["note"] == ""
        assert "first release" in one(catalog, indicator, "MAR", 2025)["note"]
        note = catalog.indicators[indicator].note
        assert note is not None
        assert "2022" in note.en and "2022" in note.fr and "2022" in note.ar  # Mali's break
        assert "2025" in note.en and "2025" in note.fr and "2025" in note.ar  # first release


def test_the_renewables_share_says_generation_not_capacity(catalog: Catalog) -> None:
    share = catalog.indicators["renewables_share_generation"]
    assert "generation" in share.name.en and "production" in share.name.fr
    assert "إنتاج" in share.name.ar
    assert "capacity" in share.description.en and "capacité" in share.description.fr
    source = catalog.sources["owid_energy_e7897ae"]
    assert source.note is not None
    for text in (source.note.en, source.note.fr, source.note.ar):
        assert "CC BY 4.0" in text and "e7897aed55b514b8d16e0a3d8f1518789ac3de31" in text
        assert "Ember" in text and "Energy Institute" in text
    assert source.confidence is Confidence.secondary


# --- jumps: every row the rule of metrics/jumps.py flags carries a note, in three languages --


def flagged(catalog: Catalog) -> set[tuple[str, str, int]]:
    """The rows the rule would warn on if no row of data/ carried a note."""
    every = catalog.rows.every()
    silent = every.assign(note="")
    found = jumps.find(silent, every.iloc[:0], catalog.indicators, "observations")
    lines = every.set_index(["file", "line"])
    return {
        (str(row["indicator"]), str(row["country"]), int(row["year"]))
        for row in (lines.loc[(p.file, p.row)] for p in found)
    }


def test_every_row_the_jump_rule_flags_carries_a_note_in_three_languages(
    catalog: Catalog,
) -> None:
    every = catalog.rows.every()
    assert jumps.find(every, every.iloc[:0], catalog.indicators, "observations") == []
    rows = catalog.rows.charted_rows.set_index(["indicator", "country", "year"])["note"]
    keys = flagged(catalog)
    for key in keys:
        assert rows[key], key
        note = catalog.notes[key]
        assert note.en == rows[key] and note.fr and note.ar, key


def test_the_rule_catches_the_jumps_a_careful_reader_found_and_not_many_more(
    catalog: Catalog,
) -> None:
    """language-review.md §1 (d): the unnoted jumps of internet.csv (d1, d2, d4-d7) and the
    Africa rows of about 8 points or more in a year."""
    keys = flagged(catalog)
    review = {
        ("CIV", 2015), ("CIV", 2018), ("MAR", 2004), ("MAR", 2008), ("MAR", 2009),
        ("MAR", 2010), ("MAR", 2011), ("MAR", 2012), ("TUN", 2008), ("TUN", 2018),
        ("DJI", 2017), ("BWA", 2013), ("BWA", 2018), ("EGY", 2019), ("EGY", 2020),
        ("ZAF", 2010), ("ZAF", 2011), ("ERI", 2020), ("MRT", 2018), ("NAM", 2015),
        ("KEN", 2021), ("DZA", 2019), ("GHA", 2017), ("SEN", 2020), ("AGO", 2014),
        ("BEN", 2021), ("CPV", 2010), ("DZA", 2015), ("GAB", 2018), ("GAB", 2019),
        ("GMB", 2020), ("NAM", 2020), ("SEN", 2019), ("SYC", 2004), ("SYC", 2006),
        ("SYC", 2020), ("TGO", 2020), ("GNQ", 2019),
    }  # fmt: skip
    internet = {(c, y) for i, c, y in keys if i == "internet_users"}
    assert review <= internet
    assert len(internet) <= len(review) + 6  # and MAR 2019, GHA 2019-20, LBY 2020, MWI 2023
    # The electricity series of small or hydro and nuclear grids swing more than the others:
    # each of their flagged rows carries a note written by data/scripts/energy_rows.py.
    energy = {"carbon_intensity_electricity", "renewables_share_generation"}
    energy.add("fossil_share_generation")
    assert len({k for k in keys if k[0] not in energy}) <= 60
    assert len({k for k in keys if k[0] in energy}) <= 60


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of data/ with one edit to one file."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    text = (copy / name).read_text(encoding="utf-8")
    assert old in text
    (copy / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_a_translated_note_that_drifts_from_its_row_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProblemsFound) as info:
        load_bundled(edited(tmp_path, "notes.yaml", "Break in the series: 10%", "Break: 10%"))
    (problem,) = info.value.problems
    assert (problem.file, problem.code, problem.value) == (
        "notes.yaml",
        "note_differs",
        "internet_users/CIV/2015",
    )
