"""Targets: every target of a strategy (Digital Morocco 2030 unless chosen), its status, and
the chart behind it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import (
    STATUS_COLOURS,
    lang,
    linked,
    members,
    note,
    plot,
    show_table,
    source_line,
    t,
)
from metrics import charts, countries, i18n, narrative
from metrics.deck import ChartSpec
from metrics.formatting import amount, rate, value_label
from metrics.models import DIGITAL_MOROCCO, Theme
from metrics.progress import METHODS, RANK, Point, Status

catalog = cached.catalog()
L = lang()
# Above 64 px Streamlit wraps text in a cell (three lines here) instead of cutting it.
TABLE_ROW_HEIGHT = 66

# The title names the strategy chosen below it: its place is kept before the choice is read.
heading = st.container()
# The view is carried by the URL (strategy, method, themes, statuses, open target), so a
# copied link reopens it in any language.
choices = [DIGITAL_MOROCCO, *sorted(set(catalog.strategies) - {DIGITAL_MOROCCO})]
linked("strategy", "strategy", lambda raw: raw if raw in catalog.strategies else None)
strategy = catalog.strategies[
    st.selectbox(
        t("targets.strategy"),
        choices,
        format_func=lambda s: i18n.name(catalog.strategies[s].name, L),
        key="strategy",
    )
]
st.query_params["strategy"] = strategy.id
shown = catalog.of_strategy(strategy.id)
strategy_name = i18n.name(strategy.name, L)

heading.title(t("targets.title", strategy=strategy_name))
heading.caption(t("targets.intro", strategy=strategy_name))
if any(target.strategy is None for target in shown):
    st.caption(t("targets.green"))
# A partner's strategy not found is said, not left out silently.
if missing := catalog.not_found():
    named = [countries.name(s.country, L) for s in missing]
    st.caption(t("targets.not_found", countries=i18n.listing(named, L)))
    with st.expander(t("targets.searched"), icon=":material/travel_explore:"):
        for search in missing:  # each names its country
            st.caption(note(search.searched))

given = linked("method", "method", lambda raw: raw if raw in METHODS else None)
method = (
    st.segmented_control(
        t("method.label"),
        METHODS,
        default=None if given else "linear",
        required=True,
        key="method",
        format_func=lambda m: t("method." + m),
    )
    or "linear"
)
st.query_params["method"] = method
everything = cached.progress(method)
by_id = {p.target.id: p for p in everything}
in_view = {target.id for target in shown}
assessed = [p for p in everything if p.target.id in in_view]

left, right = st.columns(2)
with left:
    linked("target_themes", "themes", lambda raw: members(raw, Theme))
    themes = st.multiselect(
        t("targets.themes"),
        list(Theme),
        format_func=lambda th: t("theme." + th.value),
        placeholder=t("targets.all"),
        key="target_themes",
    )
    st.query_params["themes"] = ",".join(th.value for th in themes)
with right:
    linked("target_statuses", "statuses", lambda raw: members(raw, Status))
    statuses = st.multiselect(
        t("targets.statuses"),
        list(Status),
        format_func=lambda s: narrative.badge(s, L),
        placeholder=t("targets.all"),
        key="target_statuses",
    )
    st.query_params["statuses"] = ",".join(s.value for s in statuses)


def in_year(value: float | None, year: int | None, indicator_id: str) -> str:
    if value is None or year is None:
        return ""
    ind = catalog.indicators[indicator_id]
    return t("value.in_year", value=amount(value, ind, L), year=year)


def at(point: Point | None, indicator_id: str) -> str:
    return in_year(point.value, point.year, indicator_id) if point else ""


def trend(indicator_id: str, country: str) -> list[float]:
    """A sparkline's points, drawn as the target charts are: better is up (a rank is turned
    over, first place on top) and time runs leftwards in a right-to-left language."""
    values = catalog.series(indicator_id, [country])["value"]
    if catalog.indicators[indicator_id].is_rank:
        values = -values
    points = values.tolist()
    return points[::-1] if i18n.direction(L) == "rtl" else points


def covered(share: float | None) -> str | None:
    """The share of the way covered as the language writes a percentage ("31 %" in French)."""
    return None if share is None else i18n.percent(share * 100, 0, L)


# Best status first; the same order for the table and the list of targets to open.
ordered = sorted(assessed, key=lambda p: (RANK[p.final.status], p.target.target_year))
rows = []
for p in ordered:
    target, final, ind = p.target, p.final, catalog.indicators[p.target.indicator]
    if (themes and ind.theme not in themes) or (statuses and final.status not in statuses):
        continue
    milestone = target.milestones[0] if target.milestones else None
    # The badge alone: the reason for "not enough data" is in the opened target's sentence,
    # and a long cell would push the other columns out of sight.
    status = narrative.badge(final.status, L)
    if p.superseded_by:
        replaced = i18n.name(by_id[p.superseded_by].target.name, L)
        status += " · " + t("targets.replaced_by", name=replaced)
    rows.append(
        {
            t("column.target"): i18n.name(target.name, L),
            t("column.status"): status,
            t("column.covered"): covered(final.covered),
            t("column.trend"): trend(ind.id, target.country),
            t("column.baseline"): at(final.baseline, ind.id),
            t("column.latest"): at(final.latest, ind.id),
            t("column.milestone"): in_year(milestone.value, milestone.year, ind.id)
            if milestone
            else "",
            t("column.goal"): in_year(target.target_value, target.target_year, ind.id),
            t("column.theme"): t("theme." + ind.theme.value),
        }
    )

if not rows:
    st.info(t("targets.none"))
else:
    table = pd.DataFrame(rows)
    # Widths (px) that fit the page's width at 1280 px and more, so that no column is out of
    # sight (in Arabic the grid would hide the first ones, on the right): the target's name
    # says what is measured, and the opened target names its indicator. Rows are tall enough
    # for Streamlit to wrap a long name or value instead of cutting it.
    widths = {"target": 200, "status": 130, "covered": 120, "trend": 80, "baseline": 130}
    widths |= {"latest": 115, "milestone": 125, "goal": 115, "theme": 90}
    config: dict[str, object] = {
        t(f"column.{name}"): st.column_config.Column(width=width) for name, width in widths.items()
    }
    config[t("column.trend")] = st.column_config.LineChartColumn(width=widths["trend"])
    show_table(table, column_config=config, row_height=TABLE_ROW_HEIGHT)

st.divider()
names = {p.target.id: i18n.name(p.target.name, L) for p in ordered}
if st.session_state.get("target") not in names:  # a target of the strategy left
    st.session_state.pop("target", None)
linked("target", "target", lambda raw: raw if raw in names else None)
chosen = st.selectbox(t("targets.choose"), list(names), format_func=names.__getitem__, key="target")
st.query_params["target"] = chosen
progress = by_id[chosen]
target, final = progress.target, progress.final
indicator = catalog.indicators[target.indicator]


st.badge(narrative.badge(final.status, L), color=STATUS_COLOURS[final.status])
st.markdown(narrative.sentence(progress, indicator, L))

# The measure in words: a share of installed capacity is not a share of generation.
st.caption(t("targets.measure", description=i18n.name(indicator.description, L)))
# Without enough data, the figure that would settle the status and who publishes it.
if final.status is Status.insufficient and target.settled_by:
    st.info(t("targets.settled_by", text=i18n.name(target.settled_by, L)), icon=":material/search:")
for milestone in progress.milestones:
    st.caption(
        t(
            "targets.milestone",
            year=milestone.goal_year,
            value=amount(milestone.goal_value, indicator, L),
            status=narrative.status_text(milestone, L),
        )
    )
if final.baseline is not None and not final.baseline_published:
    st.caption(t("targets.baseline_from_data", year=final.baseline.year))
if target.baseline_source is not None:
    source = catalog.sources[target.baseline_source]
    st.caption(t("targets.baseline_source", year=target.baseline_year, source=source_line(source)))

others = catalog.beside(target)
related = [(catalog.indicators[r], catalog.series(r, [target.country])) for r in target.related]
plot(
    charts.target_figure(
        progress, catalog.series(target.indicator, [target.country]), indicator, L, others, related
    )
)
deck_state.actions(ChartSpec(kind="target", ident=target.id, method=method))
if target.note:
    st.caption(note(target.note))

with st.expander(t("targets.how"), icon=":material/calculate:"):
    st.markdown(t(f"method.{method}.how"))
    st.markdown(t("method.common.how"))
    if (
        final.score is not None
        and final.observed_rate is not None
        and final.required_rate is not None
    ):
        st.markdown(
            t(
                "targets.numbers",
                observed=rate(final.observed_rate, method, indicator, L),
                required=rate(final.required_rate, method, indicator, L),
                score=i18n.ltr(i18n.number(final.score, 2, L), L),
            )
        )


# Where each country stands on the indicators of this strategy that others also report.
st.divider()
st.subheader(t("targets.compare.title"))
st.caption(t("targets.compare.intro", strategy=strategy_name))
compared = cached.standing_of(method, strategy.id)
indicator_names = {i: i18n.name(catalog.indicators[i].name, L) for i in compared.indicators}
if not compared.indicators:
    st.info(t("targets.compare.none", strategy=strategy_name))
else:
    if st.session_state.get("compare") not in indicator_names:  # another strategy's indicator
        st.session_state.pop("compare", None)
    linked("compare", "compare", lambda raw: raw if raw in indicator_names else None)
    compare_id = st.selectbox(
        t("targets.compare.choose"),
        compared.indicators,
        format_func=indicator_names.__getitem__,
        key="compare",
    )
    st.query_params["compare"] = compare_id
    places = compared.of(compare_id)
    compare_indicator = catalog.indicators[compare_id]
    # Drawn from its specification, as a deck draws it, with "Add to deck" under it.
    spec = ChartSpec(kind="standing", ident=compare_id, strategy=strategy.id, method=method)
    deck_state.chart(spec)
    strategy_names = {s: i18n.name(catalog.strategies[s].name, L) for s in catalog.strategies}

    def latest_value(row: pd.Series) -> str:
        # As the source states it ("about 93"), with its year.
        if pd.isna(row["value"]):
            return ""
        label = value_label(row, compare_indicator, L)
        return t("value.in_year", value=label, year=row["year"])

    def own_target(row: pd.Series) -> str:
        if row["target"] is None:
            return ""
        goal = in_year(row["target_value"], row["target_year"], compare_id)
        named = strategy_names.get(row["strategy"]) if row["strategy"] else None
        return f"{goal} · {i18n.isolate(named, L)}" if named else goal

    show_table(
        pd.DataFrame(
            {
                t("column.country"): [countries.name(c, L) for c in places["country"]],
                t("column.latest"): places.apply(latest_value, axis=1),
                t("column.own_target"): places.apply(own_target, axis=1),
                t("column.status"): [
                    narrative.badge(s, L) if s is not None else "" for s in places["status"]
                ],
                t("column.covered"): [
                    covered(c) if pd.notna(c) else None for c in places["covered"]
                ],
                t("column.place"): places["place"],
            }
        )
    )
    if compared.left_out:
        left_out = [i18n.name(catalog.indicators[i].name, L) for i in compared.left_out]
        st.caption(t("targets.compare.left_out", indicators=i18n.listing(left_out, L)))
    st.caption(t("targets.compare.value_only"))
