"""Hostile files cost little: each shape a hostile editor tried is refused (or read) within a
bound of time and memory, with a located message and no traceback.

Each file is read and validated in a child process that reports its own peak memory, so one
shape's memory cannot hide behind another's. The bounds are generous (the suite must hold on a
busy machine); what they catch is the unbounded behaviour of before, minutes and gigabytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from metrics import i18n
from metrics.bundled import load_bundled
from metrics.errors import ProblemsFound
from metrics.importing import read_metadata
from tests.conftest import ROOT

SECONDS = 60  # far above what each shape takes now (a few seconds), far below what it took
BASE_MB = 400  # Python, pandas, pyarrow and the catalogue, before the file
CHILD = """
import json, sys, time
from metrics.bundled import load_bundled
from metrics.errors import ProblemsFound
from metrics.i18n import describe
from metrics.read import read_bytes
from metrics.validate import Contract, validate

def peak_mb():
    # This process's own high-water mark: ru_maxrss would carry the parent's across fork.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


catalog = load_bundled()
contract = Contract(catalog.indicators, set(catalog.sources), allow_new=True)
path = sys.argv[1]
data = open(path, "rb").read()
start = time.monotonic()
try:
    problems = validate(read_bytes(data, path.rsplit("/", 1)[-1]), contract).problems
except ProblemsFound as exc:
    problems = exc.problems
print(json.dumps({
    "seconds": time.monotonic() - start,
    "peak_mb": peak_mb(),
    "problems": [{**p.as_dict(), "message": describe(p)} for p in problems[:5]]
    + [{"code": p.code, "params": p.params} for p in problems[5:]],
}))
"""


def checked(path: Path) -> dict:
    """Read and validate `path` in a child process: its problems, time and peak memory."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=5 * SECONDS,
    )
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    report = json.loads(out.stdout)
    size_mb = path.stat().st_size / 2**20
    assert report["seconds"] < SECONDS, report["seconds"]
    assert report["peak_mb"] < BASE_MB + 6 * size_mb, (report["peak_mb"], size_mb)
    return report


def codes(report: dict) -> list[str]:
    return [p["code"] for p in report["problems"]]


# --- the shapes ---------------------------------------------------------------------------


def test_a_30_mb_line_of_commas_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    path.write_bytes(b"indicator,country,year,value\n" + b"," * 30_000_000 + b"\n")
    report = checked(path)
    assert codes(report) == ["line_too_long"]
    assert report["problems"][0]["message"] == (
        "commas.csv, row 2: this line is longer than 100,000 characters; no row of an"
        " indicator file is that long."
    )


def test_a_parquet_file_saying_5_million_rows_is_refused_from_its_footer(tmp_path: Path) -> None:
    path = tmp_path / "huge.parquet"
    pq.write_table(pa.table({"indicator": pa.array(np.zeros(5_000_000, dtype=np.int8))}), path)
    assert path.stat().st_size < 2**20  # a small file that would unfold to millions of rows
    report = checked(path)
    assert codes(report) == ["too_many_rows"]
    assert "more than 2,000,000 observations" in report["problems"][0]["message"]


