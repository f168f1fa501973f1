"""Two PCs (two data dirs, real processes) working on one shared folder at the same moment: no tag is lost,
no removal comes back, and both catalogs say the same after a rescan (issue 8, items 1 and 2)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock

from lectoure_media.core.sharelock import LOCK_SUFFIX
from lectoure_media.core.sidecar import read_sidecar, sidecar_path_for
from tests.media_factory import make_jpeg

PHOTOS = 400
# Per round, the commands each PC runs one after the other (both PCs at the same time): ("+", tag) adds the
# keyword to every photo, ("-", tag) removes it. Removals hit tags added by the same PC and by the other.
ROUNDS = [
    {"A": ("+", "pcA-0"), "B": ("+", "pcB-0")},
    {"A": ("+", "pcA-1"), "B": ("+", "pcB-1")},
    {"A": ("+", "pcA-2"), "B": ("+", "pcB-2")},
    {"A": ("-", "pcB-1"), "B": ("-", "pcA-0")},
    {"A": ("+", "pcA-4"), "B": ("+", "pcB-4")},
    {"A": ("-", "pcA-2"), "B": ("+", "pcB-5")},
]
EXPECTED = sorted(["pcA-1", "pcA-4", "pcB-0", "pcB-2", "pcB-4", "pcB-5"])


@pytest.fixture
def fast_dir(tmp_path: Path):
    """A folder in RAM when the system has one (/dev/shm): each sidecar write fsyncs, and 4,800 fsyncs on a
    busy disk would make this test measure the disk instead of two PCs racing."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="lectoure-two-pcs-", dir="/dev/shm"))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


def cli(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr}"
    return proc


def tags_by_photo(data_dir: Path) -> dict[str, list[str]]:
    out = ok(cli(data_dir, "list", "--json")).stdout
    items = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {item["relpath"]: sorted(item["tags"]["keywords"]) for item in items}


