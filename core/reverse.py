"""`reverse()` remembered per process, for the object URLs a page builds many times.

An article page asks for the same section, author and article URLs again and again
(navigation, bylines, author boxes, metadata, JSON-LD): several dozen `reverse()`
calls, each walking the URL resolver. The answer depends only on the URL name, its
arguments, the URLconf and the script prefix, so it is kept under all four; the
URLconf does not change while a process runs.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=20_000)
def _reverse(viewname: str, kwargs: tuple, urlconf, prefix: str) -> str:
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


def reverse_cached(viewname: str, **kwargs) -> str:
    """`reverse(viewname, kwargs=kwargs)`, remembered (arguments must be hashable)."""
    return _reverse(viewname, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix())
