"""What each batch holds, in brief: for each indicator, year, source and kind of row (charted
or alternative), how many rows, and how many of them are African countries.

Written with its batch, in the same transaction, by one INSERT ... SELECT. The catalogue's
questions that span every indicator (which can be charted, which sources each cites, which
are worth a map of Africa) are then answered from a table of thousands of rows, never from
every stored observation; the rows themselves are asked for one chart at a time.

Within one batch the charted rows have one row per (indicator, country, year), so the African
rows of a year are that many distinct countries; across batches their sum is an upper bound.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from metrics.countries import AFRICA
from metrics.models import CONTENTS_DTYPES, CONTENTS_KEY
from metrics.store.schema import batches, contents, observations

COLUMNS = list(CONTENTS_DTYPES)


def summarise(conn: Connection, batch_id: int) -> None:
    """Write the contents of one batch, its rows already inserted."""
    o = observations.c
    africa = sa.func.sum(sa.case((o.country.in_(AFRICA), 1), else_=0))
    keys = [o[k] for k in CONTENTS_KEY]
    query = sa.select(*keys, sa.func.count(), africa).where(o.batch_id == batch_id).group_by(*keys)
    conn.execute(contents.insert().from_select(COLUMNS, query))


def fill(conn: Connection) -> None:
    """Summarise every batch that has no contents yet: a store made before this table
    existed, brought up to date once (later starts find nothing to do)."""
    done = sa.select(contents.c.batch_id).distinct()
    for (batch_id,) in conn.execute(sa.select(batches.c.id).where(batches.c.id.not_in(done))):
        summarise(conn, batch_id)


def active(conn: Connection) -> pd.DataFrame:
    """The contents of every active batch."""
    query = (
        sa.select(*[contents.c[c] for c in COLUMNS])
        .join(batches, batches.c.id == contents.c.batch_id)
        .where(batches.c.status == "active")
        .order_by(contents.c.batch_id, contents.c.indicator, contents.c.year)
    )
    rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=COLUMNS).astype(CONTENTS_DTYPES)
