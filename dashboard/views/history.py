"""History: every batch, who brought it and when; withdraw or restore one, get its file back."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, cached
from dashboard.ui import lang, show_table, t
from metrics import i18n
from metrics.store import StoreError

auth.require_editor("history")

store = cached.store()
L = lang()


def change(batch_id: int, restore: bool) -> None:
    """A button callback: runs before the page, so the table below shows the new status."""
    try:
        if restore:
            done = store.restore(batch_id, auth.identity())
        else:
            done = store.withdraw(batch_id, auth.identity())
    except StoreError as exc:
        st.session_state["history_message"] = ("error", i18n.explain(exc, lang()))
        return
    key = "history.restored" if restore else "history.withdrawn"
    st.session_state["history_message"] = ("success", t(key, batch=done.id, file=done.file_name))


st.title(t("history.title"))
st.caption(t("history.intro"))
if message := st.session_state.pop("history_message", None):
    (st.error if message[0] == "error" else st.success)(message[1])

batches = store.history()
show_table(
    pd.DataFrame(
        {
            t("history.col.id"): [b.id for b in batches],
            t("history.col.kind"): [t(f"history.kind.{b.kind}") for b in batches],
            t("history.col.by"): [b.by for b in batches],
            t("history.col.at"): [b.at.strftime("%Y-%m-%d %H:%M UTC") for b in batches],
            t("history.col.file"): [b.file_name for b in batches],
            t("history.col.rows"): [b.rows for b in batches],
            # A targets file's batch holds targets, not rows.
            t("history.col.targets"): [len(b.targets) or None for b in batches],
            t("history.col.mode"): [t(f"upload.mode.{b.mode}") for b in batches],
            t("history.col.status"): [t(f"history.status.{b.status}") for b in batches],
        }
    )
)

by_id = {b.id: b for b in batches}
chosen = st.selectbox(
    t("history.batch"),
    list(by_id),
    format_func=lambda i: f"{i} · {by_id[i].file_name} · {t('history.status.' + by_id[i].status)}",
    key="history_batch",
)
batch = by_id[chosen]
if batch.kind == "bundled":
    st.info(t("history.read_only"))
else:
    restore = batch.status != "active"
    action = "restore" if restore else "withdraw"
    # Other batches' targets for what this one brought (its strategy, say) leave with it.
    if not restore and (relying := store.relying_on(batch.id)):
        st.warning(t("history.relying", ids=i18n.listing(relying, L)))
    st.button(
        t(f"history.{action}"),
        key=f"history_{action}",
        on_click=change,
        args=(batch.id, restore),
        icon=":material/redo:" if restore else ":material/undo:",
    )
if batch.kind != "bundled":
    st.download_button(
        t("history.download", file=i18n.isolate(batch.file_name, L)),
        data=store.original(batch.id),
        file_name=batch.file_name,
        icon=":material/download:",
        key="history_download",
    )
