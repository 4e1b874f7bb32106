"""A partner's strategy and its targets, imported as one batch: stored on SQLite and on
PostgreSQL, joined to the catalogue, withdrawn and restored, from the command line; and bad
targets files refused with row and column, the store left byte for byte as it was."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from metrics.catalog import Catalog
from metrics.cli import main
from metrics.current import current_catalog, open_store
from metrics.errors import ProblemsFound
from metrics.importing import (
    DescriptionMissing,
    Metadata,
    NothingNew,
    check_targets,
    commit_targets,
    read_metadata,
)
from metrics.progress import Status
from metrics.store import BadTargets, Store, schema
from tests.conftest import FILES
from tests.test_cli import digest_of, store_path  # noqa: F401  (a fixture)
from tests.test_store import store_digest
from tests.test_targets_file import BAD, ROW, targets_csv

EXAMPLE = FILES / "strategy" / "example_targets.csv"
EXAMPLE_META = FILES / "strategy" / "example_metadata.yaml"
STRATEGY = "example_tun_strategy"


def described(catalog: Catalog) -> Metadata:
    return read_metadata(EXAMPLE_META.read_bytes(), EXAMPLE_META.name, catalog)


def import_example(store: Store, catalog: Catalog, by: str = "amina") -> int:
    metadata = described(catalog)
    content = EXAMPLE.read_bytes()
    checked = check_targets(content, EXAMPLE.name, catalog, metadata)
    batch = commit_targets(
        store, checked, name=EXAMPLE.name, content=content, by=by, metadata=metadata
    )
    return batch.id


@pytest.fixture
def with_bundled(store_url: str, catalog: Catalog) -> Iterator[Store]:
    """A store holding the bundled release, as the app and the command line open it."""
    store = open_store(catalog, store_url)
    yield store
    store.close()


def test_a_targets_file_is_one_batch_withdrawn_and_restored_whole(
    store: Store, catalog: Catalog
) -> None:
    batch_id = import_example(store, catalog)
    batch = store.batch(batch_id)
    assert (batch.kind, batch.rows, batch.status) == ("upload", 0, "active")
    assert batch.targets == ["example_tun_internet", "example_tun_egdi"]
    assert batch.strategies == [STRATEGY] and batch.sources == ["example_tun_source"]
    assert store.original(batch_id) == EXAMPLE.read_bytes()
    held = store.snapshot()
    assert held.strategies[STRATEGY].country == "TUN"
    internet = held.targets["example_tun_internet"]
    assert (internet.baseline_year, internet.baseline_value) == (2019, 66.7)
    assert [(m.year, m.value) for m in internet.milestones] == [(2025, 80.0)]
    assert held.sources["example_tun_source"].publisher == "Athar test suite"
    assert held.contents.empty  # a targets batch adds no observations

    store.withdraw(batch_id, by="amina")
    gone = store.snapshot()
    assert (gone.targets, gone.strategies, gone.sources) == ({}, {}, {})
    store.restore(batch_id, by="amina")
    assert set(store.snapshot().targets) == {"example_tun_internet", "example_tun_egdi"}


def test_a_batch_without_targets_is_refused_and_changes_nothing(store: Store) -> None:
    before = store_digest(store)
    with pytest.raises(BadTargets, match="no targets"):
        store.import_targets([], by="amina", file_name="t.csv", content=b"t")
    assert store_digest(store) == before


def test_the_imported_strategy_is_judged_beside_morocco_and_leaves_with_its_batch(
    with_bundled: Store, catalog: Catalog
) -> None:
    store = with_bundled
    batch_id = import_example(store, catalog)
    now = current_catalog(store, catalog)
    assert now.strategies[STRATEGY].name.fr.startswith("Stratégie d'exemple")
    assert [t.id for t in now.of_strategy(STRATEGY)] == [
        "example_tun_internet",
        "example_tun_egdi",
    ]
    statuses = {p.target.id: p.final.status for p in now.assess("linear")}
    # Tunisia's internet use: 66.7 % (2019) -> 73.8 % (2022), 31 % of the way in 3 of 11
    # years; its e-government index 0.65 (2020) -> 0.693 (2024), too slow for 0.8 by 2030.
    assert statuses["example_tun_internet"] is Status.on_track
    assert statuses["example_tun_egdi"] is Status.too_slow
    cited = {getattr(r, "id", None) for r in now.citations()["example_tun_source"]}
    assert cited == {STRATEGY, "example_tun_internet", "example_tun_egdi"}  # Sources page
    assert len(now.of_strategy("digital_morocco_2030")) == len(
        catalog.of_strategy("digital_morocco_2030")
    )

    store.withdraw(batch_id, by="amina")
    after = current_catalog(store, catalog)
    assert STRATEGY not in after.strategies
    assert not any(t.id.startswith("example_tun") for t in after.targets)


def test_targets_whose_strategy_was_withdrawn_are_left_out_until_it_is_restored(
    with_bundled: Store, catalog: Catalog
) -> None:
    store = with_bundled
    first = import_example(store, catalog)
    with_strategy = current_catalog(store, catalog)
    later = {**ROW, "country": "TUN", "strategy": STRATEGY, "id": "example_tun_internet_2035"}
    later |= {"source": "example_tun_source", "target_year": "2035", "target_value": "97"}
    later |= {"baseline_year": "", "baseline_value": "", "milestones": ""}
    content = targets_csv(later)
    checked = check_targets(content, "more.csv", with_strategy)
    assert checked.described, checked.problems
    commit_targets(
        store, checked, name="more.csv", content=content, by="karim", metadata=Metadata()
    )
    ids = {t.id for t in current_catalog(store, catalog).targets}
    assert "example_tun_internet_2035" in ids

    assert store.relying_on(first) == ["example_tun_internet_2035"]  # said before
    assert store.relying_on(first + 1) == []
    store.withdraw(first, by="amina")  # the strategy and the source leave with it
    ids = {t.id for t in current_catalog(store, catalog).targets}
    assert not any(i.startswith("example_tun") for i in ids)
    store.restore(first, by="amina")
    ids = {t.id for t in current_catalog(store, catalog).targets}
    assert "example_tun_internet_2035" in ids


def test_undescribed_records_and_repeated_files_are_refused_in_words(
    store: Store, catalog: Catalog
) -> None:
    content = EXAMPLE.read_bytes()
    checked = check_targets(content, EXAMPLE.name, catalog)
    assert checked.ok and not checked.described
    assert checked.new_strategies == {STRATEGY: "TUN"}
    assert checked.new_sources == ["example_tun_source"]
    before = store_digest(store)
    with pytest.raises(DescriptionMissing) as refused:
        commit_targets(
            store, checked, name=EXAMPLE.name, content=content, by="a", metadata=Metadata()
        )
    assert refused.value.params["ids"] == f"{STRATEGY}, example_tun_source"
    assert store_digest(store) == before

    bundled_again = targets_csv(
        {
            **ROW,
            "id": "dm2030_offshoring_jobs",
            **_offshoring(catalog),
        }
    )
    same = check_targets(bundled_again, "again.csv", catalog)
    assert same.ok and same.targets == [] and same.unchanged == ["dm2030_offshoring_jobs"]
    with pytest.raises(NothingNew):
        commit_targets(
            store, same, name="again.csv", content=bundled_again, by="a", metadata=Metadata()
        )
    assert store_digest(store) == before


def _offshoring(catalog: Catalog) -> dict[str, str]:
    """The cells of a bundled target as it stands."""
    target = next(t for t in catalog.targets if t.id == "dm2030_offshoring_jobs")
    return {
        "indicator": target.indicator,
        "baseline_year": str(target.baseline_year),
        "baseline_value": f"{target.baseline_value:g}",
        "milestones": "; ".join(f"{m.year}:{m.value:g}" for m in target.milestones),
        "target_year": str(target.target_year),
        "target_value": f"{target.target_value:g}",
        "source": target.source,
    }


def test_a_store_without_the_targets_columns_is_brought_up_to_date(
    store_url: str, catalog: Catalog
) -> None:
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        schema.METADATA.create_all(conn)
        for column in ("targets", "strategies"):
            conn.exec_driver_sql(f"ALTER TABLE batches DROP COLUMN {column}")
    engine.dispose()
    store = Store(store_url)
    try:
        batch_id = import_example(store, catalog)
        assert store.batch(batch_id).strategies == [STRATEGY]
    finally:
        store.close()


# --- the command line -----------------------------------------------------------------------


def test_import_targets_from_the_command_line(
    store_path: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["history"]) == 0
    before = digest_of(store_path)
    capsys.readouterr()
    assert main(["import", str(EXAMPLE), "--targets", "--by", "amina"]) == 1
    err = capsys.readouterr().err
    assert "names what the catalogue does not hold" in err
    assert f"strategy {STRATEGY} (TUN): new" in err and "source example_tun_source: new" in err
    assert digest_of(store_path) == before

    args = ["import", str(EXAMPLE), "--targets", "--by", "amina", "--metadata", str(EXAMPLE_META)]
    assert main(args) == 0
    assert "as batch 2. Targets: 2; new strategies: 1." in capsys.readouterr().out
    assert main(["history"]) == 0
    assert "2 targets" in capsys.readouterr().out
    assert main(["progress", "--strategy", STRATEGY, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(r["target"], r["status"]) for r in report["targets"]] == [
        ("example_tun_internet", "on_track"),
        ("example_tun_egdi", "too_slow"),
    ]
    again = digest_of(store_path)
    assert main(args) == 1  # the same strategy and source again: taken ids, nothing stored
    assert "is already in the catalogue" in capsys.readouterr().err
    assert digest_of(store_path) == again

    later = {**ROW, "country": "TUN", "strategy": STRATEGY, "id": "example_tun_internet_2035"}
    later |= {"source": "example_tun_source", "target_year": "2035", "target_value": "97"}
    more = tmp_path / "more.csv"
    more.write_bytes(targets_csv(later))
    assert main(["import", str(more), "--targets", "--by", "karim"]) == 0  # no metadata needed
    capsys.readouterr()
    assert main(["undo", "2", "--by", "amina"]) == 0
    said = capsys.readouterr().out
    assert "Batch 2 (example_targets.csv) is withdrawn" in said
    assert "as they rely on what it brought: the targets example_tun_internet_2035" in said
    assert main(["progress", "--strategy", STRATEGY]) == 2
    assert f"“{STRATEGY}” is not a known strategy id" in capsys.readouterr().err


# Every bad file of the reader's tests, through `import --targets`: refused by row and column
# (or, for a strategy or source nothing describes, by what needs describing), store unchanged.
NEEDS_DESCRIBING = {"unknown_strategy", "unknown_source"}


def test_every_bad_targets_file_leaves_the_store_unchanged(
    store_path: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["history"]) == 0
    before = digest_of(store_path)
    for case, (change, _, column) in BAD.items():  # one store for all: each must leave it be
        path = tmp_path / f"{case}.csv"
        path.write_bytes(targets_csv({**ROW, "id": "dm2030_internet_first"}, {**ROW, **change}))
        capsys.readouterr()
        assert main(["import", str(path), "--targets", "--by", "amina"]) == 1, case
        err = capsys.readouterr().err
        assert "Nothing was imported" in err or "nothing was imported" in err, (case, err)
        if case in NEEDS_DESCRIBING:
            assert change[column] in err, (case, err)
        else:
            assert f"{case}.csv, row 3, column “{column}”" in err, (case, err)
        assert digest_of(store_path) == before, case


def test_a_described_strategy_of_another_country_is_refused_by_row(
    store_path: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text(EXAMPLE_META.read_text().replace("country: TUN", "country: MLI"))
    assert main(["history"]) == 0
    before = digest_of(store_path)
    capsys.readouterr()
    args = ["import", str(EXAMPLE), "--targets", "--by", "a", "--metadata", str(meta)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "example_targets.csv, rows 2–3, column “country”" in err, err
    assert digest_of(store_path) == before


def test_the_metadata_file_of_a_strategy_is_checked(catalog: Catalog) -> None:
    text = EXAMPLE_META.read_text()
    for broken, code in (
        (text.replace("source: example_tun_source", "source: nowhere"), "unknown_reference"),
        (text.replace("id: example_tun_strategy", "id: digital_morocco_2030"), "id_taken"),
        (text + "targets: []\n", "unknown_metadata_key"),
    ):
        with pytest.raises(ProblemsFound) as found:
            read_metadata(broken.encode(), "meta.yaml", catalog)
        assert code in [p.code for p in found.value.problems]


def test_a_partner_whose_association_brought_its_strategy_is_no_longer_said_missing(
    catalog: Catalog,
) -> None:
    missing = [s.country for s in catalog.not_found()]
    assert "CIV" in missing
    ivorian = catalog.strategies["digital_morocco_2030"].model_copy(
        update={"id": "example_civ_strategy", "country": "CIV"}
    )
    brought = dataclasses.replace(catalog, strategies={**catalog.strategies, ivorian.id: ivorian})
    assert [s.country for s in brought.not_found()] == [c for c in missing if c != "CIV"]
