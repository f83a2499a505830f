"""comments/spam.py: what is sent to Akismet, how verdicts route comments, and
that protocol faults never lose a comment. No test touches the network."""

from urllib.parse import parse_qs

import akismet
import httpx
import pytest
from django.test import Client

from comments import spam
from comments.models import Comment, CommentEvent
from tests.factories import make_article, make_section, make_tag, make_user

from .helpers import comment_url, form_data, make_comment

HAM = akismet.CheckResponse.HAM
SPAM = akismet.CheckResponse.SPAM
DISCARD = akismet.CheckResponse.DISCARD


@pytest.fixture
def article(db):
    return make_article(
        title="Harbour plans",
        section=make_section("Local news"),
        tags=[make_tag("Harbour"), make_tag("Planning")],
    )


def post(client, article, capture, **overrides):
    with capture(execute=True):
        response = client.post(
            comment_url(article),
            form_data(**overrides),
            HTTP_USER_AGENT="Mozilla/5.0 (Reader)",
            HTTP_REFERER="https://search.example/?q=harbour",
        )
    assert response.status_code == 302, response.content[:500]
    return Comment.objects.latest("pk")


def form_fields(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.content.decode(), keep_blank_values=True)


# Verdicts, through the library's test client -------------------------------------


@pytest.mark.akismet_client(comment_check_response=SPAM)
def test_spam_verdict_sends_comment_to_spam_queue(
    client, article, akismet, django_capture_on_commit_callbacks
):
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.status == Comment.Status.SPAM
    assert comment.spam_verdict == Comment.Verdict.SPAM
    assert comment.events.filter(kind=CommentEvent.Kind.AKISMET_SPAM).exists()


@pytest.mark.akismet_client(comment_check_response=DISCARD)
def test_discard_verdict_is_spam_flagged_as_discard(
    client, article, akismet, django_capture_on_commit_callbacks
):
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.status == Comment.Status.SPAM
    assert comment.spam_verdict == Comment.Verdict.DISCARD


@pytest.mark.akismet_client(comment_check_response=HAM)
def test_ham_from_a_first_time_commenter_waits_for_a_moderator(
    client, article, akismet, django_capture_on_commit_callbacks
):
    """Policy: ham is published at once only for an email with an approved comment."""
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.spam_verdict == Comment.Verdict.HAM
    assert comment.status == Comment.Status.PENDING


@pytest.mark.akismet_client(comment_check_response=HAM)
def test_ham_from_a_returning_commenter_is_published(
    client, article, akismet, django_capture_on_commit_callbacks
):
    make_comment(article, author_email="back@example.com")
    comment = post(client, article, django_capture_on_commit_callbacks, email="Back@example.com")
    assert comment.status == Comment.Status.APPROVED
    page = client.get(article.get_absolute_url()).content.decode()
    assert comment.body in page


@pytest.mark.akismet_client(comment_check_response=HAM)
def test_ham_with_too_many_links_is_held(
    client, article, akismet, settings, django_capture_on_commit_callbacks
):
    """Policy: fewer than COMMENTS_MAX_LINKS links, or a moderator decides."""
    settings.COMMENTS_MAX_LINKS = 2
    make_comment(article, author_email="back@example.com")
    comment = post(
        client,
        article,
        django_capture_on_commit_callbacks,
        email="back@example.com",
        comment="see https://a.example and http://b.example",
    )
    assert comment.status == Comment.Status.PENDING
    assert comment.events.filter(kind=CommentEvent.Kind.POLICY_HELD).exists()


@pytest.mark.akismet_client(comment_check_response=HAM)
def test_ham_is_held_when_hold_all_is_on(
    client, article, akismet, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_HOLD_ALL = True
    make_comment(article, author_email="back@example.com")
    comment = post(client, article, django_capture_on_commit_callbacks, email="back@example.com")
    assert comment.status == Comment.Status.PENDING


@pytest.mark.akismet_client(comment_check_response=HAM)
def test_moderation_keyword_holds_and_blocked_keyword_trashes(
    client, article, akismet, django_capture_on_commit_callbacks
):
    """Policy: WordPress-style moderation keys (hold) and disallowed keys (trash)."""
    from comments.models import DiscussionSettings

    DiscussionSettings(moderation_keys="casino\n", blocked_keys="198.51.100.66\nviagra").save()
    make_comment(article, author_email="back@example.com")
    held = post(
        client,
        article,
        django_capture_on_commit_callbacks,
        email="back@example.com",
        comment="Casino night!",
    )
    assert held.status == Comment.Status.PENDING
    assert held.events.filter(kind=CommentEvent.Kind.KEYWORD_HELD).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url(article), form_data(), REMOTE_ADDR="198.51.100.66")
    blocked = Comment.objects.latest("pk")
    assert blocked.status == Comment.Status.TRASH
    assert blocked.spam_verdict == Comment.Verdict.UNCHECKED


