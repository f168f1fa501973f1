"""Catalog recovery with really damaged files, a really killed writer process, and a failing disk."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lectoure_media.core import fsutil
from lectoure_media.core.catalog import CatalogError, Store
from tests.polling import wait_until

pytestmark = pytest.mark.timeout(120)
ROOT = Path(__file__).resolve().parents[1]

RESTORED = "il a été restauré depuis la sauvegarde du "
REBUILT = "aucune sauvegarde utilisable : il sera reconstruit depuis le dossier et les fichiers XMP."


def asset(i: int, version: int) -> dict:
    return {
        "path": f"//mairie/com/Photos/Marché d'été/IMG_{i:04d}.JPG",
        "v": version,
        "tags": {
            "business": ["Pâtisserie Gasconne"],
            "heritage": ["Fontaine de Diane"],
            "campaign": ["Villes et Villages Fleuris"],
            "keywords": [],
        },
    }


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def corrupt_files(folder: Path, stem: str = "catalog.json") -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(f"{stem}.corrupt-"))


class Catalog:
    """A catalog saved twice: the main file holds version 2 of the documents, the .bak version 1."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "catalog.json"
        self.backup = folder / "catalog.json.bak"
        s = Store(self.path, flush_delay=30)
        self.v1 = {i: asset(i, 1) for i in range(1, 41)}
        s.put_many("assets", self.v1)
        s.flush()
        self.v2 = {i: asset(i, 2) for i in range(1, 61)}
        s.put_many("assets", self.v2)
        s.close()
        self.good = self.path.read_bytes()
        assert orjson.loads(self.backup.read_bytes())["assets"]["40"]["v"] == 1


@pytest.fixture
def cat(tmp_path) -> Catalog:
    return Catalog(tmp_path)


def _truncate(at: Callable[[bytes], int]) -> Callable[[bytes], bytes]:
    return lambda good: good[: at(good)]


def _cut_inside_accent(good: bytes) -> bytes:
    # Cut between the two bytes of "é": the tail is not even valid UTF-8.
    return good[: good.index("é".encode()) + 1]


