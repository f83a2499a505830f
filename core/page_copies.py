"""The page-cache entries (and HTML fragments) one process served lately, kept in its
own memory.

The shared store (Redis or a directory) stays the truth: `core.page_cache` uses a
copy only when the generation it has just read from the shared store is the copy's
and the copy's shared entry has not expired. Invalidation is by generation and
expiry only (nothing removes or replaces one page's entry), so such a copy is what
the shared store would answer, and a hit reads one small key instead of the page.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings


class ProcessCopies:
    """The entries this process served lately, kept in its memory (least recently used
    first out, at most PAGE_CACHE_LOCAL_BYTES of page content).

    Invalidation is by generation and expiry only (nothing deletes one page's entry),
    so a copy of the current generation that has not reached its shared entry's expiry
    is what the shared store would answer.
    """

    def __init__(self):
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str, generation: str) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry["generation"] != generation or entry["expires_at"] <= time.time():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(entry["content"])
        if "expires_at" not in entry or size > limit:
            return  # written before copies existed, or too big to keep
        with self._lock:
            self._remove(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > limit:
                self._remove(next(iter(self._entries)))

    def _remove(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry["content"])


# This process's copies: of pages (core.page_cache) and of HTML fragments (core.fragments),
# under one bound.
copies = ProcessCopies()
