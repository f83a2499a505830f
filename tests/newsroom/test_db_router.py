"""Read replicas: anonymous reads of public pages go to a replica, everything else to the primary.

`replica1` is a test mirror of `default` (tests/conftest.py): the same
database through another connection, so the queries each connection runs
show where the router sent them. Tests that read through the mirror commit
their data (transaction=True), as a real replica only sees committed rows.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from core.cache_control import private_page, public_page
from newsroom import db_router
from tests.comments.helpers import comment_url, form_data
from tests.factories import make_article

BOTH = ["default", "replica1"]


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
    settings.REPLICA_STICKY_SECONDS = 30
    yield
    connections["replica1"].close()  # the test database can be dropped at the end


@public_page
def a_public_view(request):
    pass


@private_page
def a_private_view(request):
    pass


def _decision(request, view=a_public_view):
    return db_router.may_read_from_replica(request, view)


def _sticky_cookie_value():
    """The cookie a successful POST leaves, as the browser would send it back."""
    response = Client().get("/healthz")
    response.set_signed_cookie(
        db_router.STICKY_COOKIE, "1", salt="newsroom.db_router.sticky", max_age=30
    )
    return response.cookies[db_router.STICKY_COOKIE].value


# Each routing decision -------------------------------------------------------------


def test_an_anonymous_get_of_a_public_page_may_read_a_replica(rf, replicas):
    assert _decision(rf.get("/")) is True
    assert _decision(rf.head("/")) is True


def test_writes_go_to_the_primary(rf, replicas):
    for method in ("post", "put", "patch", "delete"):
        assert _decision(getattr(rf, method)("/")) is False, method


def test_private_pages_and_unmarked_views_read_the_primary(rf, replicas):
    """Previews, the admin, /readyz, the comment CSRF endpoint: not marked public."""
    assert _decision(rf.get("/"), a_private_view) is False
    assert _decision(rf.get("/"), lambda request: None) is False


def test_staff_with_a_session_read_the_primary(rf, replicas, settings):
    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert _decision(request) is False


def test_a_reader_who_just_posted_reads_the_primary_until_the_cookie_expires(rf, replicas):
    request = rf.get("/")
    request.COOKIES[db_router.STICKY_COOKIE] = _sticky_cookie_value()
    assert _decision(request) is False
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert _decision(request) is True


def test_a_forged_sticky_cookie_is_ignored(rf, replicas):
    request = rf.get("/")
    request.COOKIES[db_router.STICKY_COOKIE] = "1"
    assert _decision(request) is True


def test_without_replicas_everything_reads_the_primary(rf, settings):
    settings.DATABASE_REPLICAS = []
    assert _decision(rf.get("/")) is False


def test_outside_a_request_the_router_sends_reads_and_writes_to_the_primary():
    """The worker and management commands never see a replica."""
    router = db_router.PrimaryReplicaRouter()
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica1", "articles") is False


# Through the middleware, counting each connection's queries ------------------------


def _queries(client_call):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = client_call()
    return response, len(primary.captured_queries), len(replica.captured_queries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_an_anonymous_reader_reads_the_article_page_from_the_replica(replicas):
    article = make_article(title="Read me from a replica")
    response, on_primary, on_replica = _queries(lambda: Client().get(article.get_absolute_url()))
    assert response.status_code == 200
    assert b"Read me from a replica" in response.content
    assert on_primary == 0
    assert on_replica > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_front_page_and_feeds_read_the_replica(replicas):
    make_article()
    for url in ("/", "/feed/", "/sitemap.xml", "/archive/"):
        response, on_primary, on_replica = _queries(lambda u=url: Client().get(u))
        assert response.status_code == 200, url
        assert (on_primary, on_replica > 0) == (0, True), url


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_the_admin_reads_the_primary(replicas, editor_client):
    response, on_primary, on_replica = _queries(lambda: editor_client.get("/admin/"))
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_a_logged_in_editor_reads_public_pages_from_the_primary(replicas, editor_client):
    article = make_article()
    response, _, on_replica = _queries(lambda: editor_client.get(article.get_absolute_url()))
    assert response.status_code == 200
    assert on_replica == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_a_commenter_reads_the_primary_after_posting(replicas, settings):
    """The POST writes to the primary and leaves a cookie; the redirect's page reads the primary,
    so the reader sees their own pending comment even if the replica lags."""
    article = make_article()
    client = Client()
    response, on_primary, on_replica = _queries(
        lambda: client.post(comment_url(article), form_data(comment="First!"))
    )
    assert response.status_code == 302
    assert on_primary > 0
    assert on_replica == 0
    assert Comment.objects.filter(body="First!").exists()
    cookie = response.cookies[db_router.STICKY_COOKIE]
    assert cookie["max-age"] == 30
    assert cookie["httponly"]

    response, _, on_replica = _queries(lambda: client.get(response["Location"]))
    assert response.status_code == 200
    assert b"awaiting moderation" in response.content
    assert on_replica == 0

    # Later, the replicas have caught up: the reader is back on them.
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        _, _, on_replica = _queries(lambda: client.get(article.get_absolute_url()))
    assert on_replica > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_a_refused_post_does_not_pin_the_reader(replicas):
    article = make_article()
    response = Client().post(comment_url(article), form_data(comment=""))
    assert response.status_code == 400
    assert db_router.STICKY_COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_readyz_checks_every_replica(replicas, client):
    body = client.get("/readyz").json()
    assert body["checks"]["database:replica1"] == "ok"


@pytest.mark.django_db(databases=BOTH)
def test_a_session_store_is_never_read_from_a_replica(replicas, rf):
    """Sessions are read in middleware, before the view is known: always the primary."""
    store = SessionStore()
    store["x"] = 1
    store.save()
    with CaptureQueriesContext(connections["replica1"]) as replica:
        assert SessionStore(store.session_key).load() == {"x": 1}
    assert len(replica.captured_queries) == 0
