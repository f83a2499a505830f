"""The admin's "Import from WordPress" page: editors upload, the task runs, the page shows
the summary; nobody else may import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.wxr_files import comment, item, wxr
from wordpress.models import ImportRun

pytestmark = pytest.mark.django_db
ADD = reverse("admin:wordpress_importrun_add")


def upload(client, content: bytes, capture, **fields):
    data = {"file": SimpleUploadedFile("export.xml", content, "text/xml"), **fields}
    with capture(execute=True):
        return client.post(ADD, data)


def good_export() -> bytes:
    return wxr(
        items=[item(1, "Imported story", comments=[comment(1), comment(2, approved="0")])]
    ).encode()


def test_editor_uploads_and_sees_the_summary(
    editor_client, django_capture_on_commit_callbacks, settings
):
    response = upload(editor_client, good_export(), django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:wordpress_importrun_change", args=[run.pk])
    assert run.state == ImportRun.State.DONE
    assert Article.objects.get().title == "Imported story"
    assert Comment.objects.count() == 2
    assert not run.file  # the uploaded export (emails, IPs) is not kept
    assert not any((settings.WXR_UPLOAD_ROOT).rglob("*.xml"))
    page = editor_client.get(response["Location"]).text
    assert "Finished" in page
    assert '<th scope="row">Articles</th><td>created 1</td>' in page
    assert '<th scope="row">Comments by status</th><td>approved 1, pending 1</td>' in page
    assert 'http-equiv="refresh"' not in page


def test_dry_run_from_the_admin(editor_client, django_capture_on_commit_callbacks):
    upload(editor_client, good_export(), django_capture_on_commit_callbacks, dry_run="on")
    assert Article.objects.count() == 0
    page = editor_client.get(
        reverse("admin:wordpress_importrun_change", args=[ImportRun.objects.get().pk])
    ).text
    assert "nothing was written" in page


def test_bad_file_fails_and_writes_nothing(editor_client, django_capture_on_commit_callbacks):
    response = upload(editor_client, b"<rss><channel>", django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED
    assert run.error.startswith("The file ends too early (truncated?)")
    assert Article.objects.count() == 0
    page = editor_client.get(response["Location"]).text
    assert "Failed: nothing was imported" in page
    assert "The file ends too early" in page


def test_file_over_the_limit_is_refused_with_a_message(
    editor_client, settings, django_capture_on_commit_callbacks
):
    settings.WXR_MAX_UPLOAD_MB = 0
    response = upload(editor_client, good_export(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "the limit is 0 MB" in response.text
    assert ImportRun.objects.count() == 0


def test_running_import_shows_progress_and_refreshes(editor_client, editor):
    run = ImportRun.objects.create(
        original_name="big.xml", state=ImportRun.State.RUNNING, created_by=editor
    )
    from django.core.cache import cache

    from wordpress.tasks import progress_key

    cache.set(progress_key(run.pk), (250, 1000))
    page = editor_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert '<progress max="1000" value="250">25%</progress>' in page
    assert 'http-equiv="refresh"' in page


def test_upload_page_lists_the_limit(editor_client):
    page = editor_client.get(ADD).text
    assert "Import from WordPress" in page
    assert "Up to 512 MB" in page


@pytest.mark.parametrize("who", ["journalist_client", "moderator_client"])
def test_only_editors_may_import(request, who, editor):
    client = request.getfixturevalue(who)
    run = ImportRun.objects.create(original_name="x.xml", created_by=editor)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"file": SimpleUploadedFile("e.xml", good_export())}).status_code == 403
    assert client.get(reverse("admin:wordpress_importrun_changelist")).status_code == 403
    assert client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).status_code == 403
    assert ImportRun.objects.count() == 1
    assert Article.objects.count() == 0


def test_superuser_may_import(client, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))
    upload(client, good_export(), django_capture_on_commit_callbacks)
    assert ImportRun.objects.get().state == ImportRun.State.DONE


def test_upload_needs_csrf(csrf_client, editor):
    csrf_client.force_login(editor)
    response = csrf_client.post(ADD, {"file": SimpleUploadedFile("e.xml", good_export())})
    assert response.status_code == 403