def _workbook(path: Path, rows: Iterator[bytes]) -> None:
    """A minimal .xlsx whose first sheet's XML is streamed from `rows`."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Sheet1" sheetId="1"'
            ' r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet"'
            ' Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{main}"><sheetData>'.encode())
            for chunk in rows:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")


def _cells(row: int, *values: str) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + j)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
        for j, v in enumerate(values)
    )
    return f'<row r="{row}">{cells}</row>'.encode()


def test_a_workbook_whose_one_cell_inflates_to_200_mb_is_refused_unopened(tmp_path: Path) -> None:
    def rows() -> Iterator[bytes]:
        yield _cells(1, "indicator", "country", "year", "value")
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(200):
            yield b"A" * 2**20
        yield b"</t></is></c></row>"

    path = tmp_path / "bomb.xlsx"
    _workbook(path, rows())
    assert path.stat().st_size < 2 * 2**20
    report = checked(path)
    assert codes(report) == ["too_inflated"]
    assert "unpack to more than 100 MB" in report["problems"][0]["message"]


def test_a_workbook_of_300000_rows_is_read_within_bounds(tmp_path: Path) -> None:
    def rows() -> Iterator[bytes]:
        yield _cells(1, "indicator", "country", "year", "value")
        for i in range(2, 300_002):
            yield _cells(i, "internet_users", "MAR", str(1950 + i % 70), "50.5")

    path = tmp_path / "tall.xlsx"
    _workbook(path, rows())
    report = checked(path)
    # Read whole; its repeated keys are reported, the first 10,000 one by one.
    assert set(codes(report)) == {"duplicate_same", "more_problems"}
    assert len(report["problems"]) == 10_001


def test_200000_rows_with_three_errors_each_are_refused_with_a_bounded_report(
    tmp_path: Path,
) -> None:
    path = tmp_path / "errors.csv"
    path.write_text("indicator,country,year,value\n" + "internet_userz,XXQ,20x2,abc\n" * 200_000)
    report = checked(path)
    assert len(report["problems"]) == 10_001
    assert codes(report)[:4] == [
        "unknown_indicator",
        "unknown_country",
        "not_a_year",
        "not_a_number",
    ]
    last = report["problems"][-1]
    assert last["code"] == "more_problems" and last["params"]["count"] == "790,000"


def test_a_header_of_20000_identical_titles_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["x"] * 20_000) + "\n" + ",".join(["1"] * 20_000) + "\n")
    report = checked(path)
    assert codes(report) == ["too_many_columns"]
    assert report["problems"][0]["message"].startswith("wide.csv, row 1: the file has more than")


# --- what may not hide in a file ----------------------------------------------------------


def test_a_nul_byte_past_the_first_4_kb_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    rows = "".join(f"internet_users,MAR,{1990 + i % 30},{i % 90}\n" for i in range(400))
    path.write_bytes(b"indicator,country,year,value\n" + rows.encode() + b"x\x00y,MAR,2020,1\n")
    report = checked(path)
    assert codes(report) == ["nul_byte"]
    assert report["problems"][0]["row"] == 402


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("internet\u200b_users", "indicator"),  # a zero-width space inside an id
        ("MA\u202eR", "country"),  # a right-to-left override turns what follows around
        ("wb_wdi_internet_users\u2066", "source"),
    ],
)
def test_invisible_and_direction_characters_are_refused_in_ids_and_codes(
    tmp_path: Path, cell: str, column: str
) -> None:
    row = {"indicator": "internet_users", "country": "MAR", "source": "wb_wdi_internet_users"}
    row[column] = cell
    path = tmp_path / "invisible.csv"
    path.write_text(
        "indicator,country,year,value,source\n"
        f"{row['indicator']},{row['country']},2020,80,{row['source']}\n",
        encoding="utf-8",
    )
    report = checked(path)
    problem = next(p for p in report["problems"] if p["code"] == "invisible_character")
    assert (problem["row"], problem["column"]) == (2, column)


@pytest.mark.parametrize(
    "note",
    [
        "![chart](https://tracker.example/pixel.png)",
        "see [the report](https://example.org/r)",
        "<https://example.org>",
    ],
)
def test_markdown_links_and_images_in_notes_are_refused(tmp_path: Path, note: str) -> None:
    path = tmp_path / "link.csv"
    path.write_text(f'indicator,country,year,value,note\ninternet_users,MAR,2020,80,"{note}"\n')
    report = checked(path)
    assert "link_in_text" in codes(report)  # an autolink is markup as well


def test_a_nul_in_a_parquet_text_cell_is_refused_as_on_every_store(tmp_path: Path) -> None:
    """SQLite would store it, PostgreSQL would crash on it: refused before either sees it."""
    path = tmp_path / "nul.parquet"
    table = {"indicator": ["internet_users"], "country": ["MAR"], "year": [2020]}
    pq.write_table(pa.table({**table, "value": [80.0], "note": ["a\x00b"]}), path)
    report = checked(path)
    assert codes(report) == ["invisible_character"]


def test_text_encoded_twice_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    note = "Données".encode().decode("cp1252")  # "DonnÃ©es", as a double encoding leaves it
    path.write_text(
        f"indicator,country,year,value,note\ninternet_users,MAR,2020,80,{note}\n",
        encoding="utf-8",
    )
    report = checked(path)
    assert codes(report) == ["mojibake"]
    assert report["problems"][0]["severity"] == "warning"
    assert report["problems"][0]["row"] == 2


def test_a_utf8_file_with_a_broken_byte_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    good = "indicator,country,year,value,note\n" + "".join(
        f"internet_users,MAR,{2000 + i},80,مصدر رسمي\n" for i in range(20)
    )
    path.write_bytes(good.encode() + b"internet_users,TUN,2020,70,caf\xe9\n")
    report = checked(path)
    assert codes(report) == ["broken_utf8"]
    assert report["problems"][0]["row"] == 22


# --- metadata -------------------------------------------------------------------------------

LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
indicators: [*i]
"""


def test_a_billion_laughs_in_metadata_is_refused_without_expanding() -> None:
    with pytest.raises(ProblemsFound) as caught:
        read_metadata(LAUGHS.encode(), "laughs.yaml", load_bundled())
    (problem,) = caught.value.problems
    assert (problem.code, problem.row) == ("yaml_alias", 2)
    assert "YAML alias" in i18n.describe(problem)


@pytest.mark.parametrize(
    "name",
    ["Users ![x](https://tracker.example/p.png)", "Users [here](https://x.example)", "Us\u202eers"],
)
def test_links_and_hidden_characters_are_refused_in_an_uploaded_indicators_names(
    name: str,
) -> None:
    record = {
        "id": "hostile_names",
        "name": {"en": name, "fr": "Utilisateurs", "ar": "المستخدمون"},
        "description": {"en": "d", "fr": "d", "ar": "d"},
        "unit": {"en": "%", "fr": "%", "ar": "%"},
        "short_unit": {"en": "%", "fr": "%", "ar": "%"},
        "theme": "connectivity",
        "direction": "higher_is_better",
        "decimals": 1,
        "sources": ["wb_wdi_internet_users"],
    }
    with pytest.raises(ProblemsFound) as caught:
        read_metadata(json.dumps([record]).encode(), "meta.yaml", load_bundled())
    (problem,) = caught.value.problems
    assert problem.column == "name.en"
