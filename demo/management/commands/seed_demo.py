"""Fill a development database with the demo newspaper (see demo/demo_content.py).

    python manage.py seed_demo              # needs DEBUG=true
    python manage.py seed_demo --if-empty   # what `make run` does: only on an empty database
    python manage.py seed_demo --force      # on a DEBUG=false database, if you really mean it

Idempotent: everything is looked up by slug or username first, so a second run
creates nothing and never resets a password. Status and published_at are
written directly because this is seed data, not an editorial decision.
"""

import datetime
import io
import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from articles import images
from articles.models import Article, ArticleEvent, Byline, Correction, Section, Tag
from articles.roles import EDITORS, JOURNALISTS
from authors.models import Author
from comments.models import Comment
from comments.roles import MODERATORS
from core.site import absolute_url
from demo import demo_content

# username -> (group, superuser)
DEMO_USERS = {
    "journalist": (JOURNALISTS, False),
    "editor": (EDITORS, False),
    "moderator": (MODERATORS, False),
    "admin": (None, True),
}

# A newspaper palette: ink, newsprint, and a few muted spot colours.
PALETTE = {
    "ink": (27, 42, 58),
    "newsprint": (243, 238, 227),
    "red": (179, 38, 30),
    "teal": (47, 111, 115),
    "ochre": (201, 143, 43),
    "slate": (91, 103, 112),
    "sky": (157, 183, 201),
}
IMAGE_SIZE = (1200, 675)


