"""Upload: a file in, read and checked, every problem shown; stored as one batch when sound.

The road itself is metrics.importing: this page only lays out what it returns and asks what
only the analyst can say (which column holds what, the metadata of a new indicator, add or
replace)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from dashboard import auth, cached, targets_upload
from dashboard.ui import lang, linked, page_link, show_table, t
from dashboard.upload_parts import headline, new_source, refuse, report
from metrics import countries, export, i18n, importing
from metrics.errors import MetricsError
from metrics.formatting import value_label
from metrics.models import REQUIRED_COLUMNS, Direction, Indicator, Source, Theme
from metrics.read import MAX_BYTES

auth.require_editor("upload")

catalog = cached.catalog()
store = cached.store()
L = lang()
KINDS = ["observations", "targets"]
NEW_SOURCE = "+"  # the source choice that opens the form for a source new to the catalogue


st.title(t("upload.title"))
st.caption(t("upload.intro"))
# Observations, or a strategy's targets: two kinds of file, each read by its own road.
given = linked("upload_kind", "kind", lambda raw: raw if raw in KINDS else None)
kind = st.segmented_control(
    t("upload.kind"),
    KINDS,
    default=None if given else KINDS[0],
    required=True,
    format_func=lambda k: t(f"upload.kind.{k}"),
    key="upload_kind",
)
st.query_params["kind"] = kind or KINDS[0]
if kind == "targets":
    targets_upload.show(catalog, store)
    st.stop()
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
    st.success(t("upload.imported", batch=imported[digest], file=i18n.isolate(name, L)))
    page_link("history")
    st.stop()

# 1. Read and check: encoding, delimiter, decimal mark, layout, every row.
# The analyst's reading of an unknown layout, kept for this file only.
mapping, constants = st.session_state.get("upload_mapping", {}).get(digest, ({}, {}))
with st.status(t("upload.checking"), expanded=False) as status:

    def checking(key: str, **params: int | str) -> None:
        status.update(label=i18n.progress(key, L, **params))

    checked = cached.checked(content, digest, name, mapping, constants, checking)
    if checked.table is None:
        status.update(label=t("upload.step.failed"), state="error")
    elif checked.errors and not checked.needs_mapping:  # an unknown layout is mapped next
        status.update(label=t("upload.step.checked_refused"), state="error")
    else:
        status.update(label=t("upload.step.checked"), state="complete")
if checked.table is None:
    refuse(checked, name)
table = checked.table
assert table is not None

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
with st.expander(t("upload.preview"), expanded=checked.needs_mapping):
    st.code(table.preview, language=None)

# 2. A layout we do not know: the analyst says which column holds what.
if checked.needs_mapping or mapping or constants:
    st.subheader(t("upload.mapping"))
    st.caption(t("upload.mapping_help"))
    as_read = cached.checked(content, digest, name).table
    columns = list(as_read.frame.columns) if as_read is not None else []
    chosen: dict[str, str] = {}
    for long_column in REQUIRED_COLUMNS:
        picked = st.selectbox(
            t(f"upload.map.{long_column}"), columns, index=None, key=f"map_{long_column}"
        )
        if picked:
            chosen[long_column] = picked
    one: dict[str, str] = {}
    if "indicator" not in chosen:
        typed = st.text_input(t("upload.map.constant_indicator"), key="map_constant").strip()
        if typed:
            one["indicator"] = typed
    if not set(REQUIRED_COLUMNS) <= set(chosen) | set(one):
        st.info(t("upload.mapping_incomplete"))
        st.stop()
    if (chosen, one) != (mapping, constants):
        st.session_state["upload_mapping"] = {digest: (chosen, one)}
        st.rerun()

# 3. Nothing goes further while an error remains.
if checked.errors:
    refuse(checked, name)
rows = checked.rows
st.success(
    t(
        "upload.valid",
        rows=len(rows),
        indicators=rows["indicator"].nunique(),
        countries=rows["country"].nunique(),
    )
)
if checked.warnings:
    st.warning(headline(checked) + " " + t("upload.warnings_note"))
    report(checked.problems, name)


# 4. Indicators new to the catalogue: their metadata (and a new source), checked by the models.
described: list[Indicator] = []
new_sources: list[Source] = []
missing: list[str] = []
source_ids = sorted(catalog.sources, key=lambda s: catalog.sources[s].title.casefold())
for new in checked.new:
    ident = new.id
    with st.expander(t("upload.new_indicator", id=i18n.isolate(ident, L)), expanded=True):
        st.caption(t("upload.new_indicator_help"))
        texts: dict[str, dict[str, str]] = {"name": {}, "description": {}, "unit": {}}
        for field in texts:
            for code in i18n.LANGUAGES:
                texts[field][code] = st.text_input(
                    t(f"upload.meta.{field}", language=t(f"upload.language.{code}")),
                    value=new.name_in_file if field == "name" and code == "en" else "",
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
        source_id = st.selectbox(
            t("upload.meta.source"),
            [*source_ids, NEW_SOURCE],
            index=None,
            format_func=lambda s: (
                t("upload.source.new") if s == NEW_SOURCE else catalog.sources[s].title
            ),
            key=f"meta_{ident}_source",
        )
        fields: list[str] = []
        if source_id == NEW_SOURCE:
            source, fields = new_source(ident, catalog)
            source_id = source.id if source else None
            if source:
                new_sources.append(source)
            fields = [f"source.{f}" for f in fields]
        record = {
            "id": ident,
            **texts,
            "short_unit": {code: short for code in i18n.LANGUAGES},
            "theme": theme,
            "direction": direction,
            "decimals": int(decimals),
            "sources": [source_id] if source_id else [],
        }
        try:
            indicator = Indicator.model_validate(record)
        except ValidationError as exc:
            fields += sorted({".".join(map(str, e["loc"])) for e in exc.errors()})
        if fields:
            missing.append(ident)
            st.warning(t("upload.meta.incomplete", fields=i18n.listing(fields, L)))
        else:
            described.append(indicator)
if missing:
    st.info(t("upload.needs_metadata", count=len(missing)))
    st.stop()

# 5. Values that state something else than the charted ones: shown, then added beside or
# replacing them. Rows that repeat exactly what is charted change nothing.
if checked.unchanged:
    st.info(t("upload.unchanged", count=checked.unchanged))
mode = "add"
clash = checked.conflicts
if len(clash):
    st.subheader(t("upload.conflicts", count=len(clash)))

    def stated(prefix: str) -> list[str]:
        labels = []
        for _, r in clash.iterrows():
            indicator = catalog.indicators[r["indicator"]]  # a conflict is with a charted row
            cells = {k: r[f"{prefix}_{k}"] for k in ("value", "high", "lower_bound", "estimate")}
            source = r[f"{prefix}_source"]
            label = value_label(cells, indicator, L)
            # A source by its title where the catalogue knows it, not by its internal id.
            known = catalog.sources.get(source)
            labels.append(f"{label} · {known.title if known else source}" if source else label)
        return labels

    show_table(
        pd.DataFrame(
            {
                t("column.indicator"): [
                    i18n.name(catalog.indicators[i].name, L) for i in clash["indicator"]
                ],
                t("column.country"): [countries.name(c, L) for c in clash["country"]],
                t("column.year"): clash["year"],
                t("upload.col.charted"): stated("existing"),
                t("upload.col.in_file"): stated("new"),
            }
        )
    )
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
            batch = importing.commit(
                store,
                checked,
                by=auth.identity(),
                mode=mode,
                metadata=importing.Metadata(described, new_sources),
                progress=lambda key, **params: storing.update(
                    label=i18n.progress(key, L, **params)
                ),
            )
        except MetricsError as exc:
            storing.update(state="error")
            st.error(i18n.explain(exc, L))
            st.stop()
        storing.update(label=t("upload.step.done"), state="complete")
    imported[digest] = batch.id
    st.session_state.pop("upload_mapping", None)
    st.rerun()  # every page now reads the new store version
