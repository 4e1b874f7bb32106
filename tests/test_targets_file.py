"""A targets file, read and judged: every problem by file, row and column, in three languages."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
import yaml

from metrics import i18n
from metrics.catalog import Catalog
from metrics.errors import Problem
from metrics.export import xlsx_bytes
from metrics.limits import MAX_PROBLEMS, MAX_TARGETS
from metrics.models import DIGITAL_MOROCCO, TARGET_COLUMNS, TARGET_HEADERS, Names, Strategy
from metrics.targets_file import read_targets, targets_template

# A new target, sound in every cell: each bad file below changes one thing in it.
ROW = {
    "country": "MAR",
    "strategy": DIGITAL_MOROCCO,
    "id": "dm2030_internet_2030",
    "indicator": "internet_users",
    "name_en": "Internet use by 95% of people by 2030",
    "name_fr": "Usage d'Internet par 95 % de la population d'ici 2030",
    "name_ar": "استخدام الإنترنت من طرف 95% من السكان في أفق 2030",
    "baseline_year": "2022",
    "baseline_value": "88",
    "milestones": "2026:91; 2028:93",
    "target_year": "2030",
    "target_value": "95",
    "source": "lnt_2024_dm2030_launch",
    "note_en": "",
    "note_fr": "",
    "note_ar": "",
    "supersedes": "",
}


def targets_csv(*rows: dict[str, str], lang: str = "en", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(TARGET_HEADERS[lang])
    for row in rows:
        writer.writerow([row.get(c, "") for c in TARGET_COLUMNS])
    return out.getvalue().encode("utf-8")


def errors(found: list[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in found if p.severity == "error"]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_targets_file_headed_in_each_language_is_read(catalog: Catalog, lang: str) -> None:
    second = {**ROW, "id": "dm2030_internet_2035", "target_year": "2035", "target_value": "97"}
    checked = read_targets(targets_csv(ROW, second, lang=lang), f"t_{lang}.csv", catalog)
    assert checked.ok, [i18n.describe(p) for p in checked.problems]
    first, other = checked.targets
    assert (first.id, first.strategy, first.country) == (ROW["id"], DIGITAL_MOROCCO, "MAR")
    assert (first.baseline_year, first.baseline_value) == (2022, 88)
    assert [(m.year, m.value) for m in first.milestones] == [(2026, 91), (2028, 93)]
    assert (other.target_year, other.target_value) == (2035, 97)
    assert first.name.ar == ROW["name_ar"]


def test_a_french_file_with_semicolons_and_decimal_commas_is_read(catalog: Catalog) -> None:
    row = {**ROW, "baseline_value": "88,5", "milestones": "2026:91,2"}
    checked = read_targets(targets_csv(row, lang="fr", delimiter=";"), "t.csv", catalog)
    assert checked.ok, [i18n.describe(p) for p in checked.problems]
    (target,) = checked.targets
    assert target.baseline_value == 88.5
    assert target.milestones[0].value == 91.2


def test_an_excel_targets_file_is_read(catalog: Catalog) -> None:
    sheet = pd.DataFrame([[ROW[c] for c in TARGET_COLUMNS]], columns=TARGET_HEADERS["ar"])
    checked = read_targets(xlsx_bytes(sheet, "ar"), "objectifs.xlsx", catalog)
    assert checked.ok, [i18n.describe(p) for p in checked.problems]
    assert checked.targets[0].target_value == 95


def test_yaml_records_as_in_data_targets_yaml_are_read(catalog: Catalog) -> None:
    record = {
        "id": "dm2030_internet_2030",
        "indicator": "internet_users",
        "country": "MAR",
        "strategy": DIGITAL_MOROCCO,
        "name": {"en": ROW["name_en"], "fr": ROW["name_fr"], "ar": ROW["name_ar"]},
        "target_year": 2030,
        "target_value": 95,
        "baseline_year": 2022,
        "baseline_value": 88,
        "milestones": [{"year": 2026, "value": 91}],
        "source": "lnt_2024_dm2030_launch",
        "settled_by": {"en": "A survey", "fr": "Une enquête", "ar": "مسح"},
    }
    text = yaml.safe_dump([record], allow_unicode=True).encode()
    checked = read_targets(text, "targets.yaml", catalog)
    assert checked.ok, [i18n.describe(p) for p in checked.problems]
    (target,) = checked.targets
    assert target.settled_by is not None and target.milestones[0].year == 2026
    # The same checks judge a record: a baseline after the target, on the record's own line.
    later = {**yaml.safe_load(text)[0], "id": "x2", "baseline_year": 2031}
    late = text + yaml.safe_dump([later], allow_unicode=True).encode()
    line = late.decode().splitlines().index("- baseline_value: 88", 1) + 1
    found = read_targets(late, "targets.yaml", catalog)
    assert ("baseline_after_target", line, "baseline_year") in errors(found.problems)


def test_the_template_in_each_language_validates_as_unchanged(catalog: Catalog) -> None:
    for lang in ("en", "fr", "ar"):
        data = targets_template(catalog, lang)
        assert data.decode("utf-8-sig").splitlines()[0] == ",".join(TARGET_HEADERS[lang])
        checked = read_targets(data, "template.csv", catalog)
        assert checked.ok and checked.targets == []
        assert checked.unchanged == ["dm2030_offshoring_jobs"]
        (warning,) = checked.problems
        assert (warning.code, warning.severity, warning.row) == ("target_unchanged", "warning", 2)


# (what is changed in the row, the problem's code and column); the row is always 3: a sound
# target on row 2 shows that one bad row is named alone.
BAD = {
    "unknown_indicator": ({"indicator": "internet_userz"}, "unknown_indicator", "indicator"),
    "unknown_source": ({"source": "no_such_source"}, "unknown_source", "source"),
    "unknown_strategy": ({"strategy": "digital_mali_2030"}, "unknown_strategy", "strategy"),
    "missing_strategy": ({"strategy": ""}, "empty_cell", "strategy"),
    "baseline_after_target": ({"baseline_year": "2031"}, "baseline_after_target", "baseline_year"),
    "baseline_same_year": ({"baseline_year": "2030"}, "baseline_after_target", "baseline_year"),
    "milestone_after_target": (
        {"milestones": "2026:91; 2032:96"},
        "milestone_out_of_range",
        "milestones",
    ),
    "milestone_before_baseline": (
        {"milestones": "2021:80"},
        "milestone_out_of_range",
        "milestones",
    ),
    "milestone_not_pairs": ({"milestones": "2026=91"}, "bad_milestone", "milestones"),
    "text_target": ({"target_value": "ninety-five"}, "not_a_number", "target_value"),
    "text_baseline": ({"baseline_value": "n/a"}, "not_a_number", "baseline_value"),
    "decimal_year": ({"target_year": "2030.5"}, "not_a_year", "target_year"),
    "year_far_off": ({"target_year": "2300"}, "year_out_of_range", "target_year"),
    "duplicate_in_file": ({"id": "dm2030_internet_first"}, "duplicate_target", "id"),
    "id_of_a_bundled_target": ({"id": "dm2030_offshoring_jobs"}, "target_id_taken", "id"),
    "supersedes_nothing": ({"supersedes": "dm2030_no_such"}, "unknown_supersedes", "supersedes"),
    "supersedes_itself": ({"supersedes": ROW["id"]}, "unknown_supersedes", "supersedes"),
    "target_equals_baseline": ({"target_value": "88"}, "target_equals_baseline", "target_value"),
    "unknown_country": ({"country": "XYZ"}, "unknown_country", "country"),
    "strategy_of_another_country": ({"country": "TUN"}, "strategy_country", "country"),
    "missing_name": ({"name_ar": ""}, "empty_cell", "name_ar"),
    "missing_target_year": ({"target_year": ""}, "empty_cell", "target_year"),
    "baseline_without_year": ({"baseline_year": ""}, "baseline_incomplete", "baseline_year"),
    "bad_id": ({"id": "Internet-2030"}, "not_an_id", "id"),
    "one_note_only": ({"note_en": "From the launch."}, "empty_cell", "note_fr"),
    "formula_name": ({"name_en": "=HYPERLINK(1)"}, "formula_in_text", "name_en"),
    "hidden_character": ({"name_fr": "Usage\u202e d'Internet"}, "invisible_character", "name_fr"),
    "hidden_in_a_code": ({"source": "lnt_2024\u200d"}, "invisible_character", "source"),
    "link_in_note": (
        {"note_en": "See [this](http://x.test)", "note_fr": "Voir", "note_ar": "انظر"},
        "link_in_text",
        "note_en",
    ),
    "too_long_name": ({"name_en": "x" * 2001}, "bad_record", "name_en"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_targets_file_is_refused_by_row_and_column(catalog: Catalog, case: str) -> None:
    change, code, column = BAD[case]
    good = {**ROW, "id": "dm2030_internet_first"}
    data = targets_csv(good, {**ROW, **change})
    checked = read_targets(data, f"{case}.csv", catalog)
    assert not checked.ok and checked.targets == []
    assert (code, 3, column) in errors(checked.problems), errors(checked.problems)
    assert all(p.row == 3 for p in checked.errors)  # the sound row is not blamed
    problem = next(p for p in checked.errors if p.code == code)
    worded = {lang: i18n.describe(problem, lang) for lang in i18n.LANGUAGES}
    assert worded["en"].startswith(f"{case}.csv, row 3, column “{column}”: ")
    assert i18n.column_name(column, "fr") in worded["fr"]
    assert i18n.column_name(column, "ar") in worded["ar"]
    assert len(set(worded.values())) == 3  # worded in each language, never the key
    assert not any(f"problem.{code}" in w for w in worded.values())


def test_optional_columns_may_be_left_out(catalog: Catalog) -> None:
    header = ",".join([*TARGET_HEADERS["fr"][:7], "année_objectif", "valeur_objectif", "source"])
    row = ",".join([*(ROW[c] for c in list(TARGET_COLUMNS)[:7]), "2030", "95", ROW["source"]])
    checked = read_targets(f"{header}\n{row}\n".encode(), "short.csv", catalog)
    assert checked.ok, [i18n.describe(p) for p in checked.problems]
    assert checked.targets[0].baseline_year is None and checked.targets[0].milestones == []


def test_a_file_wrong_on_every_row_lists_the_first_problems_and_counts_the_rest(
    catalog: Catalog,
) -> None:
    wrong = {"indicator": "x", "source": "y", "country": "XYZ", "strategy": "z"}
    wrong |= {"target_value": "n", "baseline_value": "n"}  # six problems a row
    rows = [{**ROW, **wrong, "id": f"t{i}"} for i in range(MAX_TARGETS)]
    found = read_targets(targets_csv(*rows), "many.csv", catalog).problems
    assert len(found) == MAX_PROBLEMS + 1
    assert (found[-1].code, found[-1].params["count"]) == (
        "more_problems",
        f"{6 * MAX_TARGETS - MAX_PROBLEMS:,}",
    )


def test_the_header_is_judged_before_the_rows(catalog: Catalog) -> None:
    text = targets_csv(ROW).decode().replace("target_value", "goal", 1).replace("supersedes", "id")
    checked = read_targets(text.encode(), "header.csv", catalog)
    assert errors(checked.problems) == [
        ("unknown_target_column", 1, "goal"),
        ("duplicate_column", 1, "id"),
        ("missing_column", 1, "target_value"),
    ]


def test_an_observations_file_is_not_taken_for_targets(catalog: Catalog) -> None:
    data = b"indicator,country,year,value\ninternet_users,MAR,2024,92\n"
    checked = read_targets(data, "long.csv", catalog)
    assert ("missing_column", 1, "strategy") in errors(checked.problems)
    assert ("unknown_target_column", 1, "year") in errors(checked.problems)


def test_hostile_targets_files_are_refused_whole_without_raising(catalog: Catalog) -> None:
    too_many = targets_csv(*({**ROW, "id": f"t{i}"} for i in range(MAX_TARGETS + 1)))
    assert errors(read_targets(too_many, "many.csv", catalog).problems) == [
        ("too_many_targets", None, None)
    ]
    bomb = b"a: &a [1, 1]\nb: &b [*a, *a]\n"
    assert errors(read_targets(bomb, "bomb.yaml", catalog).problems) == [("yaml_alias", 2, None)]
    assert errors(read_targets(b"", "empty.csv", catalog).problems) == [("empty_file", None, None)]
    assert errors(read_targets(b"\x00\x01", "bin.csv", catalog).problems) == [
        ("not_text", None, None)
    ]
    assert errors(read_targets(b"- 3\n", "list.yaml", catalog).problems) == [
        ("bad_record", 1, None)
    ]
    assert errors(read_targets(b"[unclosed", "bad.yaml", catalog).problems)[0][0] == "bad_yaml"


def test_a_strategy_brought_with_the_file_is_known(catalog: Catalog) -> None:
    mali = Strategy(
        id="digital_mali_2030",
        name=Names(en="Digital Mali", fr="Mali numérique", ar="مالي الرقمية"),
        country="MLI",
        publisher="Ministère de la Communication",
        year=2020,
        source="lnt_2024_dm2030_launch",
    )
    row = {**ROW, "country": "MLI", "strategy": mali.id}
    assert not read_targets(targets_csv(row), "mali.csv", catalog).ok
    checked = read_targets(targets_csv(row), "mali.csv", catalog, {mali.id: mali})
    assert checked.ok and checked.targets[0].strategy == mali.id


def test_the_yaml_template_reads_back_as_the_target_it_shows(catalog: Catalog) -> None:
    data = targets_template(catalog, "fr", "yaml")
    (record,) = yaml.safe_load(data)
    assert record["id"] == "dm2030_offshoring_jobs" and set(record["name"]) == {"en", "fr", "ar"}
    assert record["milestones"] and "baseline_source" not in record  # the template's columns
    checked = read_targets(data, "objectifs.yaml", catalog)
    assert checked.ok and checked.unchanged == ["dm2030_offshoring_jobs"]
    changed = data.replace(b"target_value: 270000", b"target_value: 280000")
    assert changed != data
    found = read_targets(changed, "objectifs.yaml", catalog)
    assert errors(found.problems) == [("target_id_taken", 1, "id")]
