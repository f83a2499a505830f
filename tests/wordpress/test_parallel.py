"""Large exports convert their bodies in worker processes: the result is the same."""

import pytest

from articles.models import Article
from articles.wxr import ContentConverter, Index, Site
from articles.wxr import content as wxr_module  # where POOL_CHUNK and the pool live
from tests.wxr_files import BASE, item, run_import, wxr

pytestmark = pytest.mark.django_db


def contents():
    return {
        n: f'Paragraph {n}\nline\n\n[caption caption="Cap {n}"]<img src="{BASE}/x{n}.jpg">'
        f"[/caption]\n\n[box]kept {n}[/box] 🎉"
        for n in range(1, 9)
    }


def test_worker_processes_give_the_same_bodies_and_counts(tmp_path, settings, monkeypatch):
    settings.WXR_PARALLEL_MIN_ITEMS = 1
    settings.WXR_WORKERS = 2
    monkeypatch.setattr(wxr_module, "POOL_CHUNK", 1)
    used = []
    original_map = wxr_module.ProcessPoolExecutor.map

    def spy(self, *args, **kwargs):
        used.append(True)
        return original_map(self, *args, **kwargs)

    monkeypatch.setattr(wxr_module.ProcessPoolExecutor, "map", spy)
    summary = run_import(tmp_path, wxr(items=[item(n, f"Story {n}", content=c)
                                               for n, c in contents().items()]))  # fmt: skip
    assert used, "the bodies were not converted in worker processes"
    serial = ContentConverter(Index(site=Site(base_site_url=BASE, version="1.2")), uploads_dir=None)
    for n, content in contents().items():
        assert Article.objects.get(title=f"Story {n}").body == serial.convert(content)[0]
    assert summary.shortcodes == {"caption": 8, "box": 8}
    assert len(summary.images_remote) == 8


def test_batches_converted_ahead_of_the_writing_keep_file_order(tmp_path, settings, monkeypatch):
    """A batch's bodies are converted while the batch before it is written: every body
    still lands on its own article, and the summary counts each once."""
    settings.WXR_PARALLEL_MIN_ITEMS = 1
    settings.WXR_WORKERS = 2
    monkeypatch.setattr(wxr_module, "POOL_CHUNK", 1)
    monkeypatch.setattr("articles.wxr.importer.BATCH_SIZE", 3)
    items = [item(n, f"Story {n}", content=c) for n, c in contents().items()]
    summary = run_import(tmp_path, wxr(items=items))
    serial = ContentConverter(Index(site=Site(base_site_url=BASE, version="1.2")), uploads_dir=None)
    for n, content in contents().items():
        assert Article.objects.get(title=f"Story {n}").body == serial.convert(content)[0]
    assert summary.articles == {"created": 8}
    assert summary.shortcodes == {"caption": 8, "box": 8}
    again = run_import(tmp_path, wxr(items=items))
    assert again.articles == {"unchanged": 8}
    assert again.shortcodes == {}
