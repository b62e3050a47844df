"""Counting the database queries a page takes, for the tests that it does not grow with the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str, params: dict | None = None) -> int:
    """The number of queries a GET of `url` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)
