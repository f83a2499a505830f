"""Helpers shared by the page cache and fragment tests."""


class CountingGets:
    """The shared store, counting which keys are read."""

    def __init__(self, cache):
        self.cache = cache
        self.keys = []

    def get(self, key, *args, **kwargs):
        self.keys.append(key)
        return self.cache.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)
