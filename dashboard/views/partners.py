"""Partners: Morocco beside Mali, Côte d'Ivoire and Tunisia, on maps that draw offline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import (
    lang,
    linked,
    note,
    plot,
    plot_map,
    show_table,
    source_line,
    sources_expander,
    t,
)
from metrics import charts, countries, i18n, maps
from metrics.catalog import PARTNERS_FACT
from metrics.deck import ChartSpec
from metrics.formatting import value_label

DEFAULT_INDICATOR = "internet_users"

catalog = cached.catalog()
L = lang()
fact = catalog.facts[PARTNERS_FACT]
story = catalog.partners()

st.title(t("partners.title"))
st.markdown(i18n.name(fact.text, L))
st.caption(source_line(catalog.sources[fact.source]))

left, right = st.columns([3, 2])
with left:
    named = i18n.listing([countries.name(c, L) for c in story[1:]], L)
    legend = t("partners.map.legend", names=named)
    plot_map(maps.partners_figure(story, t("partners.map.partners_title"), L, legend))
with right:
    st.subheader(t("partners.why.heading"))
    st.markdown(t("partners.why.text"))
    st.caption(t("partners.boundaries"))

st.header(t("partners.compare.heading"))
choices = catalog.mappable()
pick, when = st.columns([3, 2])
with pick:
    # The indicator and year are carried by the URL, so a copied link reopens the same map.
    given = linked("partners_indicator", "indicator", lambda raw: raw if raw in choices else None)
    start = choices.index(DEFAULT_INDICATOR) if DEFAULT_INDICATOR in choices else 0
    indicator_id = st.selectbox(
        t("partners.indicator"),
        choices,
        index=None if given else start,
        format_func=lambda i: i18n.name(catalog.indicators[i].name, L),
        key="partners_indicator",
    )
    st.query_params["indicator"] = indicator_id
indicator = catalog.indicators[indicator_id]
series = catalog.series(indicator_id)
years = maps.years(series, indicator_id)
with when:
    key = f"partners_year_{indicator_id}"
    given = linked(
        key, "year", lambda raw: int(raw) if raw.isdigit() and int(raw) in years else None
    )
    year = (
        st.select_slider(
            t("partners.year"),
            years,
            value=None if given else maps.best_year(series, indicator_id),
            key=key,
        )
        if len(years) > 1
        else years[0]
    )
    st.query_params["year"] = str(year)

in_year = maps.african(series[series["year"] == year])
left, right = st.columns([3, 2])
with left:
    plot_map(maps.choropleth_figure(in_year, indicator, int(year), story, L))
    deck_state.actions(ChartSpec(kind="map", ident=indicator_id, year=int(year)))
    valued = set(in_year["country"])
    missing = [c for c in countries.AFRICA if c not in valued]
    not_drawn = sorted(valued - maps.shapes(maps.BASE_MAP))
    notes = [
        t(
            "partners.map.coverage",
            count=i18n.number(len(in_year), 0, L),
            total=i18n.number(len(countries.AFRICA), 0, L),
            year=year,
        )
    ]
    if missing:
        names = i18n.listing([countries.name(c, L) for c in missing], L)
        notes.append(t("partners.map.missing", names=names))
    if not_drawn:
        names = i18n.listing([countries.name(c, L) for c in not_drawn], L)
        notes.append(t("partners.map.not_drawn", names=names))
    st.caption(" ".join(notes))
with right:
    compared = series[series["country"].isin([*story, "AFR", "WLD"])]
    plot(charts.series_figure(compared, indicator, L))
    places = maps.standing(in_year, indicator)
    rows = in_year.set_index("country")
    table = pd.DataFrame(
        {
            t("column.country"): [countries.name(c, L) for c in story],
            t("column.value"): [
                value_label(rows.loc[c], indicator, L)
                if c in rows.index
                else t("value.not_published")
                for c in story
            ],
            t("partners.column.place", year=year): [
                t(
                    "partners.place",
                    place=i18n.number(places[c], 0, L),
                    total=i18n.number(len(places), 0, L),
                )
                if c in places.index
                else t("value.not_published")
                for c in story
            ],
        }
    )
    show_table(table)
    st.caption(t("partners.place_help"))

st.markdown(
    t("explore.unit_line", unit=i18n.name(indicator.unit, L))
    + "  \n"
    + i18n.name(indicator.description, L)
)
if indicator.note:
    st.caption(note(indicator.note))
sources_expander(catalog.sources_of(indicator_id))
