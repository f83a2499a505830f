"""Static pages and addresses from a previous site, answered where nothing else is.

Like Django's flatpages and redirects fallbacks, this looks at a response only when
the site had nothing at the address (a 404 to a GET or HEAD), so ordinary pages cost
no extra query: first a published `Page` at that path, then a `Redirect` (301).
WordPress's `/?p=12`-style addresses are the exception: they arrive at pages that
exist (the front page answers `/?p=12`), so a request for the root (or a one-level
path such as `/blog/`) carrying one of those query parameters is looked up before the
view runs — one query, only for such requests.
"""

from django.http import HttpResponsePermanentRedirect

from core.cache_control import public_page

from .models import Page, Redirect
from .views import page_detail


@public_page
def _moved(request, target):
    return HttpResponsePermanentRedirect(target)


class PageAndRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.page_view = public_page(page_detail)

    def __call__(self, request):
        # WordPress answered these at its root ("/", or "/blog/" for a blog in a
        # subdirectory); deeper paths (the admin's `?p=` pages) are never looked up.
        if request.method in ("GET", "HEAD") and request.GET and request.path.count("/") <= 2:
            key = Redirect.query_key(request.path, request.GET)
            if key is not None:
                response = self._redirect(request, [key])
                if response is not None:
                    return response
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        paths = _variants(request.path)
        pages = {p.path: p for p in Page.objects.published().filter(path__in=paths)}
        if request.path in pages:
            return self.page_view(request, pages[request.path])
        if paths[1] in pages and paths[1].endswith("/"):
            # CommonMiddleware's APPEND_SLASH knows only URL patterns: do it for pages.
            return _moved(request, paths[1])
        return self._redirect(request, _variants(request.path)) or response

    @staticmethod
    def _redirect(request, paths: list[str]):
        """A 301 for the first of `paths` with a redirect whose target is public."""
        found = {
            r.old_path: r
            for r in Redirect.objects.select_related("article", "page").filter(old_path__in=paths)
        }
        for path in paths:
            target = found[path].target_url() if path in found else None
            if target is not None:
                return _moved(request, target)
        return None


def _variants(path: str) -> list[str]:
    """The path as asked, then with or without its trailing slash (WordPress adds one)."""
    other = path[:-1] if path.endswith("/") and len(path) > 1 else f"{path}/"
    return [path, other]