def test_without_a_key_comments_stay_pending_unchecked(
    client, article, django_capture_on_commit_callbacks
):
    """Policy: no key → never published unchecked; re-checked later."""
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_verdict == Comment.Verdict.UNCHECKED
    assert comment.next_check_at is not None
    assert spam.key_status() == spam.KeyStatus.MISSING


# The exact request -------------------------------------------------------------------


def test_comment_check_sends_every_field_we_know(
    client, article, akismet_http, settings, django_capture_on_commit_callbacks
):
    settings.SITE_LANGUAGE = "en"
    comment = post(
        client,
        article,
        django_capture_on_commit_callbacks,
        name="Ada Reader",
        email="ada@example.com",
        url="https://ada.example/",
        comment="Lovely harbour.",
    )
    (request,) = akismet_http.to("comment-check")
    fields = form_fields(request)
    assert request.url == "https://rest.akismet.com/1.1/comment-check"
    assert fields["api_key"] == ["test-key"]
    assert fields["blog"] == ["https://news.example"]
    assert fields["user_ip"] == ["127.0.0.1"]
    assert fields["user_agent"] == ["Mozilla/5.0 (Reader)"]
    assert fields["referrer"] == ["https://search.example/?q=harbour"]
    assert fields["permalink"] == ["https://news.example" + article.get_absolute_url()]
    assert fields["comment_type"] == ["comment"]
    assert fields["comment_author"] == ["Ada Reader"]
    assert fields["comment_author_email"] == ["ada@example.com"]
    assert fields["comment_author_url"] == ["https://ada.example/"]
    assert fields["comment_content"] == ["Lovely harbour."]
    assert fields["comment_date_gmt"] == [comment.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert fields["comment_post_modified_gmt"][0].endswith("Z")
    assert fields["blog_lang"] == ["en"]
    assert fields["blog_charset"] == ["UTF-8"]
    assert fields["comment_context[]"] == ["Local news", "Harbour", "Planning"]
    assert "user_role" not in fields, "a reader must never be sent a role"
    assert "is_test" not in fields
    assert "honeypot_field_name" not in fields


def test_reply_is_sent_as_comment_type_reply(
    client, article, akismet_http, django_capture_on_commit_callbacks
):
    parent = make_comment(article)
    post(client, article, django_capture_on_commit_callbacks, parent=str(parent.pk))
    (request,) = akismet_http.to("comment-check")
    assert form_fields(request)["comment_type"] == ["reply"]


def test_staff_commenter_is_sent_a_role_and_a_logged_in_reader_is_not(
    article, akismet_http, django_capture_on_commit_callbacks
):
    """Policy: user_role only for staff; 'administrator' would be guaranteed ham."""
    staff = Client()
    staff.force_login(make_user("deskhand", is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(comment_url(article), form_data())
    reader = Client()
    reader.force_login(make_user("plainreader", is_staff=False))
    with django_capture_on_commit_callbacks(execute=True):
        reader.post(comment_url(article), form_data(), REMOTE_ADDR="203.0.113.9")
    staff_request, reader_request = akismet_http.to("comment-check")
    assert form_fields(staff_request)["user_role"] == ["administrator"]
    assert "user_role" not in form_fields(reader_request)


def test_is_test_is_sent_when_configured(
    client, article, akismet_http, settings, django_capture_on_commit_callbacks
):
    settings.AKISMET_IS_TEST = True
    post(client, article, django_capture_on_commit_callbacks)
    assert form_fields(akismet_http.to("comment-check")[0])["is_test"] == ["1"]


def test_user_agent_names_newsroom_and_the_akismet_library(
    client, article, akismet_http, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks)
    user_agent = akismet_http.to("comment-check")[0].headers["User-Agent"]
    assert user_agent.startswith("Newsroom/")
    assert akismet.USER_AGENT in user_agent


def test_api_url_setting_reroutes_requests(
    client, article, akismet_http, settings, django_capture_on_commit_callbacks
):
    settings.AKISMET_API_URL = "http://127.0.0.1:8025/akismet"
    post(client, article, django_capture_on_commit_callbacks)
    urls = [str(r.url) for r in akismet_http.requests]
    assert urls == [
        "http://127.0.0.1:8025/akismet/1.1/verify-key",
        "http://127.0.0.1:8025/akismet/1.1/comment-check",
    ]
    assert akismet_http.requests[0].headers["Host"] == "127.0.0.1:8025"


def test_key_is_verified_once(client, article, akismet_http, django_capture_on_commit_callbacks):
    post(client, article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url(article), form_data(), REMOTE_ADDR="203.0.113.20")
    assert len(akismet_http.to("verify-key")) == 1
    assert len(akismet_http.to("comment-check")) == 2
    assert spam.key_status() == spam.KeyStatus.VALID


def test_recheck_sends_recheck_reason_and_the_data_as_submitted(
    client, article, akismet_http, django_capture_on_commit_callbacks
):
    from comments.tasks import check_comment

    akismet_http.responder = lambda r: (
        httpx.Response(500) if r.url.path.endswith("comment-check") else akismet_http.default(r)
    )
    comment = post(client, article, django_capture_on_commit_callbacks)
    akismet_http.responder = akismet_http.default
    article.title = "Changed later"
    article.save()
    check_comment.call(comment.pk, recheck_reason="recheck_queue")
    first, second = akismet_http.to("comment-check")
    f1, f2 = form_fields(first), form_fields(second)
    assert f2.pop("recheck_reason") == ["recheck_queue"]
    assert f1 == f2


# Protocol faults: the comment persists, pending, and is re-checked --------------------


def _timeout(request):
    raise httpx.ReadTimeout("too slow", request=request)


@pytest.mark.parametrize(
    ("responder", "note"),
    [
        (_timeout, "timed out"),
        (lambda r: httpx.Response(500, text="oops"), "error status: 500"),
        (lambda r: httpx.Response(200, text="<html>maintenance</html>"), "ProtocolError"),
        (
            lambda r: (
                httpx.Response(200, text="invalid")
                if r.url.path.endswith("comment-check")
                else httpx.Response(200, text="valid")
            ),
            "rejected the API key",
        ),
    ],
    ids=["timeout", "http-500", "garbage-body", "invalid-on-check"],
)
def test_protocol_faults_keep_the_comment_pending_for_a_recheck(
    client, article, akismet_http, responder, note, django_capture_on_commit_callbacks
):
    """Policy: Akismet being down loses nothing and publishes nothing."""

    def answer(request):
        if request.url.path.endswith("verify-key") and "invalid" not in note:
            return httpx.Response(200, text="valid")
        return responder(request)

    akismet_http.responder = answer
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_verdict == Comment.Verdict.ERROR
    assert comment.next_check_at is not None
    event = comment.events.get(kind=CommentEvent.Kind.AKISMET_ERROR)
    assert note in event.note
    assert str(event).startswith("Akismet unreachable; will retry")


def test_invalid_key_at_verification_is_remembered_for_the_banner(
    client, article, akismet_http, django_capture_on_commit_callbacks
):
    akismet_http.responder = lambda r: httpx.Response(200, text="invalid")
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.spam_verdict == Comment.Verdict.ERROR
    assert spam.key_status() == spam.KeyStatus.INVALID


@pytest.mark.akismet_client(verify_key_response=False)
def test_invalid_key_with_the_test_client(
    client, article, akismet, django_capture_on_commit_callbacks
):
    comment = post(client, article, django_capture_on_commit_callbacks)
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_verdict == Comment.Verdict.ERROR


def test_the_tls_context_is_made_once_per_process(monkeypatch):
    """Making one loads the CA bundle (about 35 ms of CPU): not once per spam check."""
    import httpx

    from comments import spam

    made = []
    real = httpx.create_ssl_context

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(httpx, "create_ssl_context", counting)
    spam._tls_context.cache_clear()
    try:
        for _ in range(3):
            spam.default_transport().close()
        assert len(made) == 1
    finally:
        spam._tls_context.cache_clear()


def test_checks_reuse_one_connection_to_akismet(db, akismet_settings, monkeypatch):
    """The httpx client is kept per process: its connection stays open between checks,
    instead of a new TCP connection and TLS handshake for every comment."""
    import threading
    from http.server import ThreadingHTTPServer

    from benchmarks.servers import LoopbackAkismet

    connections = []

    class Counting(LoopbackAkismet):
        def setup(self):
            connections.append(self.client_address)
            super().setup()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(spam, "CLIENT_CLASS", spam.akismet.SyncClient)
    akismet_settings.AKISMET_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        article = make_article()
        comments = [make_comment(article, body=f"Words {n}") for n in range(3)]
        verdicts = [spam.check(comment).verdict for comment in comments]
        assert verdicts == [Comment.Verdict.HAM] * 3  # and the key's verification before
        assert len(connections) == 1
        # Another configuration gets a client of its own.
        akismet_settings.AKISMET_TIMEOUT = akismet_settings.AKISMET_TIMEOUT + 1
        assert spam.check(comments[0]).verdict == Comment.Verdict.HAM
        assert len(connections) == 2
    finally:
        server.shutdown()
        server.server_close()
