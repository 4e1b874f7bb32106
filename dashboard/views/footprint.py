"""Footprint: where digital's carbon footprint comes from, e-waste, and the lifetime scenario."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, plot, show_table, sources_expander, t
from dashboard.ui import note as readable
from metrics import countries, grid, i18n, story
from metrics.deck import ChartSpec
from metrics.formatting import amount, value_label
from metrics.models import Source
from metrics.scenario import levers, lifetime_scenario, outcome

# The ids in data/ this page shows besides its charts' (metrics.story).
NATIONAL = ("digital_share_fr_footprint", "digital_share_fr_footprint_wide")
EWASTE = ("ewaste_generated", "ewaste_per_capita", "ewaste_collection_rate")
# Example lifetimes (years) the sliders start from: doubling, a round case to read (the
# report says nothing on lifetimes). Not measured figures; the page says so.
EXAMPLE_TODAY, EXAMPLE_TOMORROW = 3.0, 6.0
HALF_YEARS = [n / 2 for n in range(2, 31)]  # 1 to 15 years

catalog = cached.catalog()
L = lang()
this_year = dt.date.today().year


def latest(indicator: str, country: str) -> pd.Series | None:
    return catalog.latest(indicator, country, until=this_year)


def in_year(row: pd.Series, indicator: str) -> str:
    label = value_label(row, catalog.indicators[indicator], L)
    return t("value.in_year", value=label, year=int(row["year"]))


def sources(*indicators: str) -> list[Source]:
    return story.sources(catalog, *indicators)


def chart(name: str, caption: str) -> None:
    deck_state.chart(ChartSpec(kind="story", ident=name), caption)


def origin(share_text: str) -> None:
    """Where the footprint comes from: manufacturing against the rest, and its parts."""
    st.header(t("footprint.origin.heading"))
    left, right = st.columns(2)
    with left:
        chart("phases", t("footprint.origin.phases_caption", share=share_text))
        sources_expander(sources(story.MANUFACTURING))
    with right:
        chart("components", t("footprint.origin.components_caption"))
        sources_expander(sources(*story.COMPONENTS))


def on_grids(made: pd.Series | None, share_text: str) -> None:
    """The study's split re-weighted by each grid's carbon intensity, the two electricity
    series behind it, and the method in words."""
    study = grid.study_grid(catalog)
    if made is None or study is None:
        return
    share = float(made["value"])
    st.header(t("footprint.grid.heading"))
    g_per_kwh = catalog.indicators[grid.INTENSITY]

    def intensity(value: float) -> str:
        return amount(value, g_per_kwh, L)

    st.markdown(
        t(
            "footprint.grid.intro",
            share=share_text,
            france=intensity(study.intensity),
            year=study.year,
        )
    )
    grids = [study] + [
        g
        for p in grid.PLACES
        if p != grid.STUDY_PLACE
        if (g := grid.latest_grid(catalog, p, this_year))
    ]
    splits = [grid.split_on_grid(share, g.intensity, study.intensity) for g in grids]
    # A place and its year are written alike in every language; the study's row says so.
    places = [f"{countries.name(g.place, L)} ({g.year})" for g in grids]
    places[0] = t(
        "footprint.grid.place_study", place=countries.name(study.place, L), year=study.year
    )
    column = {
        k: t(f"footprint.grid.column.{k}")
        for k in ("place", "intensity", "manufacturing", "use", "scale")
    }
    show_table(
        pd.DataFrame(
            {
                column["place"]: places,
                column["intensity"]: [intensity(g.intensity) for g in grids],
                column["manufacturing"]: [i18n.percent(x.manufacturing, 0, L) for x in splits],
                column["use"]: [i18n.percent(x.use, 0, L) for x in splits],
                column["scale"]: [i18n.number(x.scale, 1, L) for x in splits],
            }
        )
    )
    home = next((i for i, g in enumerate(grids) if g.place == grid.HOME), None)
    if home is not None:
        st.markdown(
            "**"
            + t(
                "footprint.grid.result",
                year=grids[home].year,
                made=i18n.percent(splits[home].manufacturing, 0, L),
                use=i18n.percent(splits[home].use, 0, L),
                times=i18n.number(splits[home].scale, 1, L),
            )
            + "**"
        )
    st.caption(t("footprint.grid.caption"))
    with st.expander(t("footprint.grid.method_title"), icon=":material/functions:"):
        st.markdown(
            t(
                "footprint.grid.method",
                share=share_text,
                rest=i18n.percent(100 - share, 0, L),
                france=intensity(study.intensity),
                year=study.year,
            )
        )
    st.subheader(t("footprint.grid.charts_heading"))
    captions = {
        grid.INTENSITY: t("footprint.grid.intensity_caption"),
        grid.RENEWABLES: t("footprint.grid.renewables_caption"),
    }
    for half, (indicator_id, caption) in zip(st.columns(2), captions.items(), strict=True):
        with half:
            spec = ChartSpec(kind="series", ident=indicator_id, countries=grid.PLACES)
            deck_state.chart(spec, caption)
    sources_expander(sources(story.MANUFACTURING, grid.INTENSITY))


def national_and_global() -> None:
    """Digital's share of France's footprint, and ICT's global share as published ranges."""
    left, right = st.columns(2)
    with left:
        st.subheader(t("footprint.national.heading"))
        cards = st.columns(len(NATIONAL))
        for card, indicator_id in zip(cards, NATIONAL, strict=True):
            row = latest(indicator_id, story.STUDY)
            if row is None:
                continue
            ind = catalog.indicators[indicator_id]
            card.metric(
                t(f"footprint.national.{indicator_id}", year=int(row["year"])),
                value_label(row, ind, L),
                help=i18n.name(ind.description, L),
                border=True,
            )
        st.caption(t("footprint.national.caption"))
        sources_expander(sources(*NATIONAL))
    with right:
        chart("ict_share", t("footprint.global.caption"))
        sources_expander(sources(*story.GLOBAL_RANGES))


