"""Present: the deck one chart per screen, in large type, the app's chrome hidden; the arrow
keys or the buttons step through it, and the slide number follows the language."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, page_link, plot, plot_map, t
from metrics import i18n
from metrics.deck import BadChart, ChartSpec, slide

catalog = cached.catalog()
L = lang()
deck = deck_state.current()

# Only the slide: the navigation, the language switch and Streamlit's toolbar are hidden.
st.html(
    "<style>header, [data-testid='stToolbar'], [data-testid='stHorizontalBlock']:has(> div"
    " [data-testid='stButtonGroup']) {display: none !important;}"
    " .block-container {padding-top: 1rem !important; max-width: 100% !important;}"
    " h1 {font-size: 3rem !important;}</style>"
)

if not deck.charts:
    st.title(t("nav.present"))
    st.info(t("deck.empty"))
    page_link("deck")
    st.stop()

count = len(deck.charts)
if "present_at" not in st.session_state:
    given = st.query_params.get("slide", "1")
    st.session_state["present_at"] = min(max(int(given) if given.isdigit() else 1, 1), count) - 1


def step(by: int) -> None:
    st.session_state["present_at"] = min(max(st.session_state["present_at"] + by, 0), count - 1)


at = min(st.session_state["present_at"], count - 1)
spec, own = ChartSpec.parse(deck.charts[at]), deck.titles[at]
try:
    made = slide(spec, catalog, L)
except BadChart as exc:  # its data was withdrawn since it was added
    st.warning(i18n.explain(exc, L))
    made = None
if made is not None:
    st.title(own or made.title)
    if made.sentence:
        st.markdown(f"### {made.sentence}")
    figure = made.figure.update_layout(height=620, font={"size": 18})
    (plot_map if spec.kind == "map" else plot)(figure)
    st.caption(" · ".join(s.title for s in made.sources))

# The arrows point the way the language reads; the keys stay → for next, as a clicker sends.
rtl = i18n.direction(L) == "rtl"
previous, counter, following, back = st.columns([1, 1, 1, 2], vertical_alignment="center")
previous.button(
    t("present.previous"),
    icon=":material/arrow_forward:" if rtl else ":material/arrow_back:",
    key="present_previous",
    shortcut="left",
    disabled=at == 0,
    on_click=step,
    args=(-1,),
)
number = t("present.counter", at=i18n.number(at + 1, 0, L), count=i18n.number(count, 0, L))
counter.markdown(i18n.ltr(number, L))  # "2 / 7", never "7 / 2", in Arabic
following.button(
    t("present.next"),
    icon=":material/arrow_back:" if rtl else ":material/arrow_forward:",
    key="present_next",
    shortcut="right",
    disabled=at == count - 1,
    on_click=step,
    args=(1,),
)
with back:
    page_link("deck", query_params=dict(st.query_params))
deck_state.to_url(deck)
st.query_params["slide"] = str(at + 1)
