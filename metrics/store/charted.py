"""Which value is charted, and how incoming rows compare with it.

For a key (indicator, country, year), the charted value is the non-alternative row of the
highest-ranked ACTIVE batch that has one. Analysts' batches ("upload") rank above the bundled
data, and among them the most recent import ranks highest. So withdrawing a batch makes the
value it replaced reappear, and restoring an old batch does not put it above batches
imported after it.

An incoming row is "the same" as the charted one when it states the same value, range and
qualifiers ("more than", "about") and cites the same source or none; it then changes nothing.
A row that differs in any of these is a conflict, shown before the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from metrics.models import KEY, OBSERVATION_DTYPES, conform
from metrics.store.schema import KIND_RANK, batches, observations

COLUMNS = list(OBSERVATION_DTYPES)


def _table(conn: Connection, query: sa.Select[Any], columns: list[str]) -> pd.DataFrame:
    """A query's rows as a frame, fetched as the driver's plain tuples: these columns need no
    conversion on the way (conform types them), and a million Row objects cost seconds."""
    cursor = conn.execute(query).cursor
    assert cursor is not None
    return pd.DataFrame(cursor.fetchall(), columns=columns)


def _only(
    query: sa.Select[Any], indicators: Sequence[str] | None, countries: Sequence[str] | None
) -> sa.Select[Any]:
    # Both columns lead the (indicator, country, year) index: a chart's rows are found, not
    # searched for among every stored row.
    if indicators is not None:
        query = query.where(observations.c.indicator.in_(indicators))
    if countries is not None:
        query = query.where(observations.c.country.in_(countries))
    return query


def ranked(
    indicators: Sequence[str] | None = None, countries: Sequence[str] | None = None
) -> sa.Subquery:
    """Non-alternative rows of active batches, rank 1 = the charted one for its key."""
    order = sa.case(KIND_RANK, value=batches.c.kind)
    rank = (
        sa.func.row_number()
        .over(
            partition_by=[observations.c[k] for k in KEY],
            order_by=[order.desc(), batches.c.id.desc(), observations.c.id.desc()],
        )
        .label("rank")
    )
    query = (
        sa.select(*[observations.c[c] for c in COLUMNS], observations.c.batch_id, rank)
        .join(batches, batches.c.id == observations.c.batch_id)
        .where(batches.c.status == "active", ~observations.c.alternative)
    )
    return _only(query, indicators, countries).subquery()


def charted(
    conn: Connection,
    indicators: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The charted rows (one per key), with the id of the batch each comes from; all of them,
    or those of some indicators (and countries)."""
    top = ranked(indicators, countries)
    query = sa.select(*[top.c[c] for c in COLUMNS], top.c.batch_id).where(top.c.rank == 1)
    table = _table(conn, query.order_by(*[top.c[k] for k in KEY]), [*COLUMNS, "batch_id"])
    frame = conform(table)
    frame["batch_id"] = table["batch_id"].astype("int64")
    return frame


def _same(a: pd.DataFrame, b: pd.DataFrame, suffix: str) -> np.ndarray:
    """Row by row: does `a` state what `b` (its columns with `suffix`) states? An empty
    source in `a` says nothing about the source."""
    high, other_high = a["high"].to_numpy(), b[f"high{suffix}"].to_numpy()
    same_high = (high == other_high) | (np.isnan(high) & np.isnan(other_high))
    source = a["source"].to_numpy()
    return (
        (a["value"].to_numpy() == b[f"value{suffix}"].to_numpy())
        & same_high
        & (a["lower_bound"].to_numpy() == b[f"lower_bound{suffix}"].to_numpy())
        & (a["estimate"].to_numpy() == b[f"estimate{suffix}"].to_numpy())
        & ((source == "") | (source == b[f"source{suffix}"].to_numpy()))
    )


def alternatives(
    conn: Connection, indicators: Sequence[str] | None = None, shown: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Values not charted that say something the charted one does not: rows stored as
    alternatives in active batches, and values an active batch replaced (alternative=True,
    the note says which batch replaced them); all of them, or those of some indicators.
    `shown`: the charted rows of the same indicators, when the caller has just read them in
    the same transaction."""
    top = ranked(indicators)
    stored = _only(
        sa.select(*[observations.c[c] for c in COLUMNS])
        .join(batches, batches.c.id == observations.c.batch_id)
        .where(batches.c.status == "active", observations.c.alternative),
        indicators,
        None,
    ).order_by(observations.c.id)
    hidden = sa.select(*[top.c[c] for c in COLUMNS]).where(top.c.rank > 1)
    if shown is None:
        shown = charted(conn, indicators)
    winners = shown.set_index(list(KEY))
    replaced = conform(_table(conn, hidden, COLUMNS))
    winner = winners.reindex(pd.MultiIndex.from_frame(replaced[list(KEY)])).reset_index()
    differ = ~_same(replaced, winner.add_suffix("_w"), "_w")
    replaced = replaced[differ].copy()
    replaced["alternative"] = True
    by = winner["batch_id"].to_numpy()[differ]
    replaced["note"] = [
        _join(note, f"replaced by batch {int(b)}")
        for note, b in zip(replaced["note"], by, strict=True)
    ]
    kept = conform(_table(conn, stored, COLUMNS))
    # A stored alternative that states exactly the charted value adds nothing to show.
    beside = winners.reindex(pd.MultiIndex.from_frame(kept[list(KEY)])).reset_index()
    kept = kept[~_same(kept, beside.add_suffix("_w"), "_w")]
    both = pd.concat([kept, replaced])
    return conform(both.sort_values(list(KEY), kind="stable"))


@dataclass(frozen=True)
class Comparison:
    """Incoming rows against the charted values of their keys."""

    conflicts: pd.DataFrame  # rows that state something else, with what is charted now
    unchanged: np.ndarray  # positions of rows that state exactly what is charted


def compare(conn: Connection, rows: pd.DataFrame) -> Comparison:
    """`rows` (a conformed frame) against the charted values; `row` is a position in it."""
    incoming = rows[~rows["alternative"].to_numpy()]
    old = charted(conn, sorted(incoming["indicator"].unique()))
    both = incoming.reset_index().merge(old, on=list(KEY), suffixes=("", "_old"))
    same = _same(both, both, "_old")
    clash = both[~same]
    conflicts = pd.DataFrame(
        {
            "indicator": clash["indicator"],
            "country": clash["country"],
            "year": clash["year"],
            "existing_value": clash["value_old"],
            "existing_high": clash["high_old"],
            "existing_lower_bound": clash["lower_bound_old"],
            "existing_estimate": clash["estimate_old"],
            "existing_source": clash["source_old"],
            "existing_batch": clash["batch_id"].astype("int64"),
            "new_value": clash["value"],
            "new_high": clash["high"],
            "new_lower_bound": clash["lower_bound"],
            "new_estimate": clash["estimate"],
            "new_source": clash["source"],
            "row": clash["index"],
        }
    ).reset_index(drop=True)
    return Comparison(conflicts, both["index"].to_numpy()[same])


def version(conn: Connection) -> str:
    """Changes whenever what is charted may change: a new batch, a withdrawal or a
    restoration. One small query, cheap enough to ask on every page view."""
    row = conn.execute(
        sa.select(
            sa.func.max(batches.c.id),
            sa.func.max(batches.c.withdrawn_at),
            sa.func.max(batches.c.restored_at),
            sa.func.count(batches.c.id).filter(batches.c.status == "active"),
        )
    ).one()
    return "/".join(str(v) for v in row)


def _join(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra
