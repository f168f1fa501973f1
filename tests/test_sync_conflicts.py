"""Conflict copies made by sync services (OneDrive, Dropbox, Nextcloud, Syncthing) of a sidecar: merged back
into the original (tags unioned, later scalar wins), never indexed, never lost (issue 10, item 7)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lectoure_media.core.library import Library
from lectoure_media.core.sidecar import read_sidecar, update_sidecar
from lectoure_media.core.team.conflicts import sidecar_conflict_candidates, sidecar_conflict_original
from tests.media_factory import make_jpeg
from tests.polling import wait_until

ROOT_DIR = Path(__file__).resolve().parents[1]
COPIES = [
    "IMG_0001 (conflicted copy 2024-05-01).JPG.xmp",
    "IMG_0001 (PC2's conflicted copy 2024-05-01).JPG.xmp",
    "IMG_0001 (copie en conflit de PC2 2024-05-01).JPG.xmp",
    "IMG_0001.JPG-PC2.xmp",
    "IMG_0001-PC2.JPG.xmp",
    "IMG_0001-DESKTOP-AB12CD.JPG.xmp",
    "IMG_0001.JPG.sync-conflict-20240501-101010-ABCDEF.xmp",
]


@pytest.mark.parametrize("name", COPIES)
def test_the_names_of_conflict_copies_point_to_the_original(name):
    assert "IMG_0001.JPG.xmp" in sidecar_conflict_candidates(name)
    assert sidecar_conflict_original(name, exists=lambda c: c == "IMG_0001.JPG.xmp") == "IMG_0001.JPG.xmp"


def test_plain_names_are_not_conflict_copies():
    for name in ("IMG_0001.JPG.xmp", "IMG_0001.xmp", "photo.jpg", "Fête (copie).jpg.xmp"):
        assert sidecar_conflict_candidates(name) == []
    # "-2024" could be a PC name: only a folder holding the original makes it a copy.
    assert sidecar_conflict_original("Fete-2024.jpg.xmp") is None
    assert sidecar_conflict_original("Fete-2024.jpg.xmp", exists=lambda c: False) is None


def _conflict_copy(share: Path, name: str, tmp: Path, *, keyword: str, focal: str, newer: bool = True) -> Path:
    """What the other PC wrote: a sidecar of the same photo with other tags, saved by the sync service
    under a conflict name."""
    other = tmp / "other-pc"
    other.mkdir(exist_ok=True)
    media = other / "IMG_0001.JPG"
    shutil.copy(share / "IMG_0001.JPG", media)
    update_sidecar(
        str(media), add={"keywords": [keyword], "business": ["Boulangerie Dupont"]}, own={"focalPoint": focal}
    )
    copy = share / name
    shutil.move(str(media) + ".xmp", copy)
    original = share / "IMG_0001.JPG.xmp"
    base = original.stat().st_mtime if original.exists() else time.time()
    stamp = base + (60 if newer else -60)
    os.utime(copy, (stamp, stamp))
    return copy


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize("name", COPIES)
def test_a_scan_merges_the_copy_into_the_original_and_never_indexes_it(tmp_path, name):
    share = tmp_path / "Partage"
    share.mkdir()
    make_jpeg(share / "IMG_0001.JPG", size=(80, 60))
    update_sidecar(str(share / "IMG_0001.JPG"), add={"keywords": ["marché"]}, own={"focalPoint": "0.9,0.9"})
    copy = _conflict_copy(share, name, tmp_path, keyword="fête", focal="0.2,0.3")
    data = tmp_path / "pc"
    scan = cli(data, "scan", str(share), "--json")
    assert scan.returncode == 0, scan.stderr
    assert json.loads(scan.stdout)["errors"] == []
    assert not copy.exists()
    items = [json.loads(line) for line in cli(data, "list", str(share), "--json").stdout.splitlines()]
    assert [i["relpath"] for i in items] == ["IMG_0001.JPG"]  # one asset: the copy is not media
    assert sorted(items[0]["tags"]["keywords"]) == ["fête", "marché"]  # the union
    assert items[0]["tags"]["business"] == ["Boulangerie Dupont"]
    assert read_sidecar(str(share / "IMG_0001.JPG")).own["focalPoint"] == "0.2,0.3"  # the later one wins


def test_an_older_copy_gives_its_tags_but_not_its_scalars(tmp_path):
    share = tmp_path / "Partage"
    share.mkdir()
    make_jpeg(share / "IMG_0001.JPG", size=(80, 60))
    update_sidecar(str(share / "IMG_0001.JPG"), add={"keywords": ["marché"]}, own={"focalPoint": "0.9,0.9"})
    _conflict_copy(share, COPIES[-1], tmp_path, keyword="fête", focal="0.2,0.3", newer=False)
    with Library(tmp_path / "pc", probe_workers=1) as lib:
        lib.scan(share)
        asset = lib.get_by_path(str(share / "IMG_0001.JPG"))
        assert sorted(asset["tags"]["keywords"]) == ["fête", "marché"]
        assert asset["focal"] == (0.9, 0.9)


def test_a_copy_that_cannot_be_merged_stays_and_is_reported(tmp_path):
    share = tmp_path / "Partage"
    share.mkdir()
    make_jpeg(share / "IMG_0001.JPG", size=(80, 60))
    update_sidecar(str(share / "IMG_0001.JPG"), add={"keywords": ["marché"]})
    copy = share / COPIES[0]
    copy.write_bytes(b"<x:xmpmeta><broken")
    scan = cli(tmp_path / "pc", "scan", str(share), "--json")
    assert scan.returncode == 0, scan.stderr
    (error,) = json.loads(scan.stdout)["errors"]
    assert error["path"] == str(copy) and "gardée" in error["reason"]
    assert copy.read_bytes() == b"<x:xmpmeta><broken"  # never lost
    assert read_sidecar(str(share / "IMG_0001.JPG")).tags["keywords"] == ["marché"]


def test_a_media_conflict_copy_is_indexed_with_its_own_sidecar(tmp_path):
    share = tmp_path / "Partage"
    share.mkdir()
    make_jpeg(share / "IMG_0001.JPG", size=(80, 60))
    make_jpeg(share / "IMG_0001 (conflicted copy).JPG", size=(80, 60), color=(0, 0, 200))
    update_sidecar(str(share / "IMG_0001.JPG"), add={"keywords": ["marché"]})
    update_sidecar(str(share / "IMG_0001 (conflicted copy).JPG"), add={"keywords": ["fête"]})
    with Library(tmp_path / "pc", probe_workers=1) as lib:
        lib.scan(share)
        tags = {os.path.basename(a["path"]): a["tags"]["keywords"] for a in lib.query()}
    assert tags == {"IMG_0001.JPG": ["marché"], "IMG_0001 (conflicted copy).JPG": ["fête"]}
    assert (share / "IMG_0001 (conflicted copy).JPG.xmp").exists()


@pytest.mark.parametrize("mode", ["native", "polling"])
def test_the_watcher_merges_a_copy_that_arrives(tmp_path, mode):
    share = tmp_path / "Partage"
    share.mkdir()
    make_jpeg(share / "IMG_0001.JPG", size=(80, 60))
    with Library(tmp_path / "pc", probe_workers=1) as lib:
        lib.scan(share)
        lib.tag([str(share / "IMG_0001.JPG")], add={"keywords": ["marché"]})
        lib.wait_sidecars()
        watch = lib.watch(share, mode=mode, poll_interval=0.5)
        try:
            wait_until(lambda: watch.status.state in ("watching", "polling"), timeout=10)
            staging = tmp_path / "staging"
            staging.mkdir()
            copy = _conflict_copy(share, COPIES[3], staging, keyword="fête", focal="0.5,0.5")
            path = str(share / "IMG_0001.JPG")
            assert wait_until(lambda: "fête" in lib.get_by_path(path)["tags"]["keywords"], timeout=10)
            assert not copy.exists() and len(lib.query()) == 1
            assert sorted(read_sidecar(path).tags["keywords"]) == ["fête", "marché"]
        finally:
            watch.stop()
