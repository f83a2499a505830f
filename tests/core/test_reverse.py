"""core.reverse: object URLs remembered per process, never across script prefixes."""

from django.urls import reverse, set_script_prefix

from core.reverse import reverse_cached


def test_the_same_url_as_reverse():
    assert reverse_cached("articles:section", slug="news") == reverse(
        "articles:section", kwargs={"slug": "news"}
    )
    assert reverse_cached(
        "articles:detail", year=2026, month="01", day="02", slug="a-story"
    ) == reverse(
        "articles:detail", kwargs={"year": 2026, "month": "01", "day": "02", "slug": "a-story"}
    )


def test_a_site_mounted_under_a_prefix_gets_its_own_urls():
    """Under a SCRIPT_NAME (a site served at /news/) the remembered URL is not reused."""
    plain = reverse_cached("articles:tag", slug="weather")
    try:
        set_script_prefix("/news/")
        mounted = reverse_cached("articles:tag", slug="weather")
    finally:
        set_script_prefix("/")
    assert plain == "/tag/weather/"
    assert mounted == "/news/tag/weather/"
    assert reverse_cached("articles:tag", slug="weather") == plain
