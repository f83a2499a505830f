"""ArticleQuerySet: the one place that says which articles readers may see, and how
lists of them are read (bylines, relations, related stories, section leaders)."""

import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from ..search import search as full_text_search
from .bylines import Byline
from .taxonomy import Section


class ArticleQuerySet(models.QuerySet):
    """The one place that says which articles readers may see."""

    def live(self, now=None):
        """Published and due: published_at <= now, so scheduling needs no cron."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def scheduled(self, now=None):
        """Published but not yet due: they go live by themselves when their time comes."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__gt=now or timezone.now()
        )

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def in_review(self):
        return self.filter(status=self.model.Status.IN_REVIEW)

    def published_on(self, day: datetime.date):
        """Articles whose publication date in the newsroom's time zone is `day`: the date
        in their address. A range on published_at (index-friendly), local midnight to
        local midnight, so it is right on the days the clocks change."""
        tz = timezone.get_current_timezone()
        queryset = self.filter(
            published_at__gte=datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        )
        if day < datetime.date.max:  # the day after 31 December 9999 does not exist
            next_day = datetime.datetime.combine(
                day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
            queryset = queryset.filter(published_at__lt=next_day)
        return queryset

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def with_bylines(self):
        """Bylines in their order, each with its author: one query for the whole list."""
        return self.prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position", "pk"),
            )
        )

    def with_listing_relations(self):
        """Everything a list item or an article page renders, in a fixed number of queries."""
        return self.select_related("section").with_bylines().prefetch_related("tags")

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        return self.filter(bylines__author=author).distinct()

    def must_read(self):
        """Editors' picks ("Must read" on the page; the field is `is_editors_pick`)."""
        return self.filter(is_editors_pick=True)

    # Related stories are ranked among at most this many of the newest stories sharing
    # the section, and as many sharing a tag: the cost is bounded, not the archive's.
    RELATED_CANDIDATES = 200

    def related_to(self, article, limit=4):
        """Live stories sharing the most tags with `article`, then its section, then newest.

        One query: tag ids come from the article's prefetched tags. The stories
        ranked are the newest RELATED_CANDIDATES of the same section and as many
        sharing a tag, each read newest first from an index.
        """
        tag_ids = [t.pk for t in article.tags.all()]
        shares_tag = Q(tags__in=tag_ids)
        # An article without a section shares no section with anything (not "both NULL").
        same_section = Q(section_id=article.section_id) if article.section_id else Q(pk__in=[])
        if not tag_ids and not article.section_id:
            return self.none()
        # Newest first by published_at alone: the (section, status, published_at) index
        # gives that order without a sort.
        newest = self.exclude(pk=article.pk).order_by("-published_at").values("pk")
        parts = []
        if article.section_id:
            parts.append(newest.filter(section_id=article.section_id)[: self.RELATED_CANDIDATES])
        if tag_ids:
            parts.append(newest.filter(tags__in=tag_ids)[: self.RELATED_CANDIDATES])
        # One UNION subquery (not an OR of two), so the planner reads the candidates
        # first and looks the rest up by primary key.
        # SQLite cannot slice the parts of a UNION: there, either of the two subqueries.
        if len(parts) == 1:
            candidates = Q(pk__in=parts[0])
        elif connections[self.db].features.supports_slicing_ordering_in_compound:
            candidates = Q(pk__in=parts[0].union(*parts[1:]))
        else:
            candidates = Q(pk__in=parts[0]) | Q(pk__in=parts[1])
        ranking = {
            # Count(filter=tags IN ()) would make the whole query empty: no tags, no count.
            "shared_tags": Count("tags", filter=shares_tag, distinct=True)
            if tag_ids
            else Value(0, output_field=IntegerField()),
            "same_section": Case(
                When(same_section, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        }
        order = ("-shared_tags", "-same_section", "-published_at", "-pk")
        # Ranked on narrow rows (ids), then only the winners are read whole.
        best = (
            self.model.objects.filter(candidates)
            .annotate(**ranking)
            .order_by(*order)
            .values("pk")[:limit]
        )
        return (
            self.filter(pk__in=best).annotate(**ranking).select_related("section").order_by(*order)
        )

    def section_leaders(self, per_section=4):
        """The newest `per_section` articles of every section, in one query.

        PostgreSQL: for each section, its newest ids read from the (section,
        status, published_at) index (an ARRAY subquery per section, unnested),
        so the cost is sections × per_section rows, not the archive. Elsewhere
        a window function over the live articles.
        """
        if connections[self.db].vendor == "postgresql":
            newest = (
                self.filter(section_id=OuterRef("pk"))
                .order_by("-published_at", "-pk")
                .values("pk")[:per_section]
            )
            leaders = Section.objects.annotate(
                leader=Func(ArraySubquery(newest), function="unnest")
            ).values("leader")
            return self.filter(pk__in=leaders).select_related("section")
        ranked = self.filter(section__isnull=False).annotate(
            section_rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        return ranked.filter(section_rank__lte=per_section).select_related("section")

    def search(self, query: str):
        """These articles matching `query`, best first, annotated with ``search_rank``.

        Full-text search on PostgreSQL, plain matching on SQLite; see articles/search.py.
        """
        return full_text_search(self, query)
