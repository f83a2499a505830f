"""Holding back the page cache's per-row change signals during a bulk write.

Contract: inside `held()`, the save and delete handlers that tell the page cache
about a change (articles, comments, authors: their `invalidation` hooks) do
nothing; whoever holds them promises to call `page_cache.changed_on_commit()`
once, when the whole write is done. An import of thousands of rows then starts
one new cache generation instead of one per row saved. Per context (a
`ContextVar`), so other threads and requests are not affected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_held: ContextVar[bool] = ContextVar("page_cache_held", default=False)


@contextmanager
def held() -> Iterator[None]:
    """Silence the per-row change handlers until the block ends (see the module)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def is_held() -> bool:
    """True inside `held()`: a change handler should leave the telling to its caller."""
    return _held.get()