def in_parallel(jobs: dict[str, list[list[str]]], pcs: dict[str, Path]) -> dict[str, list]:
    """Run each PC's commands in order, the PCs at the same time; every result, per PC."""
    results: dict[str, list] = {pc: [] for pc in jobs}

    def run(pc: str) -> None:
        for args in jobs[pc]:
            results[pc].append(cli(pcs[pc], *args))

    threads = [threading.Thread(target=run, args=(pc,)) for pc in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
        assert not t.is_alive()
    return results


@pytest.mark.slow  # about 7 s on an idle machine, 45 s with the 2 cores shared by 8 test runs
def test_two_pcs_tagging_the_same_photos_at_once_lose_nothing(fast_dir: Path) -> None:
    """2 PCs x 400 photos x 6 rounds, each round both PCs at once; removals of the PC's own tags and of
    the other's."""
    tmp_path = fast_dir
    share = tmp_path / "partage"
    photos = [make_jpeg(share / f"IMG_{i:04d}.jpg", size=(16, 12)) for i in range(PHOTOS)]
    files = [str(p) for p in photos]
    pcs = {"A": tmp_path / "pcA", "B": tmp_path / "pcB"}
    for result in in_parallel({pc: [["scan", str(share)]] for pc in pcs}, pcs).values():
        ok(result[0])

    # Each PC goes through the photos in its own order: two sweeps in the same order drift apart after their
    # first collision and would never meet again; in independent orders they keep meeting.
    shuffle = random.Random(8).shuffle
    for n, round_ in enumerate(ROUNDS):
        jobs = {}
        for pc, (op, tag) in round_.items():
            order = list(files)
            shuffle(order)
            jobs[pc] = [["tag", *order, "--keyword", tag] + (["--remove"] if op == "-" else [])]
        for pc, results in in_parallel(jobs, pcs).items():
            for result in results:
                assert result.returncode == 0, f"round {n}, PC {pc}: {result.stderr}"

    # The shared folder holds every addition and no removed tag, in whole XML files, and no lock file.
    lost = {}
    for path in files:
        ET.parse(sidecar_path_for(path))  # whole XML: raises on a torn file
        data = read_sidecar(path)
        assert data.error is None
        if sorted(data.tags["keywords"]) != EXPECTED:
            lost[os.path.basename(path)] = sorted(data.tags["keywords"])
    assert not lost, f"{len(lost)} sidecars differ, e.g. {next(iter(lost.items()))}"
    assert not [n for n in os.listdir(share) if n.endswith(LOCK_SUFFIX)]

    # After a rescan, both PCs' catalogs say what the folder says.
    for result in in_parallel({pc: [["scan", str(share)]] for pc in pcs}, pcs).values():
        ok(result[0])
    seen = {pc: tags_by_photo(data_dir) for pc, data_dir in pcs.items()}
    assert seen["A"] == seen["B"]
    wrong = {name: tags for name, tags in seen["A"].items() if tags != EXPECTED}
    assert len(seen["A"]) == PHOTOS and not wrong, f"{len(wrong)} records differ, e.g. {next(iter(wrong.items()))}"


def _writable(folder: Path) -> bool:
    probe = folder / ".sonde"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink()
    return True


@contextmanager
def read_only_share(folder: Path):
    """The shared folder turned read-only. As root the permission bits do not stop a write: the immutable
    flag does (a test that cannot make the fault fails rather than skip)."""
    mode = folder.stat().st_mode
    os.chmod(folder, 0o555)
    immutable = False
    try:
        if _writable(folder) and shutil.which("chattr"):
            immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        if _writable(folder):
            pytest.fail("no way to make a folder read-only on this system (chmod and chattr +i both ineffective)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        os.chmod(folder, mode)


def keywords(photo: Path) -> list[str]:
    data = read_sidecar(str(photo))
    assert data.error is None
    return sorted(data.tags["keywords"])


def test_a_read_only_open_never_brings_back_a_tag_removed_elsewhere(tmp_path: Path) -> None:
    share = tmp_path / "partage"
    photo = make_jpeg(share / "IMG_0001.jpg", size=(16, 12))
    side = Path(sidecar_path_for(str(photo)))
    a, b = tmp_path / "pcA", tmp_path / "pcB"
    ok(cli(a, "scan", str(share)))
    ok(cli(b, "scan", str(share)))

    # PC A tags while the share is read-only: told so (exit 1), the edit stays pending in A's catalog.
    with read_only_share(share):
        failed = cli(a, "tag", str(photo), "--keyword", "fête")
    assert failed.returncode == 1 and "Impossible d'écrire le fichier XMP" in failed.stderr, failed.stderr
    assert "Traceback" not in failed.stderr and not side.exists()

    # The app (or watch) owns A's catalog: every other process on A opens it read-only.
    with FileLock(str(a / "writer.lock")):
        ok(cli(a, "list"))
        assert not side.exists()  # a read-only open writes nothing, not even the owner's pending edit
        # A read-only `tag` writes its own edit, and only it...
        ok(cli(a, "tag", str(photo), "--keyword", "marché"))
        assert keywords(photo) == ["marché"]
        # ...and a failure to write it is an error (exit 1, one French sentence), not a silent success.
        with read_only_share(share):
            failed = cli(a, "tag", str(photo), "--keyword", "perdu")
        assert failed.returncode == 1 and "Impossible d'écrire le fichier XMP" in failed.stderr, failed.stderr
        assert "Traceback" not in failed.stderr and keywords(photo) == ["marché"]

    # The owner writes the pending edit once, and clears it.
    ok(cli(a, "scan", str(share)))
    assert keywords(photo) == ["fête", "marché"]

    # PC B removes it; nothing on A brings it back, read-only or not.
    ok(cli(b, "tag", str(photo), "--keyword", "fête", "--remove"))
    assert keywords(photo) == ["marché"]
    written = side.read_bytes()
    with FileLock(str(a / "writer.lock")):
        ok(cli(a, "list"))
    assert side.read_bytes() == written
    ok(cli(a, "scan", str(share)))
    ok(cli(b, "scan", str(share)))
    assert keywords(photo) == ["marché"]
    assert tags_by_photo(a) == tags_by_photo(b) == {"IMG_0001.jpg": ["marché"]}


def test_the_catalog_records_the_sidecar_it_wrote_not_the_next_pc_version(lib, library_root, monkeypatch):
    """Another PC replaces the sidecar right after our write (it was waiting for our lock): the signature we
    record must be that of our file, so that the next rescan sees a change and reads the other PC's tags."""
    from lectoure_media.core import sidecar

    photo = make_jpeg(library_root / "IMG_0001.jpg", size=(16, 12))
    lib.scan(library_root)
    real_write = sidecar.atomic_write_bytes
    others = []

    def then_the_other_pc_writes(path, data, **kwargs):
        written = real_write(path, data, **kwargs)
        if not others:
            root, declared = sidecar._parse(data, "x.xmp")
            old = sidecar._interpret(root)
            new, renamed = sidecar._apply(
                old, add={"keywords": ["autre PC"]}, remove={}, categories={}, rename=[], own={}
            )
            sidecar._render(root, old, new, renamed)
            others.append(real_write(path, sidecar._serialize(root, declared)))
        return written

    monkeypatch.setattr(sidecar, "atomic_write_bytes", then_the_other_pc_writes)
    lib.tag([str(photo)], add={"keywords": ["ici"]})
    assert lib.wait_sidecars() and not lib.sidecar_errors and others
    assert keywords(photo) == ["autre PC", "ici"]
    lib.scan(library_root)
    assert sorted(lib.get_by_path(str(photo))["tags"]["keywords"]) == ["autre PC", "ici"]


@pytest.mark.slow
def test_two_pcs_tagging_one_photo_20_times_at_once_keep_all_40_tags(fast_dir: Path) -> None:
    """The reported case: both PCs tag the same photo at the same moment, 20 times (34 of 40 tags were kept).
    Each round also starts with a photo that has no sidecar yet (there was no check at all in that case)."""
    share = fast_dir / "partage"
    photo = make_jpeg(share / "IMG_0000.jpg", size=(16, 12))
    fresh = [make_jpeg(share / f"IMG_{i + 1:04d}.jpg", size=(16, 12)) for i in range(20)]
    pcs = {"A": fast_dir / "pcA", "B": fast_dir / "pcB"}
    for result in in_parallel({pc: [["scan", str(share)]] for pc in pcs}, pcs).values():
        ok(result[0])
    for i in range(20):
        results = in_parallel({pc: [["tag", str(fresh[i]), str(photo), "--keyword", f"pc{pc}-{i}"]] for pc in pcs}, pcs)
        for pc, (result,) in results.items():
            assert result.returncode == 0, f"round {i}, PC {pc}: {result.stderr}"
    assert [keywords(p) for p in fresh] == [[f"pcA-{i}", f"pcB-{i}"] for i in range(20)]
    assert keywords(photo) == sorted(f"pc{pc}-{i}" for pc in pcs for i in range(20))
