"""The store's tables, and the words its rows use (kinds, modes, batch statuses)."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Mode = Literal["add", "replace"]
Kind = Literal["upload", "bundled"]
BatchStatus = Literal["active", "withdrawn", "superseded"]
KIND_RANK = {"bundled": 0, "upload": 1}  # uploads win over the bundled data

METADATA = sa.MetaData()
batches = sa.Table(
    "batches",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # "upload" or "bundled"
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),  # of content (bundled: data files)
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("alternatives", sa.Integer, nullable=False),  # rows stored as alternatives
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("withdrawn_by", sa.String(200)),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
    sa.Column("restored_by", sa.String(200)),
    sa.Column("restored_at", sa.DateTime(timezone=True)),
    sa.Column("indicators", sa.Text, nullable=False),  # JSON list of Indicator dumps
    sa.Column("content", sa.LargeBinary, nullable=False),  # the original file's bytes
    # JSON list of Source dumps: sources new to the catalogue that the batch's indicators
    # cite. Added after the first release; upgrade() adds it to an older store.
    sa.Column("sources", sa.Text, nullable=False, server_default="[]"),
    # JSON lists of Target and Strategy dumps: what a targets file brings (its batch holds no
    # observations). Added with issue 14; upgrade() adds them to an older store.
    sa.Column("targets", sa.Text, nullable=False, server_default="[]"),
    sa.Column("strategies", sa.Text, nullable=False, server_default="[]"),
)
# The JSON columns added to `batches` after the first release, oldest first.
ADDED_LATER = ("sources", "targets", "strategies")
observations = sa.Table(
    "observations",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("batch_id", sa.ForeignKey("batches.id"), nullable=False, index=True),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("country", sa.String(3), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("high", sa.Float),
    sa.Column("lower_bound", sa.Boolean, nullable=False),
    sa.Column("estimate", sa.Boolean, nullable=False),
    sa.Column("alternative", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Index("observations_key", "indicator", "country", "year"),
)
# What each batch holds, in brief (see metrics.store.contents): thousands of rows where
# observations may hold millions. Added after the first release; contents.fill summarises the
# batches of an older store once.
contents = sa.Table(
    "contents",
    METADATA,
    sa.Column("batch_id", sa.ForeignKey("batches.id"), nullable=False, index=True),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("alternative", sa.Boolean, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("africa", sa.Integer, nullable=False),  # rows of African countries
)


def create(conn: Connection) -> None:
    """Create the tables on first use, and bring a store made by an earlier release up to
    date: a column added since is added to the existing table, with its default."""
    METADATA.create_all(conn)
    present = {c["name"] for c in sa.inspect(conn).get_columns("batches")}
    for column in ADDED_LATER:
        if column not in present:
            conn.exec_driver_sql(
                f"ALTER TABLE batches ADD COLUMN {column} TEXT NOT NULL DEFAULT '[]'"
            )
