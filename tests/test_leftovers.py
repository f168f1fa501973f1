"""Hidden files that a killed write leaves in the share are removed by a later scan, once surely abandoned."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from lectoure_media.core.library import Library
from lectoure_media.core.scan import LEFTOVER_AGE, is_leftover_name

from .media_factory import make_jpeg


def _age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))


def _leftovers(root):
    old = {
        "tmp": root / ".IMG_0001.jpg.xmp.k3j_x9q2.tmp",  # atomic sidecar write killed before its rename
        "broken": root / "IMG_0001.jpg.xmp.broken-0123456789ab.lmlock",  # stale lock killed while broken
        "deep": root / "2024" / ".marche.JPG.XMP.abcdefgh.tmp",
    }
    kept = {
        "fresh": root / ".IMG_0002.jpg.xmp.zzzzzzzz.tmp",  # may be a write in progress on another PC
        "lock": root / "IMG_0001.jpg.xmp.lmlock",  # a live PC may hold it: the lock's own stale rule decides
        "user": root / ".notes.tmp",  # not a name we write
        "other": root / ".IMG_0001.jpg.k3j_x9q2.tmp",  # not a sidecar's temp file
    }
    for path in [*old.values(), *kept.values()]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"partial")
    for key in ("tmp", "broken", "deep"):
        _age(old[key], LEFTOVER_AGE + 60)
    for key in ("lock", "user", "other"):
        _age(kept[key], LEFTOVER_AGE * 24)
    _age(kept["fresh"], LEFTOVER_AGE - 120)
    return old, kept


def test_leftover_names():
    assert is_leftover_name(".IMG_0001.JPG.xmp.a_b1c2d3.tmp")
    assert is_leftover_name("photo été.jpg.XMP.broken-0123456789ab.lmlock")
    for name in (
        ".IMG.jpg.xmp.tmp",
        ".IMG.jpg.xmp.abc.tmp",
        "IMG.jpg.xmp.lmlock",
        ".notes.tmp",
        "IMG.tmp",
        "IMG.jpg.xmp.broken-xyz.lmlock",
        ".IMG.jpg.a_b1c2d3.tmp",
    ):
        assert not is_leftover_name(name), name


def test_a_scan_removes_abandoned_temp_files_and_nothing_else(tmp_path):
    root = tmp_path / "partage"
    make_jpeg(root / "IMG_0001.jpg", size=(32, 24))
    make_jpeg(root / "2024" / "marche.JPG", size=(32, 24))
    old, kept = _leftovers(root)
    with Library(tmp_path / "data") as lib:
        summary = lib.scan(root)
        assert summary.seen == 2 and summary.errors == []
    assert [k for k, p in old.items() if p.exists()] == []
    assert [k for k, p in kept.items() if not p.exists()] == []


def test_a_read_only_scan_removes_nothing(tmp_path):
    """A process that does not own its catalog (the app or `watch` does) writes nothing to the share."""
    root = tmp_path / "partage"
    make_jpeg(root / "IMG_0001.jpg", size=(32, 24))
    make_jpeg(root / "2024" / "marche.JPG", size=(32, 24))
    old, _ = _leftovers(root)
    data = tmp_path / "data"
    with Library(data) as owner:
        owner.scan(root)  # removes the first set
        old, _ = _leftovers(root)
        out = subprocess.run(
            [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "scan", str(root)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
    assert [k for k, p in old.items() if not p.exists()] == []
