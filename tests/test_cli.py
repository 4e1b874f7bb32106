from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import i18n
from metrics.catalog import Catalog
from metrics.cli import main, progress_rows
from metrics.models import DIGITAL_MOROCCO
from metrics.store import Store
from tests.conftest import FILES, ROOT
from tests.test_store import store_digest


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_catalog_json_lists_the_reports_figures() -> None:
    out = cli("catalog", "--json")
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    participants = rows["ausim_participants"]
    assert participants["name"]["en"] and participants["name"]["ar"] and participants["name"]["fr"]
    assert participants["observations"] >= 3
    assert participants["countries"] == ["MAR"]
    assert participants["years"][1] == 2024
    assert participants["sources"]
    manufacturing = rows["footprint_manufacturing_share"]
    assert manufacturing["countries"] == ["FRA"]
    assert manufacturing["theme"] == "sustainability"
    assert any("ADEME" in s or "Arcep" in s for s in manufacturing["sources"])
    internet = set(rows["internet_users"]["countries"])
    assert {"CIV", "MAR", "MLI", "TUN", "WLD"} <= internet and len(internet) == 55


def test_catalog_text_output() -> None:
    out = cli("catalog")
    assert out.returncode == 0
    assert "ausim_participants" in out.stdout


def test_validate_accepts_a_sound_file() -> None:
    out = cli("validate", str(FILES / "good_long.csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        "good_long.csv: valid. Rows: 2; indicators: 1; countries: 2; years 2024–2024."
    )


BAD = {
    "missing_column.csv": (
        "missing_column.csv, row 1, column “value”: the required column is missing"
    ),
    "text_in_number.csv": "text_in_number.csv, row 3, column “value”: “ninety” is not a number.",
    "unknown_indicator.csv": (
        "row 2, column “indicator”: “internet_userz” is not a known indicator id."
        " Did you mean “internet_users”?"
    ),
    "year_out_of_range.csv": "row 2, column “year”: year 1850 is outside 1950–2100.",
    "duplicate_conflict.csv": (
        "row 4, column “value”: 91 conflicts with 90 given for the same indicator,"
        " country and year in duplicate_conflict.csv, row 2"
    ),
    "empty.csv": "empty.csv: the file is empty.",
    "header_only.csv": "header_only.csv: the file has a header but no data rows.",
    "unknown_country.csv": (
        "row 2, column “country”: “XYZ” is not an ISO 3166 alpha-3 country code (such as MAR)"
    ),
    "percentage_250.csv": (
        "row 2, column “value”: 250 is above 100, the largest value internet_users can take"
    ),
    "unterminated_quote.csv": "unterminated_quote.csv, row 2: the file cannot be read as CSV",
    "future_year.csv": "row 2, column “year”: year 2040 is after",
    "binary.csv": "binary.csv: this is not a text file",
}


@pytest.mark.parametrize(("name", "message"), BAD.items())
def test_validate_names_row_and_column_without_traceback(name: str, message: str) -> None:
    out = cli("validate", str(FILES / "bad" / name))
    assert out.returncode == 1
    assert message in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_validate_json_report() -> None:
    out = cli("validate", "--json", str(FILES / "bad" / "text_in_number.csv"))
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["valid"] is False
    (problem,) = report["problems"]
    assert (problem["code"], problem["row"], problem["column"], problem["value"]) == (
        "not_a_number",
        3,
        "value",
        "ninety",
    )


@pytest.mark.parametrize("args", [(), ("validate",), ("frobnicate",)])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    out = cli(*args)
    assert out.returncode == 2
    assert "usage:" in out.stderr


def test_validate_missing_file_exits_1() -> None:
    out = cli("validate", "no/such/file.csv")
    assert out.returncode == 1
    assert "the file does not exist" in out.stderr


def test_progress_lists_every_target_with_its_status() -> None:
    out = cli("progress", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["method"] == "linear"
    rows = {r["target"]: r for r in report["targets"]}
    osi = rows["dm2030_osi_rank"]
    assert (osi["status"], osi["baseline"], osi["latest"]) == ("too_slow", [2022, 113], [2024, 100])
    assert osi["sentence"].startswith("At the pace seen since 2022, UN Online Service Index rank")
    jobs = rows["dm2030_direct_jobs"]
    assert (jobs["status"], jobs["reason"]) == ("insufficient", "no_baseline")
    assert rows["dm2030_5g_strategy"]["superseded_by"] == "anrt_5g_licence_obligation"
    text = cli("progress", "--method", "growth")
    assert text.returncode == 0
    assert len(text.stdout.splitlines()) == len(rows) + 1  # a header, then one line a target
    assert cli("progress", "--method", "magic").returncode == 2


def test_progress_follows_the_chosen_strategy(catalog: Catalog) -> None:
    default = json.loads(cli("progress", "--json").stdout)
    out = cli("progress", "--strategy", DIGITAL_MOROCCO, "--json")
    assert out.returncode == 0, out.stderr
    chosen = json.loads(out.stdout)
    assert chosen == default and chosen["strategy"] == DIGITAL_MOROCCO
    ids = {r["target"] for r in chosen["targets"]}
    # Its own targets, and Morocco's renewable-electricity ones shown beside them.
    assert {"dm2030_osi_rank", "renewables_capacity_2030"} <= ids
    unknown = cli("progress", "--strategy", "tunisie_2035", "--json")
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    assert unknown.stderr.strip() == i18n.t(
        "cli.unknown_strategy",
        strategy="tunisie_2035",
        known=", ".join(sorted(catalog.strategies)),
    )
    for lang in ("fr", "ar"):  # worded in each language, the id kept as given
        worded = i18n.t("cli.unknown_strategy", lang, strategy="tunisie_2035", known="")
        assert "tunisie_2035" in worded


def test_progress_rows_keep_to_one_strategy(catalog: Catalog) -> None:
    """A second strategy's targets are judged apart from Morocco's: each view shows its own,
    and a target with no strategy stays beside the strategy of its own country only."""
    dm = catalog.strategies[DIGITAL_MOROCCO]
    other = dm.model_copy(update={"id": "other_2030", "country": "TUN"})
    osi = next(t for t in catalog.targets if t.id == "dm2030_osi_rank")
    theirs = osi.model_copy(update={"id": "other_osi", "country": "TUN", "strategy": other.id})
    beside = osi.model_copy(update={"id": "other_beside", "country": "TUN", "strategy": None})
    both = dataclasses.replace(
        catalog,
        strategies={**catalog.strategies, other.id: other},
        targets=[*catalog.targets, theirs, beside],
    )
    rows = [r["target"] for r in progress_rows(both, "linear", other.id)]
    assert rows == ["other_osi", "other_beside"]
    morocco = {r["target"] for r in progress_rows(both, "linear")}
    assert morocco == {t.id for t in catalog.of_strategy(DIGITAL_MOROCCO)}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("fr_excel_windows_1252.csv", "fr_excel_windows_1252.csv: valid. Rows: 4;"),
        ("ar_excel_windows_1256.csv", "ar_excel_windows_1256.csv: valid. Rows: 3;"),
        ("ar_utf8_bom.csv", "ar_utf8_bom.csv: valid. Rows: 3;"),
        ("fr_utf8_bom_nnbsp.tsv", "fr_utf8_bom_nnbsp.tsv: valid. Rows: 2;"),
    ],
)
def test_validate_reads_real_world_long_files(name: str, message: str) -> None:
    out = cli("validate", str(FILES / "real" / name))
    assert out.returncode == 0, out.stderr
    assert message in out.stdout