class Command(BaseCommand):
    help = "Create demo sections, tags, authors, articles and users (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a production database).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has articles (used by `make run`).",
        )
        parser.add_argument(
            "--no-images",
            action="store_true",
            help="Skip generating featured images (faster; used by tests).",
        )

    def handle(self, *args, force=False, if_empty=False, no_images=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("Articles already exist; skipping demo content.")
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed demo content: DEBUG is off, so this may be a production "
                "database. Set DEBUG=true, or pass --force if you really mean it."
            )
        self.images = not no_images
        with transaction.atomic():
            users = self._users()
            sections = self._sections()
            tags = self._tags()
            authors = self._authors(users)
            created, images = self._articles(sections, tags, authors, users)
            comments = self._discussion(users)
        self._summary(created, images)
        if comments:
            self.stdout.write(f"This run added {comments} reader comments and a correction.")
        self._logins()

    # ------------------------------------------------------------------ users

    def _users(self):
        User = get_user_model()
        users, new_passwords, existing = {}, {}, []
        for username, (group_name, superuser) in DEMO_USERS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                make = User.objects.create_superuser if superuser else User.objects.create_user
                user = make(
                    username=username,
                    email=f"{username}@newsroom.example",
                    password=password,
                    is_staff=True,
                )
                new_passwords[username] = password
            else:
                existing.append(username)
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                user.groups.add(group)
            users[username] = user

        # Printed last (see _logins), where a newcomer sees them above the server's output.
        self.new_passwords = new_passwords
        if existing:
            self.stdout.write(
                f"Users {', '.join(existing)} already exist; their passwords are unchanged "
                "(use `manage.py changepassword` to reset)."
            )
        return users

    # -------------------------------------------------- sections, tags, authors

    def _sections(self):
        sections = {}
        for position, data in enumerate(demo_content.SECTIONS, start=1):
            sections[data["slug"]], _ = Section.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "position": position * 10,
                },
            )
        return sections

    def _tags(self):
        tags = {}
        for name, slug in demo_content.TAGS:
            tags[slug], _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        return tags

    def _authors(self, users):
        authors = {}
        for data in demo_content.AUTHORS:
            data = dict(data)
            username = data.pop("user")
            user = users.get(username) if username else None
            if (
                user is not None
                and Author.objects.filter(user=user).exclude(slug=data["slug"]).exists()
            ):
                user = None  # this account already has another profile; keep that one
            author, _ = Author.objects.get_or_create(
                slug=data.pop("slug"), defaults={**data, "user": user}
            )
            authors[author.slug] = author
        return authors

    # --------------------------------------------------------------- articles

    def _articles(self, sections, tags, authors, users):
        now = timezone.now()
        tz = timezone.get_default_timezone()
        created = images = 0
        for data in demo_content.ARTICLES:
            status = data.get("status", Article.Status.PUBLISHED)
            if status != Article.Status.PUBLISHED:
                published_at = None
            elif "publish_in_days" in data:
                day = timezone.localdate(now) + timedelta(days=data["publish_in_days"])
                published_at = datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=tz)
            else:
                published_at = datetime.datetime.strptime(data["date"], "%Y-%m-%d %H:%M").replace(
                    tzinfo=tz
                )

            article = Article.objects.filter(slug=data["slug"]).first()
            if article is None:
                article = self._create_article(
                    data, status, published_at, sections, tags, authors, users
                )
                created += 1
            if self.images and data.get("image") and not article.featured_image:
                self._attach_image(article, data["image"])
                images += 1
        return created, images

    def _create_article(self, data, status, published_at, sections, tags, authors, users):
        author_user = authors[data["authors"][0]].user
        article = Article(
            title=data["title"],
            slug=data["slug"],
            standfirst=data["standfirst"],
            body=demo_content.render_body(data["body"]),
            section=sections[data["section"]],
            status=status,
            published_at=published_at,
            is_editors_pick=data.get("must_read", False),
            meta_description=data["standfirst"][:160],
            created_by=author_user or users["journalist"],
        )
        article.save()
        article.tags.set([tags[slug] for slug in data.get("tags", [])])

        position = 0
        for role, key in (
            (Byline.Role.AUTHOR, "authors"),
            (Byline.Role.ADDITIONAL_REPORTING, "additional"),
        ):
            for slug in data.get(key, []):
                Byline.objects.create(
                    article=article, author=authors[slug], role=role, position=position
                )
                position += 1

        # Make the timestamps look like the story's own history, not today's seeding.
        if published_at:
            written = published_at - timedelta(hours=3)
            changed = published_at + timedelta(hours=data.get("updated", 0))
            Article.objects.filter(pk=article.pk).update(
                created_at=written,
                updated_at=changed,
                went_live_at=published_at,
                revised_at=changed if data.get("updated") else None,
            )
            self._record_events(article, status, published_at, written, users)
        elif status == Article.Status.IN_REVIEW:
            self._record_events(article, status, None, timezone.now(), users)
        return article

    def _record_events(self, article, status, published_at, written, users):
        submitted = written + timedelta(hours=1)
        ArticleEvent.objects.create(
            article=article,
            actor=users["journalist"],
            created_at=submitted,
            from_status=Article.Status.DRAFT,
            to_status=Article.Status.IN_REVIEW,
            note="Submitted for review (demo content).",
        )
        if status == Article.Status.PUBLISHED:
            scheduled = published_at > timezone.now()
            ArticleEvent.objects.create(
                article=article,
                actor=users["editor"],
                created_at=min(published_at, submitted + timedelta(hours=1)),
                from_status=Article.Status.IN_REVIEW,
                to_status=Article.Status.PUBLISHED,
                note="Scheduled (demo content)." if scheduled else "Published (demo content).",
            )

    # ----------------------------------------------------------------- images

    def _attach_image(self, article, caption):
        content, alt = abstract_image(article.slug)
        name = f"{article.slug}.jpg"
        # A named ContentFile: Django measures the image (width/height fields) only then.
        article.featured_image.save(name, ContentFile(content, name=name), save=False)
        # A queryset update, so updated_at keeps the story's own date; hence the
        # renditions made here rather than by Article.save().
        Article.objects.filter(pk=article.pk).update(
            featured_image=article.featured_image.name,
            featured_image_width=article.featured_image_width,
            featured_image_height=article.featured_image_height,
            featured_image_renditions=images.make_renditions(article),
            featured_image_alt=alt,
            featured_image_caption=caption,
            featured_image_credit=demo_content.IMAGE_CREDIT,
        )

    # ---------------------------------------------------------------- summary

    # ------------------------------------------------- comments and corrections

    def _discussion(self, users):
        """Comments under the newest live stories and one correction; once only.

        Seed comments are written as moderated already: they never reach Akismet
        (no reports are queued for decisions nobody made).
        """
        if Comment.objects.exists():
            return 0
        now = timezone.now()
        newest = list(
            Article.objects.live(now)
            .exclude(comment_policy=Article.CommentPolicy.CLOSED)
            .newest_first()[:3]
        )
        verdicts = {
            Comment.Status.APPROVED: Comment.Verdict.HAM,
            Comment.Status.PENDING: Comment.Verdict.UNCHECKED,
            Comment.Status.SPAM: Comment.Verdict.SPAM,
        }

        def comment(article, when, name, email, body, status, parent=None):
            approved = status == Comment.Status.APPROVED
            return Comment.objects.create(
                article=article,
                parent=parent,
                depth=parent.depth + 1 if parent else 0,
                author_name=name,
                author_email=email,
                body=body,
                status=status,
                spam_verdict=verdicts[status],
                ip_address="192.0.2.10",
                user_agent="Mozilla/5.0 (demo)",
                created_at=min(when, now),
                moderated_by=users["moderator"] if approved else None,
                moderated_at=min(when, now) if approved else None,
            )

        made = 0
        for article, threads in zip(newest, demo_content.DEMO_DISCUSSION, strict=False):
            when = max(article.published_at, now - timedelta(days=2))
            for name, email, body, status, replies in threads:
                when += timedelta(minutes=37)
                parent = comment(article, when, name, email, body, status)
                made += 1
                for reply in replies:
                    when += timedelta(minutes=12)
                    comment(article, when, *reply, Comment.Status.APPROVED, parent=parent)
                    made += 1
        if newest and not Correction.objects.exists():
            Correction.objects.create(
                article=newest[0],
                body=demo_content.DEMO_CORRECTION,
                created_by=users["editor"],
                created_at=now - timedelta(hours=3),
            )
        return made

    def _logins(self):
        """The new demo users' passwords, in a box at the very end: shown only this once."""
        if not getattr(self, "new_passwords", None):
            return
        rule = "=" * 64
        lines = [
            rule,
            f"Demo logins for {absolute_url(reverse('admin:index'))}",
            "(shown once: write them down; `manage.py changepassword NAME` resets one)",
            "",
            *(f"  {name:<11} {password}" for name, password in self.new_passwords.items()),
            rule,
        ]
        self.stdout.write(self.style.WARNING("\n".join(lines)))

    def _summary(self, created, images):
        now = timezone.now()
        articles = Article.objects.all()
        live = articles.live(now).count()
        scheduled = articles.scheduled(now).count()
        drafts = articles.filter(status=Article.Status.DRAFT).count()
        in_review = articles.filter(status=Article.Status.IN_REVIEW).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Section.objects.count()} sections, "
                f"{Tag.objects.count()} tags, {Author.objects.count()} authors, "
                f"{articles.count()} articles ({live} live, {scheduled} scheduled, "
                f"{drafts} drafts, {in_review} in review)."
            )
        )
        self.stdout.write(f"This run created {created} articles and {images} featured images.")


