"""A page's figures worked out once: a count two indicators share (the visits per locality give
the visits headline and its breakdown) is asked of the database once per page, not once per
indicator.

Only inside `one_page()`, which lasts as long as one page or report is being made: elsewhere (a
test, a job) every call counts afresh, so nothing is ever served stale.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

Arguments = ParamSpec("Arguments")
Result = TypeVar("Result")

_figures: ContextVar[dict | None] = ContextVar("insight_figures", default=None)


@contextmanager
def one_page() -> Iterator[None]:
    token = _figures.set({})
    try:
        yield
    finally:
        _figures.reset(token)


def shared(function: Callable[Arguments, Result]) -> Callable[Arguments, Result]:
    """Worked out once per page for the same (hashable) arguments. Its result must not be
    changed by whoever receives it."""

    @functools.wraps(function)
    def once(*args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        found = _figures.get()
        if found is None:
            return function(*args, **kwargs)
        key = (function, args, tuple(sorted(kwargs.items())))
        if key not in found:
            found[key] = function(*args, **kwargs)
        return found[key]

    return once
