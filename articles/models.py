import datetime

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models, transaction
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
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from core.sanitize import body_text, clean_body

from . import images


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in this order in the navigation."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    """The one place that says which articles readers may see."""

    def live(self, now=None):
        """Published and due: published_at <= now, so scheduling needs no cron."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        """Published but not yet due: they go live by themselves when their time comes."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

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
        candidates = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
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
            Article.objects.filter(pk__in=candidates)
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
        from .search import search

        return search(self, query)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    class CommentPolicy(models.TextChoices):
        """Whether readers may comment: the site's policy, or this article's exception."""

        SITE_DEFAULT = "default", "Site policy (open, closing after the set number of days)"
        OPEN = "open", "Open (never close automatically)"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, help_text="The last part of the article's address; unique for its date."
    )
    standfirst = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences under the headline."
    )
    body = models.TextField(blank=True)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(
        "authors.Author", through="Byline", related_name="articles", blank=True
    )
    featured_image = images.FeaturedImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="featured_image_width",
        height_field="featured_image_height",
    )
    # The original's pixel size, recorded by the field when a file is assigned.
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Which resized copies of the current image exist (articles/images.py writes them on
    # save), so pages build srcset without touching storage.
    featured_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    featured_image_alt = models.CharField(
        max_length=250, blank=True, help_text="Describe the picture for readers who cannot see it."
    )
    featured_image_caption = models.CharField(max_length=300, blank=True)
    featured_image_credit = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When it last went live on this site, which for an archive piece published with
    # an earlier date is later than published_at. Written by the workflow's publish.
    went_live_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When an editor last marked a substantive update (or a correction was added): the
    # page says "Updated" with this date. Ordinary saves do not change it.
    revised_at = models.DateTimeField("shown as updated at", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
    )
    comment_policy = models.CharField(
        "Comments",
        max_length=10,
        choices=CommentPolicy.choices,
        default=CommentPolicy.SITE_DEFAULT,
    )
    is_editors_pick = models.BooleanField("Must read", default=False)
    seo_title = models.CharField(max_length=70, blank=True)
    meta_description = models.CharField(
        max_length=160, blank=True, help_text="Shown by search engines; up to 160 characters."
    )
    # Optimistic locking: bumped on every save, compared when a form is submitted.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_idx"),
            # The sitemap index's lastmod: the newest change among live articles.
            models.Index(fields=["status", "-updated_at"], name="article_updated_idx"),
        ]

    def __str__(self):
        return self.title

    # Written by save() whenever featured_image is.
    IMAGE_DERIVED_FIELDS = (
        "featured_image_width",
        "featured_image_height",
        "featured_image_renditions",
    )

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        update_fields = kwargs.get("update_fields")
        stale = []
        if update_fields is None or "featured_image" in update_fields:
            stale = self._update_renditions()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *self.IMAGE_DERIVED_FIELDS}
        super().save(*args, **kwargs)
        if stale:
            # Only once the new manifest is committed: a rollback keeps the old one valid.
            storage = self.featured_image.storage
            transaction.on_commit(
                lambda: images.delete_renditions(stale, storage),
                using=self._state.db,
            )

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={
                "year": when.year,
                "month": f"{when.month:02d}",
                "day": f"{when.day:02d}",
                "slug": self.slug,
            },
        )

    def _update_renditions(self) -> list[str]:
        """Make renditions when the featured image is not the one they were made from.

        Cheap when the image is unchanged: one comparison with the source recorded in
        the manifest loaded from the database, no storage access. Returns the names of
        the previous image's renditions that the new ones do not overwrite.
        """
        deferred = self.get_deferred_fields()
        if "featured_image" in deferred or "featured_image_renditions" in deferred:
            return []  # neither was loaded, so neither is being changed
        image = self.featured_image
        old = self.featured_image_renditions or {}
        if image and not image._committed:
            # A new upload. What FileField.pre_save would do, done first so the
            # renditions are named after the stored file.
            image.save(image.name, image.file, save=False)
        elif (image.name or "") == old.get("source", ""):
            return []
        if image and self.featured_image_width is None:
            # Django measures an assigned file, but not one saved from a nameless
            # ContentFile (`featured_image.save(name, ContentFile(data))`): read it back.
            self._meta.get_field("featured_image").update_dimension_fields(self, force=True)
        new = images.make_renditions(self)
        self.featured_image_renditions = new
        self.__dict__.pop("featured_picture", None)
        return images.stale_renditions(old, new)

    @cached_property
    def featured_picture(self) -> "images.Picture | None":
        """The featured image as the page renders it: renditions, srcset and size."""
        return images.picture(self)

    def is_live(self, now=None) -> bool:
        """Mirror of ArticleQuerySet.live() for one instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    @property
    def modified_at(self):
        """When the article last changed, never before it was published (a scheduled
        story changes when it goes live): feeds, sitemaps and metadata all say this."""
        if self.published_at is None:
            return self.updated_at
        return max(self.updated_at, self.published_at)

    @property
    def state(self) -> tuple[str, str]:
        """(kind, label) of where the article stands, as the admin shows it everywhere:
        a published article not yet due is "Scheduled", a due one is "Live"."""
        if self.status == self.Status.PUBLISHED:
            return ("published", "Live") if self.is_live() else ("scheduled", "Scheduled")
        return self.status, self.get_status_display()

    @property
    def excerpt(self) -> str:
        return self.standfirst or Truncator(body_text(self.body)).words(40)

    @property
    def was_updated(self) -> bool:
        """An editor marked a substantive update after publication (or added a correction).

        Saving is not updating: typo fixes, or publishing an archive piece with its
        original date, leave the page without an "Updated" line.
        """
        return bool(self.published_at and self.revised_at and self.revised_at > self.published_at)

    # Bylines are prefetched by with_listing_relations(); these read that cache.
    @property
    def author_bylines(self):
        return [b for b in self.bylines.all() if b.role == Byline.Role.AUTHOR]

    @property
    def additional_reporting(self):
        return [b for b in self.bylines.all() if b.role == Byline.Role.ADDITIONAL_REPORTING]


class Byline(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        ADDITIONAL_REPORTING = "additional_reporting", "Additional reporting"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="unique_byline_per_role"
            )
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"


class ArticleRevision(models.Model):
    """A snapshot of the words of an article, written by the save path."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_autosave = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article} @ {self.created_at:%Y-%m-%d %H:%M}"


