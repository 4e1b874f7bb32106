"""The one import road (metrics.importing) and the current catalogue (metrics.current), on
SQLite and on a real PostgreSQL server: what a file becomes, what it changes and what not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from metrics import i18n
from metrics.catalog import Catalog
from metrics.current import current_catalog, open_store
from metrics.errors import ProblemsFound, grouped
from metrics.formatting import value_label
from metrics.importing import (
    Metadata,
    MetadataMissing,
    NotChecked,
    check,
    commit,
    read_metadata,
)
from metrics.store import Store
from tests.conftest import FILES

OWID = FILES / "real" / "number-of-internet-users.csv"


@pytest.fixture
def opened(store_url: str, catalog: Catalog) -> Iterator[Store]:
    """The store with the bundled release, once on SQLite and once on PostgreSQL."""
    store = open_store(catalog, store_url)
    yield store
    store.close()


def now(store: Store, catalog: Catalog) -> Catalog:
    return current_catalog(store, catalog)


# --- an import never loses what was published ---------------------------------------------

AUSIM = (
    b"indicator,country,year,value\n"
    b"ausim_participants,MAR,2024,1100\nausim_participants,MAR,2018,650\n"
)


def test_bare_values_equal_to_the_published_ones_never_replace_their_qualifiers(
    opened: Store, catalog: Catalog
) -> None:
    """The forum report says "more than 1,100" (2024) and "about 650" (2018); a file with the
    bare numbers states something else, shown as conflicts, and by default keeps the report."""
    checked = check(AUSIM, "ausim.csv", catalog, opened)
    assert checked.ok and checked.unchanged == 0
    clash = checked.conflicts.set_index("year")
    assert clash.loc[2024, ["existing_lower_bound", "new_lower_bound"]].tolist() == [True, False]
    assert clash.loc[2018, ["existing_estimate", "new_estimate"]].tolist() == [True, False]
    commit(opened, checked, by="amina", mode="add", metadata=Metadata())

    after = now(opened, catalog)
    row = after.latest("ausim_participants", "MAR")
    assert row is not None
    indicator = after.indicators["ausim_participants"]
    assert value_label(row, indicator, "en") == "more than 1,100"  # the Overview card
    assert row["source"] == "ausim_2024_report"
    earlier = after.series("ausim_participants").set_index("year").loc[2018]
    assert value_label(earlier, indicator, "en") == "about 650"
    pd_equal = after.series("ausim_participants")[["year", "value", "lower_bound", "estimate"]]
    before = catalog.series("ausim_participants")[["year", "value", "lower_bound", "estimate"]]
    assert pd_equal.to_dict("records") == before.to_dict("records")


def test_a_file_stating_exactly_what_is_published_changes_nothing(
    opened: Store, catalog: Catalog
) -> None:
    exact = (
        b"indicator,country,year,value,lower_bound,estimate\n"
        b"ausim_participants,MAR,2024,1100,true,false\n"
        b"ausim_participants,MAR,2018,650,false,true\n"
    )
    checked = check(exact, "same.csv", catalog, opened)
    assert checked.ok and checked.conflicts.empty and checked.unchanged == 2
    before = now(opened, catalog)
    commit(opened, checked, by="amina", mode="replace", metadata=Metadata())
    after = now(opened, catalog)
    assert after.series("ausim_participants").equals(before.series("ausim_participants"))
    assert after.alternatives_of("ausim_participants").equals(
        before.alternatives_of("ausim_participants")
    )


# --- names the analyst typed ----------------------------------------------------------------


def test_indicator_names_in_three_languages_map_onto_the_indicator(
    opened: Store, catalog: Catalog
) -> None:
    content = (
        "indicator,country,year,value\n"
        "مستخدمو الإنترنت,MAR,2019,95\n"
        "Utilisateurs d’Internet,TUN,2019,90\n"  # a typographic apostrophe, as Word writes it
        "Individuals using the Internet,MLI,2019,60\n"
        "الأفراد الذين يستخدمون الإنترنت,CIV,2019,70\n"
    ).encode()
    checked = check(content, "names.csv", catalog, opened)
    assert checked.ok, [i18n.describe(p) for p in checked.problems]
    assert set(checked.rows["indicator"]) == {"internet_users"}
    assert checked.new == []


@pytest.mark.parametrize(
    ("cell", "hint"),
    [
        ("utilisateurs_internet", "internet_users"),
        ("internet_user", "internet_users"),
        ("مستخدمو الانترنيت", "internet_users"),  # misspelt Arabic: a hint, never a new id
    ],
)
def test_a_name_near_a_known_one_gets_did_you_mean_and_is_never_new(
    opened: Store, catalog: Catalog, cell: str, hint: str
) -> None:
    content = f"indicator,country,year,value\n{cell},MAR,2019,84\n".encode()
    checked = check(content, "near.csv", catalog, opened)
    assert not checked.ok and checked.new == []
    (problem,) = checked.errors
    assert problem.code in {"unknown_indicator", "unknown_indicator_name"}
    assert problem.params["hint"] == hint
    assert i18n.describe(problem).endswith(f"Did you mean “{hint}”?")


def test_an_id_is_never_invented_from_a_name_in_another_script(
    opened: Store, catalog: Catalog
) -> None:
    content = "indicator,country,year,value\nعدد الشركات الناشئة الجديدة,MAR,2019,84\n".encode()
    checked = check(content, "arabic.csv", catalog, opened)
    assert checked.new == [] and not checked.ok
    (problem,) = checked.errors
    assert problem.code == "unknown_indicator_name"
    assert "is neither a known indicator nor a possible id" in i18n.describe(problem)


# --- a new indicator may bring a new source -------------------------------------------------

NEW_META = {
    "indicators": [
        {
            "id": "fibre_subscriptions",
            "name": {
                "en": "Fibre subscriptions",
                "fr": "Abonnements fibre",
                "ar": "اشتراكات الألياف",
            },
            "description": {"en": "FTTH.", "fr": "FTTH.", "ar": "FTTH."},
            "unit": {"en": "subscriptions", "fr": "abonnements", "ar": "اشتراك"},
            "short_unit": {"en": "", "fr": "", "ar": ""},
            "theme": "connectivity",
            "direction": "higher_is_better",
            "decimals": 0,
            "sources": ["regulator_observatory_test"],
            "minimum": 0,
        }
    ],
    "sources": [
        {
            "id": "regulator_observatory_test",
            "title": "Observatoire du très haut débit (test record)",
            "publisher": "A regulator",
            "url": "https://example.org/observatoire",
            "published": "2025-06-30",
            "accessed": "2026-11-30",
            "confidence": "primary",
        }
    ],
}
FIBRE = b"indicator,country,year,value\nfibre_subscriptions,MAR,2023,230000\n"


def test_a_new_indicator_brings_a_new_source_and_both_follow_the_batch(
    opened: Store, catalog: Catalog
) -> None:
    meta = json.dumps(NEW_META).encode()  # JSON is YAML
    metadata = read_metadata(meta, "meta.yaml", catalog)
    checked = check(FIBRE, "fibre.csv", catalog, opened)
    assert [n.id for n in checked.new] == ["fibre_subscriptions"]
    with pytest.raises(MetadataMissing):
        commit(opened, checked, by="amina", mode="add", metadata=Metadata())
    batch = commit(opened, checked, by="amina", mode="add", metadata=metadata)
    assert (batch.indicators, batch.sources) == (
        ["fibre_subscriptions"],
        ["regulator_observatory_test"],
    )

    after = now(opened, catalog)
    assert [s.id for s in after.sources_of("fibre_subscriptions")] == ["regulator_observatory_test"]
    assert after.sources["regulator_observatory_test"].publisher == "A regulator"
    # Known now: more years need no metadata.
    more = check(FIBRE.replace(b"2023,230000", b"2024,310000"), "more.csv", after, opened)
    assert more.ok and more.new == []

    opened.withdraw(batch.id, "amina")
    gone = now(opened, catalog)
    assert "fibre_subscriptions" not in gone.indicators
    assert "regulator_observatory_test" not in gone.sources
    again = check(FIBRE, "fibre.csv", gone, opened)
    assert [n.id for n in again.new] == ["fibre_subscriptions"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["sources"].clear(), "refers to “regulator_observatory_test”"),
        (
            lambda m: m["sources"][0].update(id="ausim_2024_report"),
            "id “ausim_2024_report” is already in the catalogue",
        ),
        (lambda m: m["sources"][0].update(url="not a url"), "url"),
    ],
)
def test_bad_metadata_is_refused_with_every_problem(
    catalog: Catalog, change: object, message: str
) -> None:
    meta = json.loads(json.dumps(NEW_META))
    change(meta)  # type: ignore[operator]
    with pytest.raises(ProblemsFound) as caught:
        read_metadata(json.dumps(meta).encode(), "meta.yaml", catalog)
    assert any(message in i18n.describe(p) for p in caught.value.problems)


def test_nothing_is_stored_from_a_file_with_problems(opened: Store, catalog: Catalog) -> None:
    checked = check(
        b"indicator,country,year,value\ninternet_users,XXQ,2019,1\n", "x.csv", catalog, opened
    )
    before = opened.version()
    with pytest.raises(NotChecked):
        commit(opened, checked, by="amina", mode="add", metadata=Metadata())
    assert opened.version() == before


# --- an Our World in Data download, as downloaded -------------------------------------------


def test_an_owid_grapher_download_validates_and_its_regions_are_named_once(
    opened: Store, catalog: Catalog
) -> None:
    checked = check(OWID.read_bytes(), OWID.name, catalog, opened)
    assert checked.ok and checked.errors == []
    regions = [w for w in checked.warnings if w.code == "aggregate_skipped"]
    skipped = {g.first.value: len(g.rows) for g in grouped(regions)}
    assert set(skipped) == {
        "Asia",
        "North America",
        "Oceania",
        "South America",
    }
    # Africa, Europe, the EU, the World and the income groups have codes here.
    assert {"AFR", "EUR", "EUU", "WLD", "HIC", "UMC", "LMC", "LIC"} <= set(checked.rows["country"])
    assert {"MAR", "TUN", "MLI", "CIV"} <= set(checked.rows["country"])
    assert [n.id for n in checked.new] == ["number_of_internet_users"]
    # The same ITU series as internet_users, as counts: about as many jumps (2%) as the bundled
    # shares hold; each year's growth read against that year's, so not the 1990s' everywhere.
    jumped = [w for w in checked.warnings if w.code == "jump"]
    assert len(jumped) < 0.025 * len(checked.rows)
    assert len(checked.warnings) == len(regions) + len(jumped)
    line = i18n.describe_group(grouped(checked.warnings)[0])
    assert line.startswith(f"{OWID.name}, rows ") and "its rows are skipped" in line


def test_the_cli_names_each_skipped_region_once(tmp_path: Path) -> None:
    from tests.test_cli import cli

    out = cli("validate", str(OWID))
    assert out.returncode == 0, out.stderr
    warned = [line for line in out.stderr.splitlines() if "its rows are skipped" in line]
    assert len(warned) == 4 and any("“Asia”" in line for line in warned)


def test_a_file_of_regions_only_is_refused_as_having_no_rows(
    opened: Store, catalog: Catalog
) -> None:
    content = b"Entity,Code,Year,Internet users\nAsia,,2021,65.0\nOceania,,2021,70.0\n"
    checked = check(content, "regions.csv", catalog, opened)
    assert not checked.ok
    assert [p.code for p in checked.problems] == ["aggregate_skipped"] * 2 + ["no_rows"]
    assert i18n.describe(checked.errors[0]) == (
        "regions.csv: the file has a header but no data rows."
    )


def test_a_world_bank_group_not_yet_known_is_skipped_with_a_warning(
    opened: Store, catalog: Catalog
) -> None:
    """The bulk files list the Bank's groups beside its economies; one added after this
    release ("ZZG" here) is a group, not a mistake in the file."""
    real = (FILES / "real" / "API_IT.NET.USER.ZS_DS2_en_csv_v2.csv").read_text(encoding="utf-8-sig")
    extra = real.splitlines()[6].replace('"Morocco","MAR"', '"A new group","ZZG"')
    content = (real.rstrip("\n") + "\n" + extra + "\n").encode()
    checked = check(content, "API_IT.NET.USER.ZS.csv", catalog, opened)
    assert checked.ok and "ZZG" not in set(checked.rows["country"])
    (group,) = i18n.grouped(checked.warnings)
    assert group.first.value == "ZZG" and group.rows == (10,)  # one line, many years
    assert "“ZZG” is a region or group with no code in Athar" in i18n.describe_group(group)


# --- a jump beyond what the indicator's history makes plausible is warned, never refused ----

JUMP = b"indicator,country,year,value,note\ninternet_users,TUN,2023,95,\n"


def test_a_jump_from_the_charted_series_is_warned_and_the_file_is_not_refused(
    opened: Store, catalog: Catalog
) -> None:
    """Tunisia's charted 2022 value is 73.8379; 95 in 2023 is +21.2 points in a year, where
    internet use rises at most 8 points a year in its history."""
    checked = check(JUMP, "tun.csv", catalog, opened)
    assert checked.ok and not checked.errors
    (jump,) = checked.warnings
    assert (jump.code, jump.file, jump.row, jump.column, jump.value) == (
        "jump",
        "tun.csv",
        2,
        "value",
        "95",
    )
    assert i18n.describe(jump, "en") == (
        "tun.csv, row 2, column “value”: 73.8379 in 2022, then 95 in 2023: +21.2 a year, "
        "outside -4.7 to +8 a year, the range this indicator’s history makes plausible. "
        "Check the value, or give the reason in the row’s note. A warning only: the row is "
        "not refused. (2022: the value charted now.)"
    )
    # (where the row is, "ligne 2, colonne « value »", is the existing prefix of every problem)
    assert i18n.describe(jump, "fr").endswith(
        "73,8379 en 2022, puis 95 en 2023\u00a0: "
        "+21,2 par an, hors de l'intervalle de -4,7 à +8 par an que l'historique de cet "
        "indicateur rend plausible. Vérifiez la valeur, ou donnez-en la raison dans la note "
        "de la ligne. Simple avertissement\u00a0: la ligne n'est pas refusée. (2022\u00a0: la "
        "valeur affichée aujourd'hui.)"
    )
    arabic = i18n.describe(jump, "ar")
    for part in ("73,8379", "2022", "95", "2023", "+21,2", "-4,7", "+8", "السطر غير مرفوض"):
        assert part in arabic
    assert i18n.LRI + i18n.LRM + "+21,2" + i18n.PDI in arabic  # the sign stays before it


def test_a_jump_whose_row_gives_a_reason_in_its_note_is_not_warned(
    opened: Store, catalog: Catalog
) -> None:
    noted = JUMP.replace(b"95,\n", b"95,New survey of households from 2023.\n")
    checked = check(noted, "tun.csv", catalog, opened)
    assert checked.ok and checked.warnings == []


def test_an_ordinary_rise_is_not_warned(opened: Store, catalog: Catalog) -> None:
    checked = check(JUMP.replace(b"95", b"78.5"), "tun.csv", catalog, opened)
    assert checked.ok and checked.warnings == []


def test_a_jump_within_the_file_names_the_later_row(opened: Store, catalog: Catalog) -> None:
    """Both values in the file: the warning is on the later one, with no charted year."""
    rows = b"".join(
        b"internet_users,TUN,%d,%s,\n" % (y, v) for y, v in ((2023, b"74.9"), (2024, b"99"))
    )
    checked = check(b"indicator,country,year,value,note\n" + rows, "t.csv", catalog, opened)
    (jump,) = checked.warnings
    assert (jump.row, jump.params["first_year"], jump.params["second_year"]) == (3, 2023, 2024)
    assert "charted" not in jump.params


def test_a_jump_already_charted_is_not_warned_again(opened: Store, catalog: Catalog) -> None:
    """Morocco 2018-2019 (64.8039 to 84.1204) is charted, with its note; a file restating
    those values without one changes nothing, and brings no warning."""
    rows = b"internet_users,MAR,2018,64.8039,\ninternet_users,MAR,2019,84.1204,\n"
    checked = check(b"indicator,country,year,value,note\n" + rows, "m.csv", catalog, opened)
    assert checked.ok and checked.warnings == [] and checked.unchanged == 2
    moved = rows.replace(b"84.1204", b"88")
    checked = check(b"indicator,country,year,value,note\n" + moved, "m.csv", catalog, opened)
    (jump,) = checked.warnings
    assert (jump.row, jump.params["first_year"], jump.params["second_year"]) == (3, 2018, 2019)