def ewaste() -> None:
    """E-waste for the world, Africa, Europe, Morocco and Tunisia."""
    st.header(t("footprint.ewaste.heading"))
    st.markdown(t("footprint.ewaste.intro"))
    area = t("column.area")
    cells: dict[str, list[str]] = {area: [countries.name(c, L) for c in story.EWASTE_PLACES]}
    for indicator_id in EWASTE:
        column = i18n.name(catalog.indicators[indicator_id].name, L)
        found_rows = [latest(indicator_id, c) for c in story.EWASTE_PLACES]
        cells[column] = [
            in_year(r, indicator_id) if r is not None else t("value.not_published")
            for r in found_rows
        ]
    show_table(pd.DataFrame(cells))

    charted = ("ewaste_per_capita", "ewaste_collection_rate")
    for half, indicator_id in zip(st.columns(len(charted)), charted, strict=True):
        with half:
            note = catalog.indicators[indicator_id].note
            chart(indicator_id, readable(note) if note else "")
    sources_expander(sources(*EWASTE))


def grid_label(option: str) -> str:
    """A grid of the scenario, with the year of its intensity."""
    if option == "fra":
        study = grid.study_grid(catalog)
        year = study.year if study else ""
    else:
        home = grid.latest_grid(catalog, grid.HOME, this_year)
        year = home.year if home else ""
    return t(f"footprint.scenario.grid_option.{option}", year=year)


def scenario(made: pd.Series | None, share_text: str) -> None:
    """The lifetime scenario: sliders and the grid, the chart before and after, the formula,
    and which lever matters most in Morocco."""
    st.header(t("footprint.scenario.heading"))
    st.markdown(t("footprint.scenario.intro"))
    target = grid.morocco_target(catalog, this_year)
    offered = list(grid.SCENARIO_GRIDS) if target is not None else ["fra"]
    controls, drawn, formula = st.columns([2, 3, 3])
    # Select sliders, not sliders: their labels go through Babel, so French reads "3,5 ans" and
    # "78 %", and Arabic gets its plural forms.
    with controls:
        share = st.select_slider(
            t("footprint.scenario.share"),
            list(range(101)),
            value=round(float(made["value"])) if made is not None else 50,
            format_func=lambda v: i18n.percent(v, 0, L),
            key="scenario_share",
            help=t("footprint.scenario.share_help", value=share_text) if share_text else None,
        )
        today = st.select_slider(
            t("footprint.scenario.today"),
            HALF_YEARS,
            value=EXAMPLE_TODAY,
            format_func=lambda v: i18n.years(v, L),
            key="scenario_today",
        )
        tomorrow = st.select_slider(
            t("footprint.scenario.tomorrow"),
            HALF_YEARS,
            value=EXAMPLE_TOMORROW,
            format_func=lambda v: i18n.years(v, L),
            key="scenario_tomorrow",
        )
        on = st.radio(
            t("footprint.scenario.grid"),
            offered,
            format_func=grid_label,
            key="scenario_grid",
            help=t("footprint.scenario.grid_help"),
        )
        st.caption(
            t(
                "footprint.scenario.defaults",
                today=i18n.years(EXAMPLE_TODAY, L),
                tomorrow=i18n.years(EXAMPLE_TOMORROW, L),
            )
        )
    inputs = grid.scenario_inputs(catalog, share, on, this_year) or (share / 100, 1.0)
    s, ratio = inputs
    _, after = lifetime_scenario(s, today, tomorrow, ratio)
    years = {"today": i18n.years(today, L), "tomorrow": i18n.years(tomorrow, L)}
    with drawn:
        drawn_slide = story.scenario(catalog, share, today, tomorrow, L, on)
        if drawn_slide is not None:
            plot(drawn_slide.figure)
        spec = ChartSpec(kind="scenario", ident=str(share), lifetimes=(today, tomorrow), grid=on)
        deck_state.actions(spec)
    with formula:
        st.markdown(f"**{t('footprint.scenario.formula')}**")
        # Symbols with number subscripts read the same in every language; the legend names them.
        if on == "fra":
            st.latex(r"\frac{F_1}{F_0} = s \times \frac{L_0}{L_1} + (1 - s)")
        else:
            st.latex(
                r"\frac{F_1}{F_0} = s' \times \frac{L_0}{L_1} + (1 - s') \times \frac{I_1}{I_0}"
            )

        def num(value: float, decimals: int = 2) -> str:
            # A decimal comma must be braced in LaTeX, or it is read as a separator with a space.
            return i18n.number(value, decimals, L).replace(",", "{,}")

        grid_term = "" if on == "fra" else rf" \times {num(ratio)}"
        st.latex(
            rf"= {num(s)} \times \frac{{{num(today, 1)}}}{{{num(tomorrow, 1)}}} + {num(1 - s)}"
            rf"{grid_term} = {num(after.total)}"
        )
        st.markdown(t("footprint.scenario.legend"))
        if on != "fra":
            st.markdown(t("footprint.scenario.legend_grid"))
        change = (after.total - 1) * 100
        result = outcome(s, today, tomorrow, ratio)
        key = f"result_grid_{result}" if ratio != 1 and result != "same" else f"result_{result}"
        st.info(
            t(
                f"footprint.scenario.{key}",
                today=years["today"],
                tomorrow=years["tomorrow"],
                change=i18n.percent(abs(change), 0, L),
                ratio=i18n.percent(after.total * 100, 0, L),
            )
        )
    st.caption(t("footprint.scenario.limits"))
    if target is not None:
        which_lever(share, today, tomorrow, target)


