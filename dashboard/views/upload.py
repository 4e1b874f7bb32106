"""Upload: a file in, read and checked, every problem shown; stored as one batch when sound."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from dashboard import auth, cached
from dashboard.ui import lang, show_table, t
from metrics import export, i18n
from metrics.errors import Problem, ProblemsFound
from metrics.layouts import apply_mapping
from metrics.models import REQUIRED_COLUMNS, Direction, Indicator, Theme
from metrics.read import MAX_BYTES, read_bytes
from metrics.store import StoreError
from metrics.validate import Contract, validate

if not auth.is_editor():  # the navigation hides this page; never trust that alone
    st.error(t("auth.editors_only"))
    st.stop()

catalog = cached.catalog()
store = cached.store()
L = lang()


def report(problems: list[Problem], name: str) -> None:
    """Every problem as a table (row, column, value, message) with a CSV download."""
    table = pd.DataFrame(
        {
            t("upload.col.row"): [p.row if p.row is not None else "" for p in problems],
            t("upload.col.column"): [p.column or "" for p in problems],
            t("upload.col.value"): [p.value or "" for p in problems],
            t("upload.col.severity"): [t(f"upload.severity.{p.severity}") for p in problems],
            t("upload.col.message"): [i18n.describe(p, L) for p in problems],
        }
    )
    show_table(table)
    st.download_button(
        t("upload.download_report"),
        data=export.csv_bytes(table),
        file_name=f"athar_report_{name}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def refuse(problems: list[Problem], name: str) -> None:
    errors = [p for p in problems if p.severity == "error"]
    st.error(t("upload.refused", count=len(errors)))
    report(problems, name)
    st.stop()


st.title(t("upload.title"))
st.caption(t("upload.intro"))
st.download_button(
    t("upload.template"),
    data=export.template_csv(catalog, L),
    file_name=f"athar_template_{L}.csv",
    mime="text/csv",
    icon=":material/description:",
    help=t("upload.template_help"),
)
upload = st.file_uploader(
    t("upload.file"),
    type=["csv", "tsv", "txt", "xlsx", "parquet"],
    max_upload_size=MAX_BYTES >> 20,
    key="upload_file",
    help=t("upload.file_help", limit_mb=MAX_BYTES >> 20),
)
if upload is None:
    st.stop()
content, name = upload.getvalue(), upload.name
digest = hashlib.sha256(content).hexdigest()
imported = st.session_state.setdefault("imported", {})  # sha256 -> batch id, this session
if digest in imported:  # this file's batch is stored: say so, do not offer it twice
    st.success(t("upload.imported", batch=imported[digest], file=name))
    st.page_link("views/history.py", label=t("nav.history"), icon=":material/history:")
    st.stop()

# 1. Read: encoding, delimiter, decimal mark, layout, and the first lines as decoded.
with st.status(t("upload.checking"), expanded=False) as status:
    bar = st.progress(0.1, text=t("upload.step.read"))
    try:
        table = read_bytes(content, name)
    except ProblemsFound as exc:
        status.update(label=t("upload.step.failed"), state="error")
        problems = exc.problems
    else:
        problems = []
        bar.progress(0.5, text=t("upload.step.validate"))
if problems:
    refuse(problems, name)

unset = t("upload.not_applicable")
st.markdown(
    t(
        "upload.detected",
        encoding=table.encoding or unset,
        delimiter={"\t": "TAB", "": unset}.get(table.delimiter, table.delimiter),
        decimal=table.decimal if table.encoding else unset,
        layout=t(f"upload.layout.{table.layout}"),
    )
)
with st.expander(t("upload.preview"), expanded=table.layout == "unknown"):
    st.code(table.preview, language=None)

# 2. A layout we do not know: the analyst says which column holds what.
if table.layout == "unknown":
    st.subheader(t("upload.mapping"))
    st.caption(t("upload.mapping_help"))
    columns = list(table.frame.columns)
    mapping: dict[str, str] = {}
    constants: dict[str, str] = {}
    for long_column in REQUIRED_COLUMNS:
        picked = st.selectbox(
            t(f"upload.map.{long_column}"), columns, index=None, key=f"map_{long_column}"
        )
        if picked:
            mapping[long_column] = picked
    if "indicator" not in mapping:
        one = st.text_input(t("upload.map.constant_indicator"), key="map_constant")
        if one.strip():
            constants["indicator"] = one.strip()
    if not set(REQUIRED_COLUMNS) <= set(mapping) | set(constants):
        st.info(t("upload.mapping_incomplete"))
        st.stop()
    try:
        table = apply_mapping(table, mapping, constants)
    except ProblemsFound as exc:
        refuse(exc.problems, name)

# 3. Validate every row; nothing goes further while an error remains.
contract = Contract(catalog.indicators, set(catalog.sources), allow_new=True)
result = validate(table, contract)
if not result.ok:
    refuse(result.problems, name)
obs = result.observations
st.success(
    t(
        "upload.valid",
        rows=len(obs),
        indicators=obs["indicator"].nunique(),
        countries=obs["country"].nunique(),
    )
)
if result.problems:
    st.warning(t("upload.warnings", count=len(result.problems)))
    report(result.problems, name)

# 4. Indicators new to the catalogue: their metadata, checked by the Indicator model.
described: list[Indicator] = []
missing: list[str] = []
source_ids = sorted(catalog.sources, key=lambda s: catalog.sources[s].title.casefold())
for ident, name_in_file in result.new_indicators.items():
    with st.expander(t("upload.new_indicator", id=ident), expanded=True):
        st.caption(t("upload.new_indicator_help"))
        texts: dict[str, dict[str, str]] = {"name": {}, "description": {}, "unit": {}}
        for field in texts:
            for code in i18n.LANGUAGES:
                texts[field][code] = st.text_input(
                    t(f"upload.meta.{field}", language=t(f"upload.language.{code}")),
                    value=name_in_file if field == "name" and code == "en" else "",
                    key=f"meta_{ident}_{field}_{code}",
                )
        short = st.text_input(t("upload.meta.short_unit"), key=f"meta_{ident}_short_unit")
        theme = st.selectbox(
            t("upload.meta.theme"),
            list(Theme),
            format_func=lambda v: t(f"theme.{v.value}"),
            key=f"meta_{ident}_theme",
        )
        direction = st.selectbox(
            t("upload.meta.direction"),
            list(Direction),
            format_func=lambda v: t(f"upload.direction.{v.value}"),
            key=f"meta_{ident}_direction",
        )
        decimals = st.number_input(t("upload.meta.decimals"), 0, 6, 1, key=f"meta_{ident}_decimals")
        source = st.selectbox(
            t("upload.meta.source"),
            source_ids,
            index=None,
            format_func=lambda s: catalog.sources[s].title,
            key=f"meta_{ident}_source",
        )
        record = {
            "id": ident,
            **texts,
            "short_unit": {code: short for code in i18n.LANGUAGES},
            "theme": theme,
            "direction": direction,
            "decimals": int(decimals),
            "sources": [source] if source else [],
        }
        try:
            described.append(Indicator.model_validate(record))
        except ValidationError as exc:
            missing.append(ident)
            fields = sorted({".".join(map(str, e["loc"])) for e in exc.errors()})
            st.warning(t("upload.meta.incomplete", fields=", ".join(fields)))
if missing:
    st.info(t("upload.needs_metadata", count=len(missing)))
    st.stop()

# 5. Values that differ from the charted ones: shown, then added beside or replacing them.
clash = store.conflicts(obs)
mode = "add"
if len(clash):
    st.subheader(t("upload.conflicts", count=len(clash)))
    show_table(clash.drop(columns=["row"]))
    mode = st.radio(
        t("upload.mode"),
        ["add", "replace"],
        format_func=lambda m: t(f"upload.mode.{m}"),
        key="upload_mode",
    )

# 6. Store: one batch, all or nothing.
if st.button(t("upload.import"), type="primary", key="upload_import"):
    with st.status(t("upload.step.store"), expanded=False) as storing:
        try:
            batch = store.import_batch(
                obs,
                by=auth.identity(),
                file_name=name,
                content=content,
                mode=mode,
                indicators=described,
            )
        except StoreError as exc:
            storing.update(state="error")
            st.error(t(f"store.{exc.code}", **exc.params))
            st.stop()
        storing.update(label=t("upload.step.done"), state="complete")
    imported[digest] = batch.id
    st.rerun()  # every page now reads the new store version
