"""Independent parts of a page worked out at the same time, each on its own database
connection: the insight page's sections read different tables, and PostgreSQL answers them on
as many cores as it has, so the page takes as long as its slowest section, not all of them.

Only on PostgreSQL and outside a transaction: another connection would not see what an open
transaction wrote (a test's data), and SQLite (the demo) serves one small borough quickly
anyway. Everywhere else the parts are worked out one after the other, with the same results.
"""

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection, connections
from django.utils import translation

Result = TypeVar("Result")


def may_run_at_once() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def at_once(parts: list[Callable[[], Result]]) -> list[Result]:
    """Each part's result, in order."""
    if not may_run_at_once():
        return [part() for part in parts]
    language = translation.get_language()
    with ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="insight") as pool:
        # Each part sees this request's context (the page's shared figures, insight.memo).
        running = [
            pool.submit(contextvars.copy_context().run, _on_own_connection, part, language)
            for part in parts
        ]
        return [future.result() for future in running]


def _on_own_connection(part: Callable[[], Result], language: str) -> Result:
    """The part, in the request's language, on a connection of this thread's own, closed when
    it is done (a thread's connection is never reused by a request)."""
    try:
        with translation.override(language):
            return part()
    finally:
        connections.close_all()
