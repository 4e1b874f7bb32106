"""What the Upload page shows for both kinds of file (observations and targets): the
problems found, the headline above them, and the form for a source new to the catalogue."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from dashboard.ui import lang, show_table, t
from metrics import export, i18n
from metrics.catalog import Catalog
from metrics.errors import Problem, Reported
from metrics.models import Confidence, Source


def report(problems: list[Problem], name: str) -> None:
    """Problems of one kind on one value as one line with their rows; every problem, one by
    one, in the CSV download."""
    L = lang()
    groups = i18n.grouped(problems, L)
    show_table(
        pd.DataFrame(
            {
                t("upload.col.severity"): [
                    t(f"upload.severity.{g.first.severity}") for g in groups
                ],
                t("upload.col.rows"): [len(g.rows) or None for g in groups],
                t("upload.col.message"): [i18n.describe_group(g, L) for g in groups],
            }
        ),
        column_config={
            t("upload.col.severity"): st.column_config.TextColumn(width=90),
            t("upload.col.rows"): st.column_config.NumberColumn(width=70),
            t("upload.col.message"): st.column_config.TextColumn(width=1000),
        },
    )
    every = pd.DataFrame(
        {
            t("upload.col.row"): [p.row if p.row is not None else "" for p in problems],
            t("upload.col.column"): [i18n.column_name(p.column or "", L) for p in problems],
            t("upload.col.value"): [p.value or "" for p in problems],
            t("upload.col.severity"): [t(f"upload.severity.{p.severity}") for p in problems],
            t("upload.col.message"): [i18n.describe(p, L) for p in problems],
        }
    )
    st.download_button(
        t("upload.download_report"),
        data=export.csv_bytes(every),
        file_name=f"athar_report_{name}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def headline(checked: Reported) -> str:
    return t(
        "upload.headline",
        errors=i18n.number(len(checked.errors), 0, lang()),
        warnings=i18n.number(len(checked.warnings), 0, lang()),
    )


def refuse(checked: Reported, name: str) -> None:
    st.error(headline(checked) + " " + t("upload.refused"))
    report(checked.problems, name)
    st.stop()


def new_source(ident: str, catalog: Catalog, fixed_id: str = "") -> tuple[Source | None, list[str]]:
    """The form for a source new to the catalogue; the record, or what is still missing. A
    source a targets file already names keeps that id (`fixed_id`)."""
    st.markdown(f"**{t('upload.source.heading')}**")
    typed = st.text_input(
        t("upload.source.id"), value=fixed_id, disabled=bool(fixed_id), key=f"src_{ident}_id"
    )
    record = {
        "id": fixed_id or typed.strip(),
        "title": st.text_input(t("upload.source.title"), key=f"src_{ident}_title"),
        "publisher": st.text_input(t("upload.source.publisher"), key=f"src_{ident}_publisher"),
        "url": st.text_input(t("upload.source.url"), key=f"src_{ident}_url").strip() or None,
        "published": st.date_input(
            t("upload.source.published"), value=None, key=f"src_{ident}_published"
        ),
        "accessed": dt.date.today(),
        "confidence": st.selectbox(
            t("upload.source.confidence"),
            list(Confidence),
            format_func=lambda c: t(f"confidence.{c.value}"),
            key=f"src_{ident}_confidence",
        ),
    }
    try:
        source = Source.model_validate(record)
    except ValidationError as exc:
        return None, sorted({".".join(map(str, e["loc"])) for e in exc.errors()})
    if source.id in catalog.sources:
        return None, ["id"]
    return source, []