class ArticleEvent(models.Model):
    """Workflow history: who moved the article from which status to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class EditorialNote(models.Model):
    """Internal notes between journalist and editor; never shown publicly."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editorial_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on {self.article} by {self.author}"


# --- Editorial workflow: corrections, old URLs, presence -----------------------------------


class Correction(models.Model):
    """A dated note appended to a published article, shown at its end and on /corrections/.

    Saving one bumps the article's `updated_at` and `revised_at`, so the page shows it
    was updated.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    body = models.TextField(help_text="Plain text: what was wrong and what is right now.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A correction changes what readers see: the article counts as modified.
        Article.objects.filter(pk=self.article_id, updated_at__lt=self.created_at).update(
            updated_at=self.created_at
        )
        Article.objects.filter(pk=self.article_id).filter(
            models.Q(revised_at__isnull=True) | models.Q(revised_at__lt=self.created_at)
        ).update(revised_at=self.created_at)


class ArticleRedirect(models.Model):
    """An address an article used to have; the public view answers it with a 301.

    Written when the slug or publication date of a published article changes.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_urls")
    old_date = models.DateField()
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old_date", "old_slug"], name="unique_old_article_url")
        ]

    def __str__(self):
        return f"{self.old_date:%Y/%m/%d}/{self.old_slug}/ → {self.article}"

    @classmethod
    def remember(cls, article: Article, *, old_slug: str, old_published_at) -> None:
        """Record `article`'s previous address if it differs from its current one."""
        if old_published_at is None:
            return
        old_date = timezone.localtime(old_published_at).date()
        new_date = timezone.localtime(article.published_at).date() if article.published_at else None
        # The current address must never redirect (to itself or elsewhere).
        if new_date is not None:
            cls.objects.filter(old_date=new_date, old_slug=article.slug).delete()
        if (old_date, old_slug) == (new_date, article.slug):
            return
        cls.objects.update_or_create(
            old_date=old_date, old_slug=old_slug, defaults={"article": article}
        )


