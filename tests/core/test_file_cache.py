"""The page cache's file store: Django's file cache, without compression."""

import pickle

import pytest

from core.file_cache import UncompressedFileCache


@pytest.fixture
def store(tmp_path):
    return UncompressedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})


def test_values_round_trip_and_are_stored_uncompressed(store, tmp_path):
    page = {"content": "Ünïcode page ✓".encode() * 100, "status": 200}
    store.set("page", page, 60)
    assert store.get("page") == page
    (stored,) = tmp_path.glob("*.page")
    with stored.open("rb") as f:
        pickle.load(f)  # noqa: S301 - the expiry
        assert pickle.loads(f.read()) == page  # noqa: S301 - no zlib in between


def test_expired_and_missing_keys_are_misses(store):
    store.set("gone", b"x", -1)
    assert store.get("gone") is None
    assert store.get("never", "default") == "default"


def test_touch_extends_a_live_entry_only(store):
    store.set("live", b"body", 60)
    assert store.touch("live", 600) is True
    assert store.get("live") == b"body"
    assert store.touch("missing") is False


def test_files_of_djangos_compressed_file_cache_are_not_read(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache

    FileBasedCache(str(tmp_path), {}).set("page", b"compressed", 60)
    assert UncompressedFileCache(str(tmp_path), {}).get("page") is None
