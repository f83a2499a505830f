"""The discussion on the article page: threading, order, count, pagination, permalinks."""

import pytest
from django.test import Client

from comments.models import Comment, DiscussionSettings
from comments.rendering import thread
from tests.factories import make_article

from .helpers import form_data, make_comment


@pytest.fixture
def article(db):
    return make_article()


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_heading_counts_approved_comments_only(client, article):
    for _ in range(12):
        make_comment(article)
    make_comment(article, status="pending")
    make_comment(article, status="spam")
    assert "12 comments" in html_of(client, article.get_absolute_url())


def test_one_comment_is_singular(client, article):
    make_comment(article)
    assert "1 comment<" in html_of(client, article.get_absolute_url())


def test_comments_are_oldest_first_and_replies_nested(client, article):
    first = make_comment(article, body="First words")
    second = make_comment(article, body="Second words")
    reply = make_comment(article, parent=first, body="Reply words")
    html = html_of(client, article.get_absolute_url())
    assert html.index("First words") < html.index("Reply words") < html.index("Second words")
    assert f'id="comment-{reply.pk}"' in html
    assert 'class="comment-list comment-list--replies"' in html
    assert html.count('data-reply-to="') == 3
    assert f'data-reply-to="{second.pk}"' in html


def test_threads_nest_at_most_max_depth_levels(article, settings):
    """Policy: COMMENTS_MAX_DEPTH levels; deeper replies are shown, flattened, not lost."""
    settings.COMMENTS_MAX_DEPTH = 3
    a = make_comment(article)
    b = make_comment(article, parent=a)
    c = make_comment(article, parent=b)
    d = make_comment(article, parent=c)  # e.g. a staff reply at depth 3
    roots = thread([a, b, c, d], max_depth=3)
    (root,) = roots
    (nb,) = root.children
    assert [n.comment for n in nb.children] == [c, d]
    assert nb.children[0].level == 2
    assert not nb.children[0].can_reply
    assert nb.can_reply
    assert root.can_reply


def test_reply_to_a_hidden_comment_is_shown_top_level(client, article):
    gone = make_comment(article, status="trash")
    make_comment(article, parent=gone, body="Orphaned but approved")
    assert "Orphaned but approved" in html_of(client, article.get_absolute_url())


def test_orphaned_reply_keeps_its_place_its_replies_and_only_usable_reply_links(client, article):
    """Policy (as WordPress): a reply whose parent was trashed or marked spam is kept,
    as a thread of its own at its place in time; its replies stay nested under it;
    "Reply" is offered only where the server would accept the reply."""
    first = make_comment(article, body="First thread")
    middle = make_comment(article, parent=first, status="spam")
    orphan = make_comment(article, parent=middle, body="Orphan words")  # stored depth 2
    answer = make_comment(article, parent=orphan, body="Answer words")  # flattened
    later = make_comment(article, body="Later thread")
    roots = thread([first, orphan, answer, later], max_depth=3)
    assert [n.comment for n in roots] == [first, orphan, later]
    assert [n.comment for n in roots[1].children] == [answer]
    assert roots[1].level == 0, "depth 2 of 3 takes no reply"
    assert not roots[1].can_reply, "depth 2 of 3 takes no reply"
    html = html_of(client, article.get_absolute_url())
    assert html.index("First thread") < html.index("Orphan words") < html.index("Later thread")
    assert f'data-reply-to="{orphan.pk}"' not in html
    # Every Reply link the page offers is one the server accepts.
    for target in (first, later):
        assert f'data-reply-to="{target.pk}"' in html
        response = client.post(
            article.get_absolute_url() + "comment/",
            form_data(parent=str(target.pk)),
            REMOTE_ADDR=f"192.0.2.{target.pk % 250 + 1}",
        )
        assert response.status_code == 302, target
    response = client.post(article.get_absolute_url() + "comment/", form_data(parent=orphan.pk))
    assert response.status_code == 400


