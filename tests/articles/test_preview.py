"""Signed, expiring preview links for unpublished articles."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles import preview
from articles.models import Article
from tests.articles.workflow_helpers import change_url, draft_for
from tests.factories import make_article


def test_preview_renders_the_real_article_template_with_banner_noindex_and_private_cache(
    client, journalist
):
    """Anyone holding a valid link sees the draft, marked as a preview, never cached or indexed."""
    article = draft_for(journalist, title="Embargoed scoop")
    response = client.get(preview.preview_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Embargoed scoop" in html
    assert "Preview — not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-cache, no-store, max-age=0"


def test_preview_link_expires_after_preview_max_age_hours(client, journalist, settings):
    """A link older than PREVIEW_MAX_AGE_HOURS is refused with 410 and a message."""
    settings.PREVIEW_MAX_AGE_HOURS = 2
    article = draft_for(journalist)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        url = preview.preview_url(article)
        traveller.shift(timedelta(hours=1, minutes=59))
        assert client.get(url).status_code == 200
        traveller.shift(timedelta(minutes=2))
        response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "private" in response["Cache-Control"]


FORGED_TOKENS = {
    "garbage": lambda: "not-a-token",
    "other-salt": lambda: signing.dumps({"article": 1}, salt="some.other.purpose"),
    "string-id": lambda: signing.dumps({"article": "1"}, salt=preview.SALT),
}


@pytest.mark.parametrize("kind", sorted(FORGED_TOKENS))
def test_forged_or_foreign_tokens_are_404(client, journalist, kind):
    token = FORGED_TOKENS[kind]()
    draft_for(journalist)
    response = client.get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 404


def test_tampered_token_for_another_article_is_404(client, journalist):
    """Putting another article's payload under a genuine signature breaks the signature."""
    a = draft_for(journalist)
    b = draft_for(journalist)
    _, timestamp, signature = preview.make_token(a).rsplit(":", 2)
    payload_b = preview.make_token(b).rsplit(":", 2)[0]
    forged = f"{payload_b}:{timestamp}:{signature}"
    assert client.get(reverse("articles:preview", kwargs={"token": forged})).status_code == 404


def test_preview_of_a_live_article_redirects_to_its_public_address(client, db):
    article = make_article()
    response = client.get(preview.preview_url(article))
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_scheduled_article_can_be_previewed_before_it_is_due(client, db):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    response = client.get(preview.preview_url(article))
    assert response.status_code == 200
    assert "Preview — not published" in response.content.decode()


def test_admin_view_on_site_uses_the_preview_for_unpublished_articles(editor_client, journalist):
    """ "View on site" opens the signed preview for drafts and the public page once live."""
    draft = draft_for(journalist)
    html = editor_client.get(change_url(draft)).content.decode()
    assert "/preview/" in html
    live = make_article()
    html = editor_client.get(change_url(live)).content.decode()
    assert "/preview/" not in html


def test_preview_token_round_trip():
    article = Article(pk=42)
    assert preview.article_pk_from_token(preview.make_token(article)) == 42
