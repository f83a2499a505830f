"""Small explicit factories: make_article(**overrides) and friends.

Each returns a saved object with sensible defaults; pass only what the test
is about.
"""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Byline, Section, Tag
from authors.models import Author

_seq = itertools.count(1)


def _n():
    return next(_seq)


def make_user(username=None, *, group=None, is_staff=None, password="pw", **extra):
    User = get_user_model()
    username = username or f"user{_n()}"
    user = User.objects.create_user(
        username=username,
        email=extra.pop("email", f"{username}@example.com"),
        password=password,
        is_staff=bool(group) if is_staff is None else is_staff,
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_author(name=None, **overrides):
    n = _n()
    name = name or f"Author {n}"
    overrides.setdefault("slug", f"author-{n}")
    return Author.objects.create(name=name, **overrides)


def make_section(name=None, **overrides):
    n = _n()
    name = name or f"Section {n}"
    overrides.setdefault("slug", f"section-{n}")
    return Section.objects.create(name=name, **overrides)


def make_tag(name=None, **overrides):
    n = _n()
    name = name or f"Tag {n}"
    overrides.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(name=name, **overrides)


def make_article(*, authors=None, additional=None, tags=None, live=True, **overrides):
    """A saved article, live by default (published an hour ago) with one author byline.

    authors/additional: lists of Author (created if None for authors);
    tags: list of Tag; live=False gives a draft unless status is passed.
    """
    n = _n()
    overrides.setdefault("title", f"Article {n}")
    overrides.setdefault("slug", f"article-{n}")
    overrides.setdefault("standfirst", f"Standfirst of article {n}.")
    overrides.setdefault("body", f"<p>Body of article {n}.</p>")
    if "section" not in overrides:
        overrides["section"] = make_section()
    if live:
        overrides.setdefault("status", Article.Status.PUBLISHED)
        overrides.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**overrides)
    if authors is None:
        authors = [make_author()]
    position = 0
    for author in authors:
        Byline.objects.create(article=article, author=author, position=position)
        position += 1
    for author in additional or []:
        Byline.objects.create(
            article=article,
            author=author,
            role=Byline.Role.ADDITIONAL_REPORTING,
            position=position,
        )
        position += 1
    if tags:
        article.tags.set(tags)
    return article
