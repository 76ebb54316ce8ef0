"""SQLite's plan for a query, to check that it searches an index instead of reading a whole table."""

from django.db import connection


def plan(queryset):
    """SQLite's EXPLAIN QUERY PLAN for `queryset`, its steps on one line ("SEARCH … USING INDEX … (cin=?)")."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(row[-1] for row in cursor.fetchall())