def abstract_image(seed: str) -> tuple[bytes, str]:
    """A calm abstract illustration (JPEG bytes) and its alt text, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable picture, not a secret
    names = list(PALETTE)
    base, accent, third = rng.sample([n for n in names if n != "newsprint"], 3)
    width, height = IMAGE_SIZE

    # Diagonal-ish gradient from the base colour to newsprint.
    mask = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize(IMAGE_SIZE)
    image = Image.composite(
        Image.new("RGB", IMAGE_SIZE, PALETTE[base]),
        Image.new("RGB", IMAGE_SIZE, PALETTE["newsprint"]),
        mask,
    )
    overlay = Image.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    kind = rng.choice(["circles", "bands", "blocks"])
    if kind == "circles":
        for colour in (accent, third, accent):
            r = rng.randint(height // 6, height // 2)
            x, y = rng.randint(0, width), rng.randint(0, height)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*PALETTE[colour], 150))
        shape = "overlapping circles"
    elif kind == "bands":
        for i in range(rng.randint(4, 7)):
            y = rng.randint(0, height)
            thickness = rng.randint(8, 60)
            colour = accent if i % 2 else third
            draw.polygon(
                [(0, y), (width, y - 120), (width, y - 120 + thickness), (0, y + thickness)],
                fill=(*PALETTE[colour], 170),
            )
        shape = "slanted bands"
    else:
        for colour in (accent, third, "ink"):
            x, y = rng.randint(0, width - 300), rng.randint(0, height - 200)
            w, h = rng.randint(200, 520), rng.randint(120, 360)
            draw.rectangle((x, y, x + w, y + h), fill=(*PALETTE[colour], 140))
        shape = "overlapping rectangles"
    # A thin rule, like a column divider.
    draw.line((60, height - 60, width - 60, height - 60), fill=(*PALETTE["ink"], 200), width=3)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    colours = f"{base} and {accent}".replace("ink", "dark blue")
    alt = f"Abstract illustration: {shape} in {colours} on a pale background."
    return buffer.getvalue(), alt
