"""Sentences built from the numbers of an assessment, in each language."""

from __future__ import annotations

import pytest

from metrics import i18n, narrative
from metrics.catalog import Catalog
from metrics.models import Direction, Milestone, Names, Target
from metrics.progress import Point, TargetProgress, assess

NAMES = Names(en="Jobs", fr="Emplois", ar="مناصب")


def progress(series: list[Point], goal_year: int, goal: float) -> TargetProgress:
    target = Target(
        id="t",
        indicator="offshoring_jobs",
        name=NAMES,
        target_year=goal_year,
        target_value=goal,
        source="s",
        milestones=[Milestone(year=2026, value=1)],
    )
    final = assess(series, Direction.higher_is_better, goal_year, goal, series[0])
    return TargetProgress(target, final, [])


@pytest.mark.parametrize(
    ("series", "goal_year", "goal", "expected"),
    [
        (
            [Point(2022, 130000), Point(2024, 200000)],
            2030,
            190000,
            "Offshoring and outsourcing jobs reached 200,000 in 2024, meeting the 2030 target of"
            " 190,000.",
        ),
        (
            [Point(2020, 100000), Point(2024, 120000)],
            2023,
            150000,
            "Offshoring and outsourcing jobs stood at 120,000 in 2024, short of the 150,000 aimed"
            " for by 2023.",
        ),
        (
            [Point(2022, 130000), Point(2024, 148500)],
            2030,
            270000,
            "At the pace seen since 2022, Offshoring and outsourcing jobs reaches about 204,000 by"
            " 2030, short of the 270,000 aimed for; reaching it needs a change of +20,250 a year"
            " from 2024 on.",
        ),
    ],
    ids=["achieved", "missed", "short"],
)
def test_sentences_are_built_from_the_numbers(
    catalog: Catalog, series: list[Point], goal_year: int, goal: float, expected: str
) -> None:
    indicator = catalog.indicators["offshoring_jobs"]
    assert narrative.sentence(progress(series, goal_year, goal), indicator, "en") == expected


def test_arabic_sentences_keep_numbers_left_to_right(catalog: Catalog) -> None:
    indicator = catalog.indicators["offshoring_jobs"]
    text = narrative.sentence(
        progress([Point(2022, 130000), Point(2024, 148500)], 2030, 270000), indicator, "ar"
    )
    assert f"{i18n.LRI}+20.250{i18n.PDI}" in text
    assert f"{i18n.LRI}270.000{i18n.PDI}" in text
