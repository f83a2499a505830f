"""A file-based cache that stores values uncompressed: the page cache's default store.

Django's FileBasedCache compresses every value with zlib; for whole pages read on
every hit, decompressing is most of a hit's cost (about half, for a 35 KB article
page), while the disk it saves is small (MAX_ENTRIES pages). Same file layout
otherwise (expiry first, then the pickled value) and the same atomic writes and
culling.
"""

from __future__ import annotations

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks


class UncompressedFileCache(FileBasedCache):
    # Not Django's suffix: files a FileBasedCache wrote (compressed) in the same
    # directory are never read as ours.
    cache_suffix = ".page"

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())  # noqa: S301 - our own cache files
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    value = pickle.loads(f.read())  # noqa: S301 - our own cache files
                    f.seek(0)
                    self._write_content(f, timeout, value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
