"""The thumbnail cache: layout, atomic writes, least-recently-used pruning under a byte cap."""

from __future__ import annotations

import os
import time

import pytest
from PIL import Image

from lectoure_media.core.media.thumbs import LOW_WATER, STALE_TEMP_SECONDS, THUMB_SIZE, ThumbCache
from tests.media_factory import marker_image

pytestmark = pytest.mark.timeout(60)


def noisy(seed: int, size=(200, 150)) -> Image.Image:
    return marker_image(size, texture=True, seed=seed)


def cache_bytes(cache: ThumbCache) -> int:
    return sum(p.stat().st_size for p in cache.directory.rglob("*.jpg"))


def test_layout_is_sharded_by_hash(tmp_path):
    cache = ThumbCache(tmp_path / "t")
    a = cache.path_for("1a2b-abcdef0123")
    b = cache.path_for("1a2c-0123abcdef")
    assert a.name == "1a2b-abcdef0123.jpg"
    assert a.parent.parent == cache.directory
    assert len(a.parent.name) == 2 and int(a.parent.name, 16) >= 0
    # fingerprints start with the size: keys with the same size prefix must not all share one folder
    shards = {cache.path_for(f"1a2b-{i:032x}").parent.name for i in range(200)}
    assert len(shards) > 100
    assert a == cache.path_for("1a2b-abcdef0123")  # stable
    assert b != a


@pytest.mark.parametrize("key", ["", "../evil", "a/b", "a\\b", "x" * 129, "clé", "a.jpg"])
def test_keys_cannot_escape_the_cache(tmp_path, key):
    with pytest.raises(ValueError):
        ThumbCache(tmp_path / "t").path_for(key)


def test_store_get_has(tmp_path):
    cache = ThumbCache(tmp_path / "t")
    assert not cache.has("k1") and cache.get("k1") is None
    path = cache.store_image("k1", noisy(1, (1000, 500)))
    assert cache.has("k1")
    assert cache.get("k1") == path
    with Image.open(path) as im:
        assert im.format == "JPEG"
        assert im.size == (THUMB_SIZE, 160)  # an oversized image is still reduced
    # no temp file left behind by the atomic write
    assert [p.name for p in path.parent.iterdir()] == ["k1.jpg"]


def test_store_converts_modes(tmp_path):
    cache = ThumbCache(tmp_path / "t")
    rgba = Image.new("RGBA", (40, 30), (10, 200, 10, 255))
    with Image.open(cache.store_image("rgba", rgba)) as im:
        assert im.mode == "RGB"
        assert abs(im.getpixel((20, 15))[1] - 200) < 20
    with Image.open(cache.store_image("grey", Image.new("L", (40, 30), 77))) as im:
        assert im.mode == "L"


def test_store_replaces_existing(tmp_path):
    cache = ThumbCache(tmp_path / "t")
    cache.store_image("k", Image.new("RGB", (20, 20), (255, 0, 0)))
    cache.store_image("k", Image.new("RGB", (20, 20), (0, 0, 255)))
    with Image.open(cache.get("k")) as im:
        r, g, b = im.getpixel((10, 10))
    assert b > 200 and r < 50


def test_get_marks_recently_used(tmp_path):
    cache = ThumbCache(tmp_path / "t")
    path = cache.store_image("k", noisy(2))
    old = time.time() - 30 * 86400
    os.utime(path, (old, old))
    assert cache.get("k") == path
    assert path.stat().st_mtime > old + 29 * 86400


def test_prune_evicts_least_recently_used_to_under_the_cap(tmp_path):
    cache = ThumbCache(tmp_path / "t", max_bytes=10**9)
    keys = [f"k{i:02d}" for i in range(20)]
    now = time.time()
    for i, key in enumerate(keys):
        path = cache.store_image(key, noisy(i))
        t = now - 10_000 + i * 100  # k00 oldest … k19 newest
        os.utime(path, (t, t))
    total = cache_bytes(cache)
    assert cache.prune() == 0  # under the cap: nothing goes

    # k03 is used now, so it must survive although it was among the oldest
    cache.get("k03")
    cache.max_bytes = total // 2
    removed = cache.prune()
    assert removed > 0
    assert cache_bytes(cache) <= cache.max_bytes * LOW_WATER
    kept = {k for k in keys if cache.has(k)}
    gone = set(keys) - kept
    assert "k03" in kept and "k19" in kept and "k00" in gone
    # everything evicted is older than everything kept (k03 aside, it was touched)
    newest_gone = max(int(k[1:]) for k in gone)
    assert all(int(k[1:]) > newest_gone for k in kept - {"k03"})


def test_prune_removes_abandoned_temp_files_only(tmp_path):
    cache = ThumbCache(tmp_path / "t")
    shard = cache.path_for("k").parent
    shard.mkdir(parents=True)
    stale = shard / ".k.jpg.abc.tmp"
    fresh = shard / ".k.jpg.def.tmp"
    stale.write_bytes(b"x" * 100)
    fresh.write_bytes(b"x" * 100)
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    cache.prune()
    assert not stale.exists()
    assert fresh.exists()  # may belong to a worker writing right now


def test_prune_if_needed_counts_files_written_by_workers(tmp_path):
    parent = ThumbCache(tmp_path / "t", max_bytes=10**9)
    worker = ThumbCache(tmp_path / "t", max_bytes=10**9)  # another process writing the same folder
    for i in range(10):
        worker.store_image(f"a{i}", noisy(i))
    assert parent.prune_if_needed(0) == 0  # first call scans: 10 files, under the cap
    per_file = cache_bytes(parent) / 10
    for i in range(30):
        worker.store_image(f"b{i}", noisy(100 + i))
    parent.max_bytes = int(per_file * 20)
    # the parent only hears "30 new thumbnails"; its estimate (10 + 30 files) exceeds the cap: it prunes
    assert parent.prune_if_needed(30) > 0
    assert cache_bytes(parent) <= parent.max_bytes


def test_prune_if_needed_skips_the_scan_while_the_estimate_is_under_the_cap(tmp_path):
    parent = ThumbCache(tmp_path / "t", max_bytes=10**9)
    worker = ThumbCache(tmp_path / "t", max_bytes=10**9)
    worker.store_image("a", noisy(1))
    parent.prune()  # estimate: one small file
    worker.store_bytes("big", os.urandom(400_000))  # unknown to the parent
    parent.max_bytes = 300_000
    # a scan would evict (the real total is over the cap); the estimate says no scan is needed
    assert parent.prune_if_needed(0) == 0
    assert worker.has("big")
    # an explicit prune does scan
    assert parent.prune() > 0
    assert cache_bytes(parent) <= parent.max_bytes