DAMAGES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated-1-byte": (_truncate(lambda g: 1), "fichier tronqué"),
    "truncated-early": (_truncate(lambda g: 37), "fichier tronqué"),
    "truncated-middle": (_truncate(lambda g: len(g) // 2), "fichier tronqué"),
    "truncated-last-byte": (_truncate(lambda g: len(g) - 1), "fichier tronqué"),
    "truncated-in-utf8-char": (_cut_inside_accent, "fichier tronqué"),
    "zero-filled-tail": (lambda g: g[: len(g) // 3] + b"\x00" * (len(g) - len(g) // 3), "fichier tronqué"),
    "empty": (lambda g: b"", "fichier vide"),
    "nul-filled": (lambda g: b"\x00" * len(g), "fichier rempli de zéros"),
    "random-bytes": (lambda g: random.Random(7).randbytes(len(g)), "contenu illisible"),
    "json-list": (lambda g: b"[1, 2, 3]", "structure inattendue"),
    "json-table-not-dict": (lambda g: b'{"assets": [{"path": "a.jpg"}]}', "structure inattendue"),
    "json-doc-not-dict": (lambda g: b'{"assets": {"1": "a.jpg"}}', "structure inattendue"),
    "json-bad-doc-id": (lambda g: b'{"assets": {"un": {"path": "a.jpg"}}}', "structure inattendue"),
    "json-bad-schema": (lambda g: b'{"_meta": {"1": {"schema": "deux"}}}', "numéro de version invalide"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_main_file_is_set_aside_and_restored_from_backup(cat, damage):
    make, reason = DAMAGES[damage]
    damaged = make(cat.good)
    assert damaged != cat.good
    cat.path.write_bytes(damaged)
    backup_bytes = cat.backup.read_bytes()

    s = Store(cat.path, flush_delay=30)
    try:
        assert s.recovered_from_backup and not s.rebuilt
        assert s.recovery is not None
        assert s.recovery.startswith(f"Le catalogue était endommagé ({reason}) ; {RESTORED}")
        assert s.recovery.endswith(".")
        assert dict(s.items("assets")) == cat.v1
        # The damaged file is kept, byte for byte, for diagnosis; the backup is untouched.
        [aside] = corrupt_files(cat.path.parent)
        assert aside.read_bytes() == damaged
        assert cat.backup.read_bytes() == backup_bytes
        assert s.dirty  # a sound main file will be written
    finally:
        s.close()

    again = Store(cat.path, flush_delay=30)
    try:
        assert again.recovery is None
        assert dict(again.items("assets")) == cat.v1
        assert len(corrupt_files(cat.path.parent)) == 1
    finally:
        again.close()


def test_missing_main_file_is_restored_from_backup(cat):
    cat.path.unlink()
    s = Store(cat.path, flush_delay=30)
    try:
        assert s.recovered_from_backup
        assert s.recovery.startswith(f"Le catalogue était introuvable ; {RESTORED}")
        assert dict(s.items("assets")) == cat.v1
        assert corrupt_files(cat.path.parent) == []
    finally:
        s.close()
    assert orjson.loads(cat.path.read_bytes())["assets"]["1"] == asset(1, 1)


def test_both_files_damaged_means_rebuild_and_both_are_kept(cat):
    cat.path.write_bytes(cat.good[: len(cat.good) // 2])
    cat.backup.write_bytes(b"\x00" * 100)
    s = Store(cat.path, flush_delay=30)
    try:
        assert s.rebuilt and not s.recovered_from_backup
        assert s.recovery == f"Le catalogue était endommagé (fichier tronqué) ; {REBUILT}"
        assert s.count("assets") == 0
        [main_aside] = corrupt_files(cat.path.parent)
        assert main_aside.read_bytes() == cat.good[: len(cat.good) // 2]
        [bak_aside] = corrupt_files(cat.path.parent, "catalog.json.bak")
        assert bak_aside.read_bytes() == b"\x00" * 100
        # The rebuilt store is fully usable.
        s.put("assets", s.next_id("assets"), asset(1, 3))
    finally:
        s.close()
    again = Store(cat.path, read_only=True)
    assert again.recovery is None
    assert again.get("assets", 1) == asset(1, 3)
    again.close()


def test_damaged_main_without_backup_means_rebuild(cat):
    cat.backup.unlink()
    cat.path.write_bytes(b'{"assets": {"1": {"path": ')
    s = Store(cat.path, flush_delay=30)
    try:
        assert s.rebuilt
        assert s.recovery == f"Le catalogue était endommagé (fichier tronqué) ; {REBUILT}"
        assert len(corrupt_files(cat.path.parent)) == 1
    finally:
        s.close()


def test_missing_main_and_damaged_backup_means_rebuild(cat):
    cat.path.unlink()
    cat.backup.write_bytes(b"garbage \xff\xfe")
    s = Store(cat.path, flush_delay=30)
    try:
        assert s.rebuilt
        assert s.recovery == f"Le catalogue était introuvable ; {REBUILT}"
        assert [p.read_bytes() for p in corrupt_files(cat.path.parent, "catalog.json.bak")] == [b"garbage \xff\xfe"]
    finally:
        s.close()


def test_repeated_damage_never_overwrites_an_earlier_corrupt_copy(cat):
    for n in range(3):
        cat.path.write_bytes(b"\x00" * (n + 1))
        Store(cat.path, flush_delay=30).close()
    kept = sorted(p.read_bytes() for p in corrupt_files(cat.path.parent))
    assert kept == [b"\x00", b"\x00" * 2, b"\x00" * 3]


@pytest.mark.parametrize("backup", ["good", "damaged", "absent"])
def test_read_only_store_recovers_in_memory_and_touches_nothing(cat, backup):
    cat.path.write_bytes(cat.good[:-10])
    if backup == "damaged":
        cat.backup.write_bytes(b"[]")
    elif backup == "absent":
        cat.backup.unlink()
    before = listing(cat.path.parent)

    s = Store(cat.path, read_only=True)
    try:
        if backup == "good":
            assert s.recovered_from_backup
            assert s.recovery.startswith(f"Le catalogue était endommagé (fichier tronqué) ; {RESTORED}")
            assert dict(s.items("assets")) == cat.v1
        else:
            assert s.rebuilt
            assert s.recovery == f"Le catalogue était endommagé (fichier tronqué) ; {REBUILT}"
            assert s.count("assets") == 0
        with pytest.raises(CatalogError, match="lecture seule"):
            s.put("assets", 1, {})
    finally:
        s.close()
    assert listing(cat.path.parent) == before


def test_newer_schema_is_refused_not_treated_as_damage(cat):
    raw = orjson.loads(cat.good)
    raw["_meta"]["1"]["schema"] = 99
    raw["assets"] = ["a future format we cannot know"]
    cat.path.write_bytes(orjson.dumps(raw))
    before = listing(cat.path.parent)
    with pytest.raises(CatalogError, match="plus récente"):
        Store(cat.path)
    assert listing(cat.path.parent) == before


def test_unreadable_path_is_a_clean_error(tmp_path):
    (tmp_path / "catalog.json").mkdir()
    with pytest.raises(CatalogError, match="Impossible de lire le catalogue"):
        Store(tmp_path / "catalog.json")


_MUTATION = st.tuples(
    st.sampled_from(["flip", "cut", "insert", "delete"]),
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=0, max_value=255),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=4))
def test_any_byte_damage_opens_cleanly(cat, mutations):
    data = bytearray(cat.good)
    for op, where, value in mutations:
        pos = min(int(where * len(data)), max(len(data) - 1, 0))
        if op == "flip" and data:
            data[pos] ^= value or 1
        elif op == "cut":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = bytes([value])
        elif op == "delete" and data:
            del data[pos]
    damaged = bytes(data)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "catalog.json"
        path.write_bytes(damaged)
        try:
            s = Store(path, flush_delay=30)
        except CatalogError as exc:
            # Only a version number turned into a larger one may refuse to open.
            assert "plus récente" in str(exc)
            assert path.read_bytes() == damaged
            return
        try:
            for doc_id, doc in s.items("assets"):
                assert s.get("assets", doc_id) is doc
            if s.recovery is not None:
                assert s.rebuilt and s.count("assets") == 0
                assert [p.read_bytes() for p in corrupt_files(Path(d))] == [damaged]
            s.put("assets", s.next_id("assets"), {"after": "damage"})
        finally:
            s.close()
        again = Store(path, read_only=True)
        assert again.recovery is None
        again.close()


# ------------------------------------------------------------------------------------ real crashes

CHILD = r"""
import sys, time
from lectoure_media.core.catalog import Store
s = Store(sys.argv[1], flush_delay=0.0)  # the writer saves continuously: kills land mid-save
batch = max((d["batch"] for _, d in s.items("assets")), default=0)
started = time.monotonic()
while time.monotonic() - started < 60:
    batch += 1
    ids = [s.next_id("assets") for _ in range(20)]
    s.put_many("assets", {i: {"batch": batch, "k": k, "pad": "é" * 150} for k, i in enumerate(ids)})
    if batch % 25 == 0:
        s.flush()
        print(batch, flush=True)
sys.exit(3)  # never killed: the test fails on this code
"""


def check_consistent(path: Path, durable_batch: int) -> int:
    """Open after a crash like the app would; return the last batch found."""
    s = Store(path, flush_delay=30)
    try:
        assert s.recovery is None, s.recovery
        docs = dict(s.items("assets"))
        per_batch = Counter(d["batch"] for d in docs.values())
        last = max(per_batch, default=0)
        # A snapshot holds whole put_many batches, in order, with nothing missing before the last one.
        assert set(per_batch) == set(range(1, last + 1))
        assert set(per_batch.values()) <= {20}
        # Everything an explicit flush() reported as saved survived the kill.
        assert last >= durable_batch
        saved_counter = orjson.loads(path.read_bytes())["_meta"]["1"]["next_ids"]["assets"]
        assert saved_counter > max(docs, default=0)
    finally:
        s.close()
    # Opening for writing cleared whatever temp file the killed save left.
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    return last


def test_writer_killed_mid_run_leaves_a_consistent_catalog(tmp_path):
    """Kill -9 a process that writes continuously, again and again, until kills have landed in the middle
    of a save (its temp file is left behind) at least twice; every time the catalog must open cleanly."""
    path = tmp_path / "catalog.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    rng = random.Random(2024)
    last = 0
    rounds = interrupted_saves = 0
    while rounds < 6 or interrupted_saves < 2:
        assert rounds < 40, f"only {interrupted_saves} of {rounds} kills hit a save in progress"
        rounds += 1
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        try:
            durable = 0
            for _ in range(rng.randint(1, 4)):
                line = proc.stdout.readline()
                assert line, f"the writer process died: {proc.stderr.read()}"
                durable = int(line)
            # Not waiting for anything: a random pause picks the instant of the crash, which otherwise
            # would always fall right after the explicit flush that printed the line.
            time.sleep(rng.uniform(0.0, 0.08))
            proc.kill()
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        assert proc.returncode == (-signal.SIGKILL if os.name == "posix" else 1)
        interrupted_saves += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        found = check_consistent(path, durable)
        assert found >= last  # nothing saved by an earlier run was lost
        last = found
    assert last >= rounds * 25


def test_stale_temp_file_from_a_crash_is_removed_at_open(tmp_path):
    path = tmp_path / "catalog.json"
    s = Store(path, flush_delay=30)
    s.put("assets", 1, {"a": 1})
    s.close()
    stale = tmp_path / ".catalog.json.k2j4h1.tmp"
    stale.write_bytes(b'{"assets": {"1": {"a"')
    unrelated = tmp_path / ".other.json.x.tmp"
    unrelated.write_bytes(b"keep")
    Store(path, read_only=True).close()
    assert stale.exists()  # read-only never touches anything
    s = Store(path, flush_delay=30)
    s.close()
    assert not stale.exists()
    assert unrelated.read_bytes() == b"keep"


# ------------------------------------------------------------------------------------ failing disk


def _fail_fsync(fd):
    raise OSError(errno.ENOSPC, "No space left on device")


def _fail_replace(src, dst, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("failure", ["fsync", "replace"])
def test_disk_full_keeps_the_previous_file_and_the_writer_recovers(tmp_path, monkeypatch, failure):
    path = tmp_path / "catalog.json"
    s = Store(path, flush_delay=0.05)
    try:
        s.put("assets", 1, {"v": 1})
        s.flush()
        previous = path.read_bytes()

        if failure == "fsync":
            monkeypatch.setattr(os, "fsync", _fail_fsync)
        else:
            monkeypatch.setattr(fsutil, "replace_with_retry", _fail_replace)
        s.put("assets", 2, {"v": 2})
        # The background writer hits the full disk, records it and keeps running.
        assert wait_until(lambda: s.last_error is not None, timeout=15), "the failure was never reported"
        assert "le disque est plein" in s.last_error
        assert s._writer.is_alive()
        assert s.dirty
        assert path.read_bytes() == previous
        with pytest.raises(CatalogError, match="le disque est plein"):
            s.flush()
        assert path.read_bytes() == previous
        assert s.get("assets", 2) == {"v": 2}  # kept in memory

        monkeypatch.undo()
        # Space is back: the writer's next retry saves it, with no explicit flush.
        assert wait_until(lambda: not s.dirty, timeout=20), "the writer did not retry"
        assert s.last_error is None
        assert s.storage.write_count == 2
        # The writer is idle now: none of the failed attempts left a temp file behind.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.json", "catalog.json.bak"]
        assert orjson.loads(path.read_bytes())["assets"]["2"] == {"v": 2}
    finally:
        s.close()
