"""Public pages: thin views over Article.objects.live()."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from authors.models import Author
from core import fragments
from core.cache_control import mark_private, private_page, public_page
from core.client_ip import client_ip
from core.rate_limit import hit

from . import search as article_search
from .models import Article, ArticleRedirect, Correction, Page, Section, Tag

PER_PAGE = 12


@public_page
def front_page(request):
    live = Article.objects.live().newest_first().with_listing_relations()
    stories = list(live[:16])
    lead = stories[0] if stories else None
    context = {
        "lead": lead,
        "top_stories": stories[1:5],
        "latest": stories[5:16],
        "section_blocks": _section_blocks(exclude={a.pk for a in stories[:5]}),
        "meta_description": (
            f"News, analysis and features from {settings.SITE_NAME}: "
            "the latest stories, updated through the day."
        ),
    }
    return render(request, "articles/front.html", context)


def _section_blocks(exclude, per_block=4):
    """Up to `per_block` newest articles per section, skipping stories already shown above."""
    blocks: dict[int, dict] = {}
    # The stories shown above are left out in the query itself, so it reads only the
    # articles the blocks show (it read per_block + 5 of every section, then skipped).
    leaders = Article.objects.live().exclude(pk__in=exclude).section_leaders(per_section=per_block)
    for article in leaders.with_listing_relations().order_by("-published_at", "-pk"):
        block = blocks.setdefault(article.section_id, {"section": article.section, "articles": []})
        block["articles"].append(article)
    return sorted(blocks.values(), key=lambda b: (b["section"].position, b["section"].name))


def date_from_url(year, month, day) -> datetime.date:
    """The date in an article's address; 404 when there is no such day."""
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise Http404("No such date") from exc


@public_page
def article_detail(request, year, month, day, slug):
    date = date_from_url(year, month, day)
    article = live_article(date, slug)
    if article is None:
        return _old_address_redirect(date, slug)
    return render_article(request, article)


def live_article(date: datetime.date, slug: str) -> Article | None:
    """The live article at this address, with what its page shows, or None.

    Kept in the fragment cache (core/fragments.py): every write that can change it
    (the article, its bylines, tags, corrections, section, authors) starts a new
    generation, and once live an article stays live until a write. Its three queries
    are most of an uncached article page's database and ORM time; readers the page
    cache does not serve (a reader with a pending comment, staff, a query string of
    their own) then share one copy, and so do comment POSTs (comments/views.py). An
    address with no article is not kept.
    """

    def find() -> Article | None:
        return (
            Article.objects.live()
            .published_on(date)
            .with_listing_relations()
            # Most articles have none: asked within this query, the corrections are read
            # only for an article that has some (templates/articles/_corrections.html).
            .annotate(has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))))
            .filter(slug=slug)
            .first()
        )

    if len(slug) > Article._meta.get_field("slug").max_length:
        return None  # no article has such an address; not worth a lookup key
    return fragments.get_or_make(
        f"article:{date.isoformat()}:{slug}", find, keep=lambda found: found is not None
    )


def _old_address_redirect(date, slug):
    """301 from an address a live article used to have (slug or date changed); else 404."""
    old = (
        ArticleRedirect.objects.select_related("article")
        .filter(old_date=date, old_slug=slug)
        .first()
    )
    if old is None or not old.article.is_live():
        raise Http404("No article at this address")
    return HttpResponsePermanentRedirect(old.article.get_absolute_url())


def render_article(request, article, *, preview=False, status=200):
    """Render the article page; shared by the public view and the staff preview.

    Apps that add to the page (the discussion) do it from their own template
    tags, and mark the request private when what they add is one reader's own.
    """
    context = {
        "article": article,
        "preview": preview,
    }
    return render(request, "articles/article_detail.html", context, status=status)


class KeptCountPaginator(Paginator):
    """A paginator whose count of the whole list is kept per page-cache generation.

    The count is the one query of a list page that grows with the archive (a
    section's 20,000 live articles are 20,000 index entries to count, on every page
    of it); the list changes only with a change that starts a new generation (an
    article published, edited, withdrawn or deleted, a byline) or at a scheduled
    publication, which no fragment outlives (core/fragments.py).
    """

    def __init__(self, *args, count_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self) -> int:
        # An empty list (a year with nothing, a made-up tag) is counted, not stored.
        return fragments.get_or_make(self.count_name, lambda: Paginator.count.func(self), keep=bool)


@method_decorator(public_page, name="dispatch")
class ArticleListView(ListView):
    """Base for paginated article lists. Invalid or out-of-range ?page= is a 404."""

    paginate_by = PER_PAGE
    context_object_name = "articles"
    template_name = "articles/article_list.html"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The path names the list (section, author, tag, archive period); ?page= does not.
        return KeptCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_name=f"list-count:{self.request.path}",
        )

    def base_queryset(self):
        return Article.objects.live().newest_first().with_listing_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("meta_description", self.meta_description(context))
        return context

    def meta_description(self, context) -> str:
        """What the page says of itself to search engines and in shared links."""
        return context.get("description") or (
            f"The latest articles on {context.get('heading')} from {settings.SITE_NAME}."
        )


class SectionView(ArticleListView):
    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.base_queryset().in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.section.name,
            description=self.section.description,
            section=self.section,
            **kwargs,
        )