@pytest.mark.parametrize(
    "name", ["API_IT.NET.USER.ZS_DS2_en_csv_v2.csv", "share-of-individuals-using-the-internet.csv"]
)
def test_validate_maps_downloads_onto_known_indicators(name: str) -> None:
    out = cli("validate", "--json", str(FILES / "real" / name))
    assert out.returncode == 0, out.stdout
    report = json.loads(out.stdout)
    assert (report["valid"], report["problems"], report["new_indicators"]) == (True, [], [])


def test_new_indicators_are_valid_and_say_what_metadata_they_need(tmp_path: Path) -> None:
    world_bank = tmp_path / "API_IT.NET.SECR.P6.csv"
    world_bank.write_text(
        '"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-06-28",\n\n'
        '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022",\n'
        '"Morocco","MAR","Secure Internet servers (per 1 million people)","IT.NET.SECR.P6",'
        '"61.2","70.5",\n',
        encoding="utf-8",
    )
    out = cli("validate", str(world_bank))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "API_IT.NET.SECR.P6.csv: valid. Rows: 2; indicators: 1; countries: 1; years 2021–2022.",
        "One indicator is not in the catalogue; its rows are sound, and it needs metadata"
        " before it can be imported:",
        "  it_net_secr_p6 (named in the file: “Secure Internet servers (per 1 million people)”):"
        " needs name.fr, name.ar, description, unit, short_unit, theme, direction, decimals,"
        " sources",
    ]
    long = tmp_path / "long.csv"
    long.write_text("indicator,country,year,value\ninternet_users_female,MAR,2023,86\n")
    report = json.loads(cli("validate", "--json", str(long)).stdout)
    assert report["valid"] is True
    assert report["new_indicators"] == [
        {
            "id": "internet_users_female",
            "name_in_file": None,
            "needs": [
                "name.en",
                "name.fr",
                "name.ar",
                "description",
                "unit",
                "short_unit",
                "theme",
                "direction",
                "decimals",
                "sources",
            ],
        }
    ]


