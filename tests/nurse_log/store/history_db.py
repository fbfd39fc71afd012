"""Reach a log's tables around the store, as another program (or a hostile user) would."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg


def raw(target: Path | str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run ``sql`` straight on the database, committing; the driver's error if it is refused."""
    if isinstance(target, Path):
        conn = sqlite3.connect(target, isolation_level=None)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    with psycopg.connect(target, autocommit=True) as pg:
        cursor = pg.execute(sql.replace("?", "%s"), params or None)
        return cursor.fetchall() if cursor.description else []


def snapshot(target: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("patients", "plans", "plan_revisions", "log_entries", "emergency_acknowledgements")
    return {table: raw(target, f"SELECT * FROM {table} ORDER BY id") for table in tables}