class AuthorView(ArticleListView):
    """An author's profile and their live articles (any byline role), paginated."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.base_queryset().by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, heading=self.author.name, **kwargs)

    def meta_description(self, context) -> str:
        job = f", {self.author.job_title}" if self.author.job_title else ""
        return f"Articles by {self.author.name}{job}, for {settings.SITE_NAME}."


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.base_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.tag.name, tag=self.tag, **kwargs)


class ArchiveView(ArticleListView):
    """/archive/, /archive/<yyyy>/, /archive/<yyyy>/<mm>/ with a year/month index."""

    template_name = "articles/archive.html"
    paginate_by = 30

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        # A year or month with nothing published is a 404, not an endless soft-404 crawl
        # (the paginator's count is needed anyway, so this costs no query).
        if self.year is not None and paginator.count == 0:
            raise Http404("Nothing was published in this period")
        return paginator, page, object_list, is_paginated

    def get_queryset(self):
        qs = self.base_queryset()
        self.year = self.kwargs.get("year")
        self.month = self.kwargs.get("month")
        if self.year is not None:
            start, end = _period_bounds(self.year, self.month)
            qs = qs.filter(published_at__gte=start, published_at__lt=end)
        return qs

    def get_context_data(self, **kwargs):
        months = Article.objects.live().dates("published_at", "month", order="DESC")
        period = None
        if self.year is not None:
            period = datetime.date(self.year, self.month or 1, 1)
        return super().get_context_data(
            months=months,
            year=self.year,
            month=self.month,
            period=period,
            **kwargs,
        )


def _period_bounds(year, month):
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise Http404("No such period")
    tz = timezone.get_current_timezone()
    if month is None:
        start = datetime.datetime(year, 1, 1, tzinfo=tz)
        end = datetime.datetime(year + 1, 1, 1, tzinfo=tz) if year < 9999 else None
    else:
        start = datetime.datetime(year, month, 1, tzinfo=tz)
        end = (
            datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
            if not (year == 9999 and month == 12)
            else None
        )
    if end is None:
        raise Http404("No such period")
    return start, end


SEARCH_PER_PAGE = 10
SEARCH_BUSY_RETRY_SECONDS = 10


@public_page
def search(request):
    """/search/?q=: live articles matching q, best first, 10 a page, with highlighted snippets.

    Any q (empty, huge, binary junk) and any ?page= give a normal 200 page;
    an out-of-range page shows the last one. Public (same for everyone) but
    `noindex`: result pages are not content for search engines.

    Bounded for hostile traffic: each reader IP may search SEARCH_RATE_LIMIT
    times a minute (then 429 with Retry-After), and the queries run under
    SEARCH_TIMEOUT_MS of statement_timeout (then a 503 "search is busy" page
    with Retry-After); neither answer is stored by shared caches.
    """
    query = article_search.normalize_query(request.GET.get("q", ""))
    page_obj = None
    if query:
        retry_after = hit(
            "search",
            client_ip(request) or "unknown",
            limit=settings.SEARCH_RATE_LIMIT,
            period=60,
        )
        if retry_after:
            return _search_refused(request, query, status=429, retry_after=retry_after)
        try:
            # Every query under the limit, the EXISTS that search() runs at once included.
            with article_search.time_limited(settings.SEARCH_TIMEOUT_MS):
                results = Article.objects.live().search(query).with_listing_relations()
                results = article_search.with_headlines(results, query)
                page_obj = Paginator(results, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
                for article in page_obj:  # evaluated here, under the time limit
                    article.search_snippet = article_search.snippet(article, query)
        except OperationalError as exc:
            if not article_search.is_timeout(exc):
                raise
            return _search_refused(
                request, query, status=503, retry_after=SEARCH_BUSY_RETRY_SECONDS
            )
    response = render(request, "articles/search.html", {"query": query, "page_obj": page_obj})
    response["X-Robots-Tag"] = "noindex"
    return response


def _search_refused(request, query: str, *, status: int, retry_after: int):
    """The search page saying "busy, try again" (503) or "too many searches" (429)."""
    response = render(
        request,
        "articles/search.html",
        {"query": query, "page_obj": None, "refused": status, "retry_after": retry_after},
        status=status,
    )
    response["Retry-After"] = str(retry_after)
    response["X-Robots-Tag"] = "noindex"
    return mark_private(response)


# --- Editorial workflow: staff preview and the corrections page ----------------------------


@private_page
@require_safe
def preview(request, token: str):
    """/preview/<token>/: an unpublished article under a "Preview — not published" banner.

    The signed token is the permission (see articles/preview.py). Never cached,
    never indexed; an expired link says so (410), a forged one is a 404, and a
    link to an article that has gone live redirects to its public address.
    """
    from . import preview as preview_tokens

    try:
        pk = preview_tokens.article_pk_from_token(token)
    except preview_tokens.PreviewTokenExpired:
        return render(request, "articles/preview_expired.html", status=410)
    except preview_tokens.PreviewTokenError as exc:
        raise Http404("Not a preview link") from exc
    article = get_object_or_404(Article.objects.with_listing_relations(), pk=pk)
    if article.is_live():
        return redirect(article.get_absolute_url())
    response = render_article(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@method_decorator(public_page, name="dispatch")
class CorrectionsView(ListView):
    """/corrections/: every correction and update on a live article, newest first."""

    paginate_by = 30
    context_object_name = "corrections"
    template_name = "articles/corrections.html"

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.live())
            .select_related("article", "article__section")
            .order_by("-created_at", "-pk")
        )


def page_detail(request, page: Page):
    """A published static page, found by path (articles/middleware.py serves it)."""
    return render(request, "articles/page_detail.html", {"page": page})
