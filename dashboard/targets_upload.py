"""The Upload page for a strategy's targets: a targets file read and checked, the strategies
and sources it names that the catalogue does not hold described by the editor, then stored as
one batch. The road is metrics.importing (check_targets, commit_targets), as for
`python -m metrics import --targets`; this only lays out what it returns."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from dashboard import auth, cached
from dashboard.ui import lang, page_link, show_table, t
from dashboard.upload_parts import headline, new_source, refuse, report
from metrics import countries, i18n, importing
from metrics.catalog import Catalog
from metrics.errors import MetricsError
from metrics.formatting import amount
from metrics.limits import MAX_BYTES
from metrics.models import Source, Strategy, Target
from metrics.store import Store
from metrics.targets_file import TargetsChecked, targets_template


def show(catalog: Catalog, store: Store) -> None:
    L = lang()
    st.caption(t("upload.targets.intro"))
    left, right = st.columns(2, gap="small", width=560)
    left.download_button(
        t("upload.targets.template"),
        data=targets_template(catalog, L),
        file_name=f"athar_targets_template_{L}.csv",
        mime="text/csv",
        icon=":material/description:",
        help=t("upload.targets.template_help"),
    )
    right.download_button(
        t("upload.targets.template_yaml"),
        data=targets_template(catalog, L, "yaml"),
        file_name="athar_targets_template.yaml",
        mime="application/yaml",
        icon=":material/data_object:",
    )
    upload = st.file_uploader(
        t("upload.targets.file"),
        type=["csv", "tsv", "txt", "xlsx", "yaml", "yml"],
        max_upload_size=MAX_BYTES >> 20,
        key="upload_targets_file",
        help=t("upload.targets.file_help", limit_mb=MAX_BYTES >> 20),
    )
    if upload is None:
        st.stop()
    content, name = upload.getvalue(), upload.name
    digest = hashlib.sha256(content).hexdigest()
    imported = st.session_state.setdefault("imported_targets", {})  # sha256 -> (batch, ids)
    if digest in imported:  # stored: say so and lead to the strategy, never offer it twice
        batch_id, strategies = imported[digest]
        st.success(t("upload.targets.imported", batch=batch_id, file=i18n.isolate(name, L)))
        for strategy in strategies:
            page_link("targets", {"strategy": strategy})
        st.stop()

    checked = cached.targets_checked(content, digest, name)
    if not checked.ok:
        refuse(checked, name)
    strategies = {target.strategy for target in checked.targets}
    st.success(t("upload.targets.valid", targets=len(checked.targets), strategies=len(strategies)))
    if checked.warnings:
        st.warning(headline(checked) + " " + t("upload.warnings_note"))
        report(checked.problems, name)
    if checked.targets:
        st.subheader(t("upload.targets.preview"))
        preview(checked.targets, catalog)

    sources, strategy_records, missing = describe(checked, catalog)
    if missing:
        st.info(t("upload.targets.needs_description"))
        st.stop()
    metadata = importing.Metadata(sources=sources, strategies=strategy_records)
    final = checked
    if sources or strategy_records:  # judged again with what the editor described
        final = cached.targets_checked(content, digest, name, metadata)
        if not final.ok:
            refuse(final, name)
    if not final.targets:
        st.info(t("import.nothing_new", file=i18n.isolate(name, L)))
        st.stop()

    if st.button(t("upload.import"), type="primary", key="upload_targets_import"):
        try:
            batch = importing.commit_targets(
                store, final, name=name, content=content, by=auth.identity(), metadata=metadata
            )
        except MetricsError as exc:
            st.error(i18n.explain(exc, L))
            st.stop()
        named = sorted({target.strategy for target in final.targets if target.strategy})
        imported[digest] = (batch.id, named)
        st.rerun()  # every page now reads the new store version


def preview(targets: list[Target], catalog: Catalog) -> None:
    """The file's targets as the Targets page will state them."""
    L = lang()

    def at(value: float | None, year: int | None, indicator: str) -> str:
        if value is None or year is None:
            return ""
        return t("value.in_year", value=amount(value, catalog.indicators[indicator], L), year=year)

    show_table(
        pd.DataFrame(
            {
                t("column.target"): [i18n.name(x.name, L) for x in targets],
                t("column.country"): [countries.name(x.country, L) for x in targets],
                t("column.strategy"): [
                    i18n.name(catalog.strategies[x.strategy].name, L)
                    if x.strategy in catalog.strategies
                    else x.strategy or ""
                    for x in targets
                ],
                t("column.indicator"): [
                    i18n.name(catalog.indicators[x.indicator].name, L) for x in targets
                ],
                t("column.baseline"): [
                    at(x.baseline_value, x.baseline_year, x.indicator) for x in targets
                ],
                t("column.milestone"): [
                    "; ".join(at(m.value, m.year, x.indicator) for m in x.milestones)
                    for x in targets
                ],
                t("column.goal"): [at(x.target_value, x.target_year, x.indicator) for x in targets],
            }
        )
    )


def describe(
    checked: TargetsChecked, catalog: Catalog
) -> tuple[list[Source], list[Strategy], list[str]]:
    """A form for each source, then each strategy, the file names and the catalogue does not
    hold: the records described, and the ids still to describe."""
    L = lang()
    sources: list[Source] = []
    missing: list[str] = []
    for ident in checked.new_sources:
        label = t("upload.targets.new_source", id=i18n.isolate(ident, L))
        with st.expander(label, expanded=True):
            source, fields = new_source(f"target_{ident}", catalog, fixed_id=ident)
            if source is None:
                st.warning(t("upload.meta.incomplete", fields=i18n.listing(fields, L)))
                missing.append(ident)
            else:
                sources.append(source)
    titles = {s.id: s.title for s in sources} | {i: s.title for i, s in catalog.sources.items()}
    choices = [*checked.new_sources, *sorted(catalog.sources, key=lambda s: titles[s].casefold())]
    strategies: list[Strategy] = []
    for ident, country in checked.new_strategies.items():
        label = t(
            "upload.targets.new_strategy",
            id=i18n.isolate(ident, L),
            country=countries.name(country, L),
        )
        with st.expander(label, expanded=True):
            st.caption(t("upload.targets.new_strategy_help"))
            key = f"strategy_{ident}"
            names = {
                code: st.text_input(
                    t("upload.meta.name", language=t(f"upload.language.{code}")),
                    key=f"{key}_name_{code}",
                )
                for code in i18n.LANGUAGES
            }
            record = {
                "id": ident,
                "name": names,
                "country": country,
                "publisher": st.text_input(t("upload.strategy.publisher"), key=f"{key}_publisher"),
                "year": st.number_input(
                    t("upload.strategy.year"), 1990, 2100, value=None, step=1, key=f"{key}_year"
                ),
                "url": st.text_input(t("upload.strategy.url"), key=f"{key}_url").strip() or None,
                "source": st.selectbox(
                    t("upload.strategy.source"),
                    choices,
                    index=None,
                    format_func=lambda s: titles.get(s, s),
                    key=f"{key}_source",
                ),
            }
            try:
                strategies.append(Strategy.model_validate(record))
            except ValidationError as exc:
                fields = sorted({".".join(map(str, e["loc"])) for e in exc.errors()})
                st.warning(t("upload.meta.incomplete", fields=i18n.listing(fields, L)))
                missing.append(ident)
    return sources, strategies, missing
