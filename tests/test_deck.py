"""Charts named by one token (metrics.deck), built from the catalogue, and the offline report
the command line writes from them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import charts, i18n
from metrics.catalog import Catalog
from metrics.deck import BadChart, ChartSpec, slide
from metrics.standing import standing

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "token",
    [
        "series:internet_users:MAR,TUN:2010-2020:bar",
        "series:internet_users:::line",
        "target:dm2030_gdp_contribution",
        "map:egdi_score:2022",
        "map:egdi_score",
        "target:dm2030_osi_rank:growth",
        "story:participants",
        "scenario:78:3-6",
        "scenario:0:1.5-15",
        "scenario:78:3-6:mar",
        "scenario:78:3-6:mar_target",
        "standing:osi_rank:digital_morocco_2030",
        "standing:osi_rank_africa:digital_morocco_2030:growth",
    ],
)
def test_a_token_reads_back_as_written(token: str) -> None:
    assert ChartSpec.parse(token).token() == token


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("pie:internet_users", "deck.syntax"),
        ("series:", "deck.syntax"),
        ("series:internet_users:MAR:20x0-2020", "deck.syntax"),
        ("series:internet_users:MAR:2010-2020:area", "deck.syntax"),
        ("map:internet_users:later", "deck.syntax"),
        ("series:no_such_indicator", "deck.no_indicator"),
        ("series:internet_users:XXX:1950-1960", "deck.no_values"),
        ("target:no_such_target", "deck.no_target"),
        ("target:dm2030_osi_rank:fastest", "deck.syntax"),
        ("story:no_such_chart", "deck.syntax"),
        ("scenario:78", "deck.syntax"),
        ("scenario:101:3-6", "deck.syntax"),
        ("scenario:78:0-6", "deck.syntax"),
        ("scenario:78:3-nan", "deck.syntax"),
        ("scenario:78:3-6:mars", "deck.syntax"),
        ("standing:osi_rank", "deck.syntax"),
        ("standing:osi_rank:digital_morocco_2030:fastest", "deck.syntax"),
        ("standing:osi_rank:no_such_strategy", "deck.no_strategy"),
        ("standing:no_such_indicator:digital_morocco_2030", "deck.no_indicator"),
        # Only Morocco publishes it: nothing to compare.
        ("standing:unicorns:digital_morocco_2030", "deck.no_values"),
    ],
)
def test_a_bad_token_is_refused_in_words_in_every_language(
    catalog: Catalog, token: str, code: str
) -> None:
    with pytest.raises(BadChart) as refused:
        slide(ChartSpec.parse(token), catalog)
    assert refused.value.code == code
    for lang in i18n.LANGUAGES:
        assert "{" not in i18n.explain(refused.value, lang)


def test_a_series_slide_draws_the_catalogues_values(catalog: Catalog) -> None:
    made = slide(ChartSpec.parse("series:internet_users:MAR,TUN:2010-2020:line"), catalog, "fr")
    rows = catalog.series("internet_users", ["MAR", "TUN"])
    rows = rows[rows["year"].between(2010, 2020)]
    drawn = {trace.name: list(trace.y) for trace in made.figure.data}
    assert drawn == {
        "Maroc": rows[rows["country"] == "MAR"]["value"].tolist(),
        "Tunisie": rows[rows["country"] == "TUN"]["value"].tolist(),
    }
    assert made.title == i18n.name(catalog.indicators["internet_users"].name, "fr")
    assert made.sources == catalog.sources_of("internet_users")


def test_a_target_slide_says_its_status(catalog: Catalog) -> None:
    made = slide(ChartSpec.parse("target:dm2030_direct_jobs"), catalog, "ar")
    assert made.sentence and made.sources[0].id == catalog.targets[0].source


def test_a_standing_slide_is_the_pages_comparison(catalog: Catalog) -> None:
    made = slide(ChartSpec.parse("standing:osi_rank:digital_morocco_2030:growth"), catalog, "ar")
    rows = standing(catalog, "growth", "digital_morocco_2030").of("osi_rank")
    drawn = charts.standing_figure(rows, catalog.indicators["osi_rank"], "ar", "MAR")
    assert made.figure.to_json() == drawn.to_json()
    assert made.title == i18n.name(catalog.indicators["osi_rank"].name, "ar")
    # The index's sources, then the source of Morocco's target set beside its value.
    target = next(t for t in catalog.targets if t.id == "dm2030_osi_rank")
    assert [s.id for s in made.sources] == list(
        dict.fromkeys([*(s.id for s in catalog.sources_of("osi_rank")), target.source])
    )
    assert len(made.numbers) == 4  # a line for each country's value


def test_the_cli_writes_the_report_and_refuses_a_bad_chart(tmp_path: Path) -> None:
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    out = tmp_path / "talk.html"
    command = [sys.executable, "-m", "metrics", "report", "--lang", "fr", "--out", str(out)]
    charts = ["--chart", "series:internet_users", "--chart", "map:internet_users"]
    done = subprocess.run([*command, *charts], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == f"Wrote {out}: 2 charts."
    page = out.read_text(encoding="utf-8")
    assert page.count('class="plotly-graph-div"') == 2 and '<html lang="fr" dir="ltr">' in page
    bad = subprocess.run(
        [*command, "--chart", "series:nope"], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert bad.returncode == 1
    assert (
        bad.stderr.decode().strip() == "“series:nope:::line”: no indicator “nope” in the catalogue."
    )


def test_the_cli_prints_an_a4_pdf_with_chromium_and_says_so_without_it(tmp_path: Path) -> None:
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    charts = ["--chart", "series:internet_users", "--chart", "map:internet_users"]
    out = tmp_path / "talk.pdf"
    command = [sys.executable, "-m", "metrics", "report", *charts, "--lang", "ar", "--out"]
    done = subprocess.run([*command, str(out)], cwd=ROOT, env=env, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode()
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 2  # one A4 page per chart
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)

    env["CHROMIUM"] = str(tmp_path / "no-chromium-here")
    gone = tmp_path / "gone.pdf"
    done = subprocess.run(
        [*command, str(gone)], cwd=ROOT, env=env, capture_output=True, timeout=180
    )
    assert done.returncode == 1 and not gone.exists()
    html = gone.with_suffix(".html")
    assert html.read_text(encoding="utf-8").count('class="plotly-graph-div"') == 2
    assert done.stderr.decode().strip() == i18n.t("report.no_chromium", file=str(html))


def test_a_scenario_token_without_a_grid_is_on_frances_grid(catalog: Catalog) -> None:
    # Tokens written before the grid lever keep their meaning: the study's grid.
    assert ChartSpec.parse("scenario:78:3-6").grid == "fra"
    assert ChartSpec.parse("scenario:78:3-6:fra").token() == "scenario:78:3-6"
    made = slide(ChartSpec.parse("scenario:78:3-6"), catalog)
    assert [[round(v, 6) for v in t.y] for t in made.figure.data] == [[78, 39], [22, 22]]


def test_a_scenario_on_moroccos_grid_with_the_target_met(catalog: Catalog) -> None:
    # Manufacturing on Morocco's grid: 78 / (78 + 22 × 596.40 / 59.08) = 25.99%; kept 3 then
    # 6 years: 13.00%; use today 74.01%, tomorrow × 48.000 / 76.045 (52% renewables of
    # generation replacing fossil) = 74.01 × 0.6312 = 46.71%
    made = slide(ChartSpec.parse("scenario:78:3-6:mar_target"), catalog, "fr")
    made_share, use = ([round(v, 2) for v in t.y] for t in made.figure.data)
    assert made_share == [25.99, 13.0] and use == [74.01, 46.71]
    assert "owid_energy_e7897ae" in [s.id for s in made.sources]
    assert made.title == i18n.t("footprint.scenario.chart_title_mar_target", "fr")
