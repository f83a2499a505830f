"""Counting the queries a page costs, for the query-budget tests (a fixed budget at two sizes)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, data=None) -> int:
    """GET `url` (with query parameters `data`); it must be a 200. Returns the number of queries."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
