"""Whatever a reader (or a bot) sends, the comment POST answers without a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comments.models import Comment
from tests.factories import make_article

from .helpers import comment_url

FIELDS = ["comment", "name", "email", "url", "homepage", "parent", "remember"]
text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "0", "-1", "1e9", "http://", "javascript:x", "a@b", "\x00", "99" * 20]),
)


@pytest.fixture
def article(db, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    return make_article()


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(st.sampled_from(FIELDS), text),
    addr=st.sampled_from(["203.0.113.1", "::1", "not-an-ip", ""]),
)
# Found by this test: str.isdigit() accepted "²", then int() refused it (a 500).
@example(data={"comment": "Hi.", "name": "A", "email": "a@example.com", "parent": "²"}, addr="")
@example(data={"parent": "99" * 20}, addr="203.0.113.1")
def test_no_input_is_a_500(article, data, addr):
    client = Client(raise_request_exception=False)
    response = client.post(comment_url(article), data, REMOTE_ADDR=addr)
    assert response.status_code in (302, 400, 403, 429), response.status_code


@pytest.mark.parametrize("parent", ["²", "١", "-1", "0", "1.5", "9" * 30, " 7x"])
def test_a_parent_that_is_not_a_reply_target_is_a_400(article, parent):
    """The parent is validated by the form's integer field; nothing is saved."""
    client = Client(raise_request_exception=False)
    data = {"comment": "Hi.", "name": "A", "email": "a@example.com", "parent": parent}
    response = client.post(comment_url(article), data)
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_REFERER"])
def test_null_byte_in_a_request_header_is_not_a_500(article, header):
    """PostgreSQL refuses NUL in text; what Akismet is told must still be storable."""
    client = Client(raise_request_exception=False)
    data = {"comment": "Fine words.", "name": "Ann", "email": "ann@example.com"}
    response = client.post(comment_url(article), data, **{header: "Mozilla\x00/5.0"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert "\x00" not in comment.user_agent + comment.referrer
    assert comment.body == "Fine words."