class ArticlePresence(models.Model):
    """Who has an article's admin form open: a heartbeat row per user and article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="unique_presence")]

    def __str__(self):
        return f"{self.user} on {self.article}"

    @classmethod
    def touch(cls, article: Article, user) -> None:
        """Record that `user` has `article` open now."""
        cls.objects.update_or_create(
            article=article, user=user, defaults={"last_seen": timezone.now()}
        )

    @classmethod
    def others(cls, article: Article, user, *, minutes: int = 3) -> list:
        """The other users seen on `article` in the last `minutes`, most recent first."""
        from datetime import timedelta

        since = timezone.now() - timedelta(minutes=minutes)
        return [
            p.user
            for p in cls.objects.filter(article=article, last_seen__gte=since)
            .exclude(user=user)
            .select_related("user")
            .order_by("-last_seen")
        ]


# --- Static pages, redirects from old addresses, and what came from WordPress ---------------


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_footer(self):
        """Published top-level pages, as the footer lists them."""
        return self.published().filter(parent__isnull=True).order_by("position", "title", "pk")


class Page(models.Model):
    """A static page such as About or Contact, served at its own path.

    The path is the parent's path plus the slug (`/about/team/`), kept up to date
    on save for the page and its descendants. The body is sanitised like an
    article's. `old_path` is where the page lived before (a WordPress permalink);
    a redirect sends readers from there.
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, help_text="The last part of the page's address.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Nest this page under another: its address starts with the parent's.",
    )
    path = models.CharField(max_length=500, unique=True, editable=False)
    body = models.TextField(blank=True)
    published = models.BooleanField(default=False)
    position = models.SmallIntegerField(
        default=0, help_text="Pages are listed in the footer in this order."
    )
    old_path = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        previous_path = self.path
        self.path = self.build_path()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path"}
        super().save(*args, **kwargs)
        if previous_path and previous_path != self.path:
            for child in self.children.all():
                child.save(update_fields=["path"])

    def get_absolute_url(self):
        return self.path

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.slug}/"

    @staticmethod
    def is_site_route(path: str) -> bool:
        """Whether one of the site's own URLs answers `path` (a page there would be hidden:
        pages are served only where nothing else is)."""
        try:
            resolve(path)
        except Resolver404:
            return False
        return True

    def ancestors(self) -> list["Page"]:
        chain, page = [], self.parent
        while page is not None:
            chain.insert(0, page)
            page = page.parent
        return chain


class Redirect(models.Model):
    """A 301 from an address of a site this one replaced (a WordPress permalink, `/?p=12`,
    `/category/news/`) to where the content lives now.

    `old_path` is the path as requests arrive (decoded, with the query for `/?p=` style
    addresses). When `article` or `page` is set the target follows its current address
    (and the redirect answers only while it is public); otherwise `target` is used.
    """

    old_path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    target = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Query parameters WordPress answers on any path; a request carrying one is looked up.
    QUERY_KEYS = ("p", "page_id", "cat", "tag", "author", "feed")

    def __str__(self):
        return f"{self.old_path} → {self.target_url() or '(gone)'}"

    def target_url(self) -> str | None:
        """Where to send the reader now, or None when the target is not public."""
        if self.article_id:
            return self.article.get_absolute_url() if self.article.is_live() else None
        if self.page_id:
            return self.page.path if self.page.published else None
        return self.target or None

    @staticmethod
    def query_key(path: str, query) -> str | None:
        """The `old_path` a request for `path?query` would be stored under, if any."""
        for key in Redirect.QUERY_KEYS:
            value = query.get(key)
            if value:
                return f"{path}?{key}={value}"
        return None


class ImportedItem(models.Model):
    """What an object here was on the site it was imported from (WordPress ids, guids).

    One row per (source site, kind, source id); `object_id` is the primary key of the
    object made from it (an Author, Section, Tag, Article, Page, Comment or attachment
    record), and `digest` a hash of the imported fields, so a re-import leaves
    unchanged objects alone and updates those that changed at the source.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        SECTION = "section", "Section"
        TAG = "tag", "Tag"
        ARTICLE = "article", "Article"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"

    source = models.CharField(max_length=300, help_text="The WordPress site's base URL.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_id = models.CharField(max_length=200)
    guid = models.CharField(max_length=500, blank=True)
    object_id = models.BigIntegerField()
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="unique_imported_item"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_object_idx")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.source_id} → {self.object_id}"