def which_lever(share: int, today: float, tomorrow: float, target: grid.Target) -> None:
    """Each lever alone and both, on Morocco's grid, and which matters most, in words computed
    from the numbers: the answer depends on how the capacity target is read."""
    study = grid.study_grid(catalog)
    if study is None:
        return
    st.subheader(t("footprint.levers.heading"))
    st.markdown(t("footprint.levers.intro", year=target.today.year))
    home = grid.split_on_grid(share, target.today.intensity, study.intensity).manufacturing / 100
    upper = levers(home, today, tomorrow, target.upper / target.today.intensity)
    lower = levers(home, today, tomorrow, target.lower / target.today.intensity)

    def change(total: float) -> str:
        # Signed, the sign inside the number's left-to-right run (Arabic would move it away):
        # a "longer" lifetime may be shorter, and a grid may get dirtier.
        points = round((total - 1) * 100)
        text = i18n.with_unit(i18n.number(abs(points), 0, L), "%", L)
        return i18n.ltr(("−" if points < 0 else "+" if points > 0 else "") + text, L)

    upper_share = i18n.percent(target.share, 0, L)
    lower_share = i18n.percent(target.lower_share, 0, L)
    rows = [
        (
            t(
                "footprint.levers.lifetime",
                today=i18n.years(today, L),
                tomorrow=i18n.years(tomorrow, L),
            ),
            upper.lifetime,
        ),
        (t("footprint.levers.upper", share=upper_share), upper.grid),
        (t("footprint.levers.lower", share=lower_share), lower.grid),
        (t("footprint.levers.both", share=upper_share), upper.both),
    ]
    show_table(
        pd.DataFrame(
            {
                t("footprint.levers.column.lever"): [label for label, _ in rows],
                t("footprint.levers.column.change"): [change(total) for _, total in rows],
            }
        )
    )
    # A smaller total tomorrow is the stronger lever.
    if upper.grid < upper.lifetime and lower.grid < upper.lifetime:
        verdict = t("footprint.levers.grid_wins")
    elif upper.grid >= upper.lifetime and lower.grid >= upper.lifetime:
        verdict = t("footprint.levers.lifetime_wins")
    else:
        verdict = t(
            "footprint.levers.depends",
            upper=upper_share,
            lower=lower_share,
            upper_change=change(upper.grid),
            lower_change=change(lower.grid),
            lifetime_change=change(upper.lifetime),
        )
    st.info(verdict)
    generation = i18n.percent(target.base, 0, L)
    st.caption(
        t(
            "footprint.levers.why",
            target=upper_share,
            target_year=target.target_year,
            year=target.capacity_year,
            capacity=i18n.percent(target.capacity, 0, L),
            generation=generation,
            lower=lower_share,
        )
    )


made = story.manufacturing(catalog)
share_text = i18n.percent(float(made["value"]), 0, L) if made is not None else ""
st.title(t("footprint.title"))
st.markdown(t("footprint.intro", share=share_text))
origin(share_text)
on_grids(made, share_text)
national_and_global()
ewaste()
scenario(made, share_text)
