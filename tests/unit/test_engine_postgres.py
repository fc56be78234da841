"""The PostgreSQL engine's translation of the library's ``?`` SQL (no server needed)."""

from __future__ import annotations

import pytest

from reader.store.engine_postgres import to_psycopg


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT pk FROM articles WHERE id = ?", "SELECT pk FROM articles WHERE id = %s"),
        ("SELECT '?', \"we?ird\" FROM t WHERE a = ? AND b LIKE 'x%'",
         "SELECT '?', \"we?ird\" FROM t WHERE a = %s AND b LIKE 'x%%'"),
        ("SELECT 'it''s ?' WHERE n % 2 = ?", "SELECT 'it''s ?' WHERE n %% 2 = %s"),
    ],
)
def test_placeholders_become_psycopgs_and_percent_signs_are_doubled(
    sql: str, expected: str
) -> None:
    assert to_psycopg(sql, True).decode() == expected


def test_without_parameters_the_text_is_sent_as_it_is() -> None:
    sql = "SELECT 'x%' WHERE n % 2 = 0"
    assert to_psycopg(sql, False).decode() == sql