def test_discussion_is_paginated_by_threads_without_breaking_anchors(client, article):
    DiscussionSettings(per_page=2).save()
    comments = [make_comment(article, body=f"Thread {i}") for i in range(5)]
    make_comment(article, parent=comments[0], body="Reply on page one")
    page1 = html_of(client, article.get_absolute_url())
    assert "Thread 0" in page1
    assert "Reply on page one" in page1
    assert "Thread 2" not in page1
    assert "Page 1 of 3" in page1
    page3 = html_of(client, article.get_absolute_url() + "?cpage=3")
    assert "Thread 4" in page3
    assert "Thread 0" not in page3
    # Out-of-range and junk pages are clamped, never an error.
    assert "Thread 4" in html_of(client, article.get_absolute_url() + "?cpage=99")
    assert "Thread 0" in html_of(client, article.get_absolute_url() + "?cpage=abc")
    # The permalink finds the page of any comment.
    response = client.get(comments[4].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{comments[4].pk}"


def test_permalink_of_a_comment_nobody_may_see_is_404(client, article):
    for status in ["pending", "spam", "trash"]:
        assert (
            client.get(make_comment(article, status=status).get_absolute_url()).status_code == 404
        )
    assert client.get("/comments/999999/").status_code == 404


def test_tampered_own_comments_cookie_is_ignored(article):
    pending = make_comment(article, status="pending", body="Someone else's")
    client = Client()
    client.cookies["comments_mine"] = f"{pending.pk}"
    assert "Someone else's" not in html_of(client, article.get_absolute_url())


def test_preview_shows_no_discussion(client, article):
    from django.test import RequestFactory

    from articles.views import render_article

    request = RequestFactory().get("/")
    request.user = None
    response = render_article(request, article, preview=True)
    assert b'id="comments"' not in response.content


def test_permalink_of_a_reply_finds_its_thread_page_and_orphans_their_own(client, article):
    """A nested reply is on its thread's page; a reply whose parent was trashed is a
    thread of its own, at its place in time, as the page shows it."""
    from datetime import timedelta

    from django.utils import timezone

    DiscussionSettings(per_page=2).save()
    start = timezone.now() - timedelta(hours=1)
    threads = [
        make_comment(article, body=f"Thread {i}", created_at=start + timedelta(minutes=i))
        for i in range(5)
    ]
    reply = make_comment(
        article, parent=threads[3], created_at=start + timedelta(minutes=10), body="Deep"
    )
    deeper = make_comment(
        article, parent=reply, created_at=start + timedelta(minutes=11), body="Deeper"
    )
    location = client.get(deeper.get_absolute_url())["Location"]
    assert location == f"{article.get_absolute_url()}?cpage=2#comment-{deeper.pk}"
    assert "Deeper" in html_of(client, article.get_absolute_url() + "?cpage=2")
    # Its parent goes to Trash: the reply now starts a thread after Thread 4 (page 3).
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.TRASH)
    location = client.get(deeper.get_absolute_url())["Location"]
    assert location == f"{article.get_absolute_url()}?cpage=3#comment-{deeper.pk}"
    page3 = html_of(client, article.get_absolute_url() + "?cpage=3")
    assert "Thread 4" in page3
    assert "Deeper" in page3


def test_a_post_lands_on_the_page_its_thread_is_on_counting_the_readers_own(
    client, article, settings
):
    """The redirect after a post: the approved threads before it and the reader's own
    pending ones (shown to them), each thread counted once."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    DiscussionSettings(per_page=3).save()
    first = make_comment(article, body="Approved one")
    make_comment(article, body="Approved two")
    make_comment(article, parent=first, body="A reply: not a thread of its own")
    make_comment(article, status="pending", body="Someone else's, not shown")
    url = article.get_absolute_url() + "comment/"
    response = client.post(url, form_data(comment="My first, pending"))
    mine = Comment.objects.get(body="My first, pending")
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{mine.pk}"
    response = client.post(url, form_data(comment="My second, pending"))
    second = Comment.objects.get(body="My second, pending")
    # Two approved threads and my first: the fourth thread, on page 2.
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{second.pk}"
    assert "My second, pending" in html_of(client, article.get_absolute_url() + "?cpage=2")