CORPUS = sorted((FILES / "bad").glob("*.csv"))
WHERE = re.compile(r"^  (?P<file>[^,:]+)(?:, row (?P<row>\d+)(?:, column “[^”]+”)?)?: ")


def test_the_bad_file_corpus_is_large() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_bad_file_is_refused_with_a_located_message(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In-process (the subprocess tests above cover the real entry point): an exception
    # escaping main() would fail this test with its traceback.
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    lines = out.err.splitlines()
    assert lines[0].startswith(f"{path.name}: ") and "nothing was imported" in lines[0]
    problems = [line for line in lines[1:] if line.startswith("  ")]
    assert problems
    for line in problems:
        where = WHERE.match(line)
        assert where and where["file"] == path.name, line
    # A file that opened as a table names the row of each problem (the header is row 1).
    readable = path.stat().st_size > 0 and b"\x00" not in path.read_bytes()[:64]
    if (
        readable
        and path.read_text(errors="replace").strip()
        and "\n" in path.read_text(errors="replace").strip()
    ):
        assert all(WHERE.match(line)["row"] for line in problems), problems


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    from metrics.read import MAX_BYTES

    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.write(b"indicator,country,year,value\n")
        f.truncate(MAX_BYTES + 1)
    out = cli("validate", str(big))
    assert out.returncode == 1
    assert "big.csv: the file is larger than 50 MB." in out.stderr


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "athar.db"
    monkeypatch.setenv("METRICS_DB_PATH", str(path))
    monkeypatch.delenv("METRICS_DB_URL", raising=False)
    return path


def digest_of(path: Path) -> str:
    store = Store(f"sqlite:///{path}")
    try:
        return store_digest(store)
    finally:
        store.close()


def test_import_history_undo_restore_export(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = tmp_path / "corrections.csv"
    upload.write_bytes(
        "indicator;country;year;value\ninternet_users;MAR;2022;90,5\nosi_rank;MAR;2026;80\n".encode(
            "cp1252"
        )
    )
    assert main(["import", str(upload), "--by", "amina"]) == 0
    out = capsys.readouterr().out
    assert "Imported corrections.csv as batch 2. Rows: 2." in out
    assert "One value differs from the charted one: it was kept beside it" in out

    assert main(["history", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [(b["id"], b["kind"], b["by"], b["rows"], b["status"]) for b in history] == [
        (2, "upload", "amina", 2, "active"),
        (1, "bundled", "athar", history[1]["rows"], "active"),
    ]

    assert main(["export", "--indicator", "internet_users"]) == 0
    csv_text = capsys.readouterr().out
    assert "internet_users,MAR,2022,89.9," in csv_text  # "add": the charted value stays

    assert main(["import", str(upload), "--by", "amina", "--replace"]) == 0
    capsys.readouterr()
    assert main(["export", "--indicator", "internet_users"]) == 0
    assert "internet_users,MAR,2022,90.5," in capsys.readouterr().out

    assert main(["undo", "3", "--by", "amina"]) == 0
    assert "Batch 3 (corrections.csv) is withdrawn" in capsys.readouterr().out
    assert main(["export", "--indicator", "internet_users"]) == 0
    assert "internet_users,MAR,2022,89.9," in capsys.readouterr().out
    assert main(["undo", "3", "--restore", "--by", "amina"]) == 0
    capsys.readouterr()
    assert main(["export", "--indicator", "internet_users"]) == 0
    assert "internet_users,MAR,2022,90.5," in capsys.readouterr().out

    assert main(["undo", "1"]) == 1
    assert "holds the bundled data" in capsys.readouterr().err
    assert main(["undo", "99"]) == 1
    assert "There is no batch 99." in capsys.readouterr().err


def test_import_of_a_new_indicator_needs_its_metadata(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = tmp_path / "female.csv"
    rows = [
        "indicator,country,year,value,source",
        "internet_users_female,MAR,2018,61.1,mwn_2020_anrt",
    ]
    upload.write_text("\n".join(rows) + "\n")
    assert main(["history"]) == 0  # creates the store with its bundled batch
    before = digest_of(store_path)
    capsys.readouterr()
    assert main(["import", str(upload), "--by", "amina"]) == 1
    err = capsys.readouterr().err
    assert "one indicator is not in the catalogue" in err and "internet_users_female" in err
    assert digest_of(store_path) == before
    metadata = tmp_path / "female.yaml"
    metadata.write_text(
        """- id: internet_users_female
  name: {en: "Women using the Internet", fr: "Femmes utilisant Internet",
         ar: "النساء المستخدمات للإنترنت"}
  description: {en: "Share of women using the Internet.", fr: "Part des femmes.",
                ar: "نسبة النساء."}
  unit: {en: "% of women", fr: "% des femmes", ar: "% من النساء"}
  short_unit: {en: "%", fr: "%", ar: "%"}
  theme: connectivity
  direction: higher_is_better
  decimals: 1
  sources: [mwn_2020_anrt]
  minimum: 0
  maximum: 100
""",
        encoding="utf-8",
    )
    assert main(["import", str(upload), "--by", "amina", "--metadata", str(metadata)]) == 0
    capsys.readouterr()
    assert main(["export", "--indicator", "internet_users_female"]) == 0
    assert "internet_users_female,MAR,2018,61.1," in capsys.readouterr().out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_bad_file_leaves_the_store_byte_for_byte_unchanged(
    path: Path, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history"]) == 0  # creates the store with its bundled batch
    before = digest_of(store_path)
    assert main(["import", str(path), "--by", "amina"]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert digest_of(store_path) == before


JOBS_META = """\
- id: digital_jobs_total
  name:
    {en: "Digital jobs (test)", fr: "Emplois numériques (test)", ar: "مناصب الشغل الرقمية (اختبار)"}
  description: {en: "Test series.", fr: "Série de test.", ar: "سلسلة اختبار."}
  unit: {en: "jobs", fr: "emplois", ar: "منصب"}
  short_unit: {en: "", fr: "", ar: ""}
  theme: economy
  direction: higher_is_better
  decimals: 0
  sources: [lnt_2024_dm2030_launch]
  minimum: 0
"""


def test_an_imported_indicator_is_known_to_every_command_until_it_is_withdrawn(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sequence a new user tries: a new indicator with its metadata, then more years of it
    without; catalog and progress show what was imported; undo takes it away everywhere."""
    new = tmp_path / "new.csv"
    new.write_text(
        "indicator,country,year,value\ndigital_jobs_total,MAR,2022,100000\n"
        "digital_direct_jobs,MAR,2022,120000\n"
    )
    more = tmp_path / "more.csv"
    more.write_text(
        "indicator,country,year,value\ndigital_jobs_total,MAR,2024,130000\n"
        "digital_direct_jobs,MAR,2024,150000\n"
    )
    meta = tmp_path / "new-meta.yaml"
    meta.write_text(JOBS_META, encoding="utf-8")

    assert main(["progress", "--json"]) == 0
    before = {r["target"]: r for r in json.loads(capsys.readouterr().out)["targets"]}
    assert before["dm2030_direct_jobs"]["status"] == "insufficient"

    assert main(["import", str(new), "--by", "me", "--metadata", str(meta)]) == 0
    assert main(["validate", str(more)]) == 0
    assert "new to the catalogue" not in capsys.readouterr().out
    assert main(["import", str(more), "--by", "me"]) == 0
    capsys.readouterr()

    assert main(["catalog", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["digital_jobs_total"]["observations"] == 2
    assert rows["digital_jobs_total"]["years"] == [2022, 2024]
    assert main(["progress", "--json"]) == 0
    after = {r["target"]: r for r in json.loads(capsys.readouterr().out)["targets"]}
    assert after["dm2030_direct_jobs"]["latest"] == [2024, 150000.0]
    assert after["dm2030_direct_jobs"]["status"] != "insufficient"

    assert main(["undo", "2", "--by", "me"]) == 0  # the batch that described the indicator
    capsys.readouterr()
    assert main(["catalog", "--json"]) == 0
    assert "digital_jobs_total" not in {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert main(["validate", str(more)]) == 0
    out = capsys.readouterr().out
    assert "One indicator is not in the catalogue" in out and "digital_jobs_total" in out
    assert main(["import", str(more), "--by", "me"]) == 1
    assert "digital_jobs_total" in capsys.readouterr().err


OWID_META = """\
indicators:
  - id: number_of_internet_users
    name: {en: "Number of Internet users", fr: "Nombre d'internautes", ar: "عدد مستخدمي الإنترنت"}
    description: {en: "People using the Internet.", fr: "Internautes.", ar: "مستخدمو الإنترنت."}
    unit: {en: "people", fr: "personnes", ar: "شخص"}
    short_unit: {en: "", fr: "", ar: ""}
    theme: connectivity
    direction: higher_is_better
    decimals: 0
    sources: [owid_internet_users]
    minimum: 0
sources:
  - id: owid_internet_users
    title: "Number of people using the Internet"
    publisher: "Our World in Data"
    url: "https://ourworldindata.org/grapher/number-of-internet-users"
    accessed: 2026-12-01
    confidence: secondary
"""


def test_an_owid_grapher_download_imports_as_downloaded(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owid = FILES / "real" / "number-of-internet-users.csv"
    meta = tmp_path / "owid-meta.yaml"
    meta.write_text(OWID_META, encoding="utf-8")
    assert main(["import", str(owid), "--by", "me", "--metadata", str(meta)]) == 0
    captured = capsys.readouterr()
    assert "Imported number-of-internet-users.csv as batch 2" in captured.out
    assert "“Asia” is a region or group with no code in Athar" in captured.err
    assert main(["export", "--indicator", "number_of_internet_users"]) == 0
    exported = capsys.readouterr().out
    assert "number_of_internet_users,MAR,2021," in exported
    assert "number_of_internet_users,CIV,2021," in exported
    assert "Asia" not in exported


def test_validate_lists_a_jump_as_a_warning_and_the_file_stays_valid(tmp_path: Path) -> None:
    path = tmp_path / "tun.csv"
    path.write_text("indicator,country,year,value\ninternet_users,TUN,2023,95\n")
    out = cli("validate", "--json", str(path))
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["valid"] is True
    (jump,) = report["problems"]
    assert (jump["code"], jump["severity"], jump["row"], jump["column"]) == (
        "jump",
        "warning",
        2,
        "value",
    )
    assert jump["params"]["first_year"] == 2022 and jump["params"]["second_year"] == 2023
    assert "73.8379 in 2022, then 95 in 2023: +21.2 a year" in jump["message"]
    assert "the row is not refused" in jump["message"]
    plain = cli("validate", str(path))
    assert plain.returncode == 0
    assert "One warning:" in plain.stderr and "+21.2 a year" in plain.stderr


def test_template_targets_in_french_is_headed_in_french_and_validates(tmp_path: Path) -> None:
    out = cli("template", "--targets", "--lang", "fr")
    assert out.returncode == 0, out.stderr
    header = out.stdout.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("pays,stratégie,identifiant,indicateur,nom_en")
    assert "objectifs_intermédiaires" in header and "valeur_de_référence" in header
    path = tmp_path / "objectifs.csv"
    path.write_text(out.stdout, encoding="utf-8")
    checked = cli("validate", str(path), "--targets")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "objectifs.csv: valid. Targets: 0; strategies: 0."
    assert "already in the catalogue with the same figures" in checked.stderr  # a warning


def test_template_without_targets_is_the_observations_template() -> None:
    out = cli("template", "--lang", "ar")
    assert out.returncode == 0, out.stderr
    assert out.stdout.lstrip("\ufeff").startswith("المؤشر,البلد,السنة,القيمة")


def test_validate_targets_reports_row_and_column_and_exit_codes(tmp_path: Path) -> None:
    from tests.test_targets_file import ROW, targets_csv

    good = tmp_path / "good.csv"
    good.write_bytes(targets_csv(ROW, lang="ar"))
    out = cli("validate", str(good), "--targets")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "good.csv: valid. Targets: 1; strategies: 1."
    bad = tmp_path / "bad.csv"
    bad.write_bytes(targets_csv(ROW, {**ROW, "id": "dm2030_other", "baseline_year": "2031"}))
    out = cli("validate", str(bad), "--targets")
    assert out.returncode == 1
    assert (
        "bad.csv, row 3, column “baseline_year”: the baseline year 2031 is not before the target"
        " year 2030." in out.stderr
    )
    assert "Traceback" not in out.stderr + out.stdout
    out = cli("validate", "--json", str(bad), "--targets")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["valid"] is False
    (problem,) = report["problems"]
    assert (problem["code"], problem["row"], problem["column"], problem["value"]) == (
        "baseline_after_target",
        3,
        "baseline_year",
        "2031",
    )
    # Without --targets the file is judged as observations: the flag says which contract.
    assert cli("validate", str(good)).returncode == 1


def test_template_targets_as_yaml_validates_and_yaml_alone_is_refused(tmp_path: Path) -> None:
    out = cli("template", "--targets", "--format", "yaml")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("- id: dm2030_offshoring_jobs\n")
    assert "target_value: 270000\n" in out.stdout
    path = tmp_path / "objectifs.yaml"
    path.write_text(out.stdout, encoding="utf-8")
    checked = cli("validate", str(path), "--targets")
    assert checked.returncode == 0, checked.stderr
    refused = cli("template", "--format", "yaml")
    assert refused.returncode == 2 and "add --targets" in refused.stderr
