"""The Africa base map and the map figures: Morocco drawn whole, offline, from our own file."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from functools import cache

import pandas as pd
import pytest

from metrics import countries, maps
from metrics.catalog import Catalog
from metrics.models import Direction

BASE_MAP = maps.BASE_MAP
# (longitude, latitude) of places that must fall inside Morocco's shape.
MOROCCO = {
    "Rabat": (-6.84, 34.02),
    "Laâyoune": (-13.20, 27.15),
    "Dakhla": (-15.96, 23.70),
    "Aousserd": (-14.33, 22.55),
    "Bir Gandouz": (-16.47, 21.63),
}
Ring = list[tuple[float, float]]


@cache
def topology() -> dict:
    return json.loads(BASE_MAP.read_text(encoding="utf-8"))


@cache
def arcs() -> list[Ring]:
    """Decode the quantised, delta-encoded arcs of a topojson file into coordinates."""
    (sx, sy), (tx, ty) = topology()["transform"]["scale"], topology()["transform"]["translate"]
    decoded = []
    for arc in topology()["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def country(code: str) -> dict:
    (found,) = [g for g in topology()["objects"]["countries"]["geometries"] if g["id"] == code]
    return found


def polygons(geometry: dict) -> list[list[list[int]]]:
    return [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]


def ring(indices: list[int], decoded: list[Ring]) -> Ring:
    points: Ring = []
    for i in indices:
        points += decoded[i] if i >= 0 else decoded[~i][::-1]
    return points


def inside(point: tuple[float, float], polygon: Ring) -> bool:
    x, y = point
    crossings = 0
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            crossings += 1
    return crossings % 2 == 1


def test_morocco_is_drawn_whole_with_its_southern_provinces() -> None:
    decoded = arcs()
    outer = [ring(p[0], decoded) for p in polygons(country("MAR"))]
    for place, point in MOROCCO.items():
        assert any(inside(point, shape) for shape in outer), place
    ids = [g["id"] for g in topology()["objects"]["countries"]["geometries"]]
    assert "ESH" not in ids and None not in ids


def crossings(start: tuple[float, float], end: tuple[float, float]) -> int:
    """How many times the segment start–end crosses a line of the country layer."""

    def side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    used = {
        i if i >= 0 else ~i
        for g in topology()["objects"]["countries"]["geometries"]
        for p in polygons(g)
        for r in p
        for i in r
    }
    count = 0
    for index in used:
        points = arcs()[index]
        for a, b in itertools.pairwise(points):
            if side(start, end, a) * side(start, end, b) < 0 < -side(a, b, start) * side(a, b, end):
                count += 1
    return count


def test_no_border_line_crosses_morocco() -> None:
    # Natural Earth's own view draws a line along 27°40′N between Tarfaya and the southern
    # provinces; a north-south walk across that parallel, inland, must cross nothing.
    assert crossings((-11.0, 26.8), (-11.0, 27.9)) == 0
    assert crossings((-9.5, 26.8), (-9.5, 27.9)) == 0
    # A walk east across the Morocco–Algeria border does cross a line: the check can fail.
    assert crossings((-9.5, 28.2), (-7.5, 28.2)) == 1
    # And no arc is used twice by Morocco's shape, which would draw a line inside it.
    used = Counter(i if i >= 0 else ~i for p in polygons(country("MAR")) for r in p for i in r)
    assert max(used.values()) == 1


def test_the_base_map_draws_every_african_country_but_two_islands() -> None:
    shapes = maps.shapes(BASE_MAP)
    assert set(countries.AFRICA) - shapes == {"MUS", "SYC"}
    assert shapes <= set(countries.AFRICA)


def test_mappable_indicators_cover_the_continent(catalog: Catalog) -> None:
    choices = catalog.mappable()
    assert {"internet_users", "egdi_score", "egdi_rank"} <= set(choices)
    assert "ausim_participants" not in choices and "ewaste_generated" not in choices


def test_best_year_prefers_a_well_covered_year_to_a_newer_sparse_one() -> None:
    rows = [("x", c, 2022, 1.0) for c in countries.AFRICA[:40]]
    rows += [("x", c, 2023, 1.0) for c in countries.AFRICA[:3]]
    rows += [("x", c, 2021, 1.0) for c in countries.AFRICA[:45]]
    frame = pd.DataFrame(rows, columns=["indicator", "country", "year", "value"])
    assert maps.best_year(frame, "x") == 2022
    # 2023 has too few countries for a map or a place "in Africa"
    assert maps.years(frame, "x") == [2021, 2022]
    assert maps.years(frame, "no_such_indicator") == []
    # At its best an indicator covers 11 countries: 80% of that (9) is still too few for a map,
    # so the map starts on a year it offers.
    thin = pd.DataFrame(
        [("y", c, 2020, 1.0) for c in countries.AFRICA[:11]]
        + [("y", c, 2022, 1.0) for c in countries.AFRICA[:9]],
        columns=["indicator", "country", "year", "value"],
    )
    assert maps.best_year(thin, "y") == 2020 and maps.years(thin, "y") == [2020]


def test_standing_shares_the_better_place_and_follows_direction(catalog: Catalog) -> None:
    frame = pd.DataFrame(
        {"country": ["MAR", "TUN", "MLI", "WLD"], "value": [80.0, 80.0, 30.0, 60.0]}
    )
    score = catalog.indicators["internet_users"]
    assert maps.standing(frame, score).to_dict() == {"MAR": 1, "TUN": 1, "MLI": 3}
    rank = catalog.indicators["egdi_rank"]
    assert rank.direction is Direction.lower_is_better
    assert maps.standing(frame, rank).to_dict() == {"MAR": 2, "TUN": 2, "MLI": 1}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_choropleth_uses_the_local_africa_map_and_outlines_partners(
    catalog: Catalog, lang: str
) -> None:
    series = catalog.series("internet_users")
    year = maps.best_year(series, "internet_users")
    data = series[series["year"] == year]
    fig = maps.choropleth_figure(
        data, catalog.indicators["internet_users"], year, ["MAR", "TUN"], lang
    )
    (trace,) = fig.data
    assert trace.locationmode == "ISO-3"
    assert fig.layout.geo.scope == "africa" and fig.layout.geo.resolution == 50
    assert "WLD" not in trace.locations and len(trace.locations) >= 50
    widths = dict(zip(trace.locations, trace.marker.line.width, strict=True))
    assert widths["MAR"] > widths["DZA"] and widths["TUN"] > widths["DZA"]
    assert not trace.reversescale


def test_rank_maps_give_first_place_the_top_colour(catalog: Catalog) -> None:
    series = catalog.series("egdi_rank")
    data = series[series["year"] == 2024]
    fig = maps.choropleth_figure(data, catalog.indicators["egdi_rank"], 2024, ["MAR"], "en")
    assert fig.data[0].reversescale


def test_partners_map_shows_each_country_in_its_story_colour() -> None:
    fig = maps.partners_figure(["MAR", "MLI", "CIV", "TUN"], "Partners", "fr")
    shapes = [t for t in fig.data if t.type == "choropleth"]
    assert [list(t.locations) for t in shapes] == [["MAR"], ["MLI"], ["CIV"], ["TUN"]]
    assert shapes[0].colorscale[0][1] == "#0072B2"
    (labels,) = [t for t in fig.data if t.type == "scattergeo"]
    assert "Maroc" in labels.text[0] and "Côte d’Ivoire" in labels.text[2]
