"""The cross-PC lock of core/sharelock.py, alone and as sidecar writes use it: one holder at a time, a dead
holder's lock is broken (dead process, old time, or seen unchanged too long), a live one is waited for, and a
timeout is a French sentence."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lectoure_media.core import sidecar
from lectoure_media.core.ignore import classify, is_ignored_name
from lectoure_media.core.sharelock import ShareLock, ShareLockTimeout, lock_path_for, share_lock
from lectoure_media.core.sidecar import SidecarError, read_sidecar, sidecar_path_for, update_sidecar

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    media = tmp_path / "IMG_0042.JPG"
    media.write_bytes(b"\xff\xd8\xff\xd9")
    return media


def write_lock(path: Path | str, **fields) -> Path:
    lock = Path(lock_path_for(str(path)))
    info = {"host": socket.gethostname(), "pid": os.getpid(), "time": time.time(), "token": "x" * 32, **fields}
    lock.write_text(json.dumps(info))
    return lock


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def python(code: str) -> subprocess.Popen:
    """Another process (another PC, as far as the lock can tell), printing what it does line by line."""
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_lock_file_says_who_holds_it_and_goes_away_on_exit(tmp_path: Path) -> None:
    target = tmp_path / "IMG.JPG.xmp"
    lock_file = Path(str(target) + ".lmlock")
    with share_lock(str(target)) as held:
        info = json.loads(lock_file.read_text())
        assert info["host"] == socket.gethostname() and info["pid"] == os.getpid()
        assert abs(info["time"] - time.time()) < 60 and held.held()
    assert not lock_file.exists()
    with pytest.raises(RuntimeError), share_lock(str(target)):
        raise RuntimeError("boom")
    assert not lock_file.exists()
    assert os.listdir(tmp_path) == []


def test_lock_files_are_never_assets_or_sidecars() -> None:
    for name in ("IMG.JPG.xmp.lmlock", "IMG.JPG.xmp.broken-0123456789ab.lmlock", "IMG.JPG.LMLOCK"):
        assert classify(name) is None and is_ignored_name(name)


def test_lock_of_a_dead_process_of_this_pc_is_broken_at_once(photo: Path, monkeypatch) -> None:
    lock = write_lock(sidecar_path_for(str(photo)), pid=dead_pid())
    monkeypatch.setattr(sidecar, "LOCK_TIMEOUT", 0.5)  # would time out if it waited for it
    data = update_sidecar(str(photo), add={"keywords": ["pluie"]})
    assert data.tags["keywords"] == ["pluie"]
    assert not lock.exists()


def test_lock_with_an_old_time_is_broken_at_once(photo: Path, monkeypatch) -> None:
    lock = write_lock(sidecar_path_for(str(photo)), host="AUTRE-PC", pid=4242, time=time.time() - 3600)
    monkeypatch.setattr(sidecar, "LOCK_TIMEOUT", 0.5)  # would time out if it waited for it
    assert update_sidecar(str(photo), add={"keywords": ["pluie"]}).tags["keywords"] == ["pluie"]
    assert not lock.exists()


@pytest.mark.parametrize("content", ["fresh_other_pc", "empty", "garbage", "folder", "dangling_link"])
def test_lock_seen_unchanged_for_stale_after_is_broken(tmp_path: Path, content: str) -> None:
    """A PC that died a moment ago (or while writing its lock file): no clock of its own to trust. Also
    whatever else a share may hold under the lock's name."""
    target = tmp_path / "team.json"
    lock = write_lock(target, host="AUTRE-PC", pid=4242)
    if content in ("empty", "garbage"):
        lock.write_bytes(b"" if content == "empty" else b"\x00\xff{not json")
    elif content == "folder":
        lock.unlink()
        lock.mkdir()
    elif content == "dangling_link":
        lock.unlink()
        lock.symlink_to(tmp_path / "absent")
    with share_lock(str(target), timeout=20, stale_after=0.3) as held:
        assert held.held()
    assert not os.path.lexists(lock)
    assert [n for n in os.listdir(tmp_path) if not is_ignored_name(n)] == []


def test_live_lock_of_another_pc_times_out_with_a_french_sidecar_error(photo: Path, monkeypatch) -> None:
    side = sidecar_path_for(str(photo))
    lock = write_lock(side, host="AUTRE-PC", pid=4242)
    monkeypatch.setattr(sidecar, "LOCK_TIMEOUT", 0.3)
    with pytest.raises(
        SidecarError,
        match=r"^Le fichier XMP « IMG_0042\.JPG\.xmp » est en cours de modification"
        r" sur le poste « AUTRE-PC » ; les étiquettes n'ont pas été"
        r" enregistrées\.$",
    ):
        update_sidecar(str(photo), add={"keywords": ["pluie"]})
    assert lock.exists() and not os.path.exists(side)
    with pytest.raises(ShareLockTimeout, match="AUTRE-PC"):
        ShareLock(side).acquire(timeout=0.1)


def test_a_live_lock_makes_another_process_wait_then_its_write_merges_ours(photo: Path) -> None:
    side = sidecar_path_for(str(photo))
    with share_lock(side):
        writer = python(
            "import logging, sys\n"
            "logging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(message)s')\n"
            "from lectoure_media.core.sidecar import update_sidecar\n"
            f"data = update_sidecar({str(photo)!r}, add={{'keywords': ['autre PC']}})\n"
            "print('written', sorted(data.tags['keywords']), flush=True)\n"
        )
        first = writer.stdout.readline()
        assert first.startswith("waiting for lock"), first
        assert not os.path.exists(side)  # it waits: nothing written while we hold the lock
        # Our own merge, done while we hold the lock (as _update_once does).
        sidecar.atomic_write_bytes(side, sidecar._serialize(_packet_with("ce PC"), {}))
    out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0, out
    assert "written ['autre PC', 'ce PC']" in out
    assert sorted(read_sidecar(str(photo)).tags["keywords"]) == ["autre PC", "ce PC"]
    assert not os.path.exists(lock_path_for(side))


def _packet_with(keyword: str):
    root = sidecar._new_packet()
    old = sidecar._interpret(root)
    new, renamed = sidecar._apply(old, add={"keywords": [keyword]}, remove={}, categories={}, rename=[], own={})
    sidecar._render(root, old, new, renamed)
    return root


def test_pc_killed_with_the_lock_held_does_not_block_the_others(photo: Path, monkeypatch) -> None:
    side = sidecar_path_for(str(photo))
    holder = python(
        "import sys, time\n"
        "from lectoure_media.core.sharelock import share_lock\n"
        f"with share_lock({side!r}):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(600)\n"
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert os.path.exists(lock_path_for(side))
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert os.path.exists(lock_path_for(side))  # kill -9: nothing cleaned up
    monkeypatch.setattr(sidecar, "LOCK_TIMEOUT", 5.0)  # a dead process of this PC: no need to wait it out
    data = update_sidecar(str(photo), add={"keywords": ["après"]})
    assert data.tags["keywords"] == ["après"]
    assert not os.path.exists(lock_path_for(side))


def test_a_broken_lock_is_noticed_before_committing_and_the_merge_starts_over(photo: Path, monkeypatch) -> None:
    """Judged dead (too slow) by another PC: our lock was broken and taken by someone else meanwhile."""
    update_sidecar(str(photo), add={"keywords": ["a"]})
    side = sidecar_path_for(str(photo))
    real_serialize = sidecar._serialize
    calls = []

    def lock_taken_meanwhile(root, declared):
        calls.append(1)
        if len(calls) == 1:
            # Another process broke ours and holds the lock now (it dies, so that our retry can go on).
            write_lock(side, pid=dead_pid(), token="y" * 32)
        return real_serialize(root, declared)

    monkeypatch.setattr(sidecar, "_serialize", lock_taken_meanwhile)
    data = update_sidecar(str(photo), add={"keywords": ["b"]})
    assert len(calls) == 2  # nothing committed without the lock: merged again under a lock of our own
    assert data.tags["keywords"] == ["a", "b"]
    assert not os.path.exists(lock_path_for(side))


def test_release_never_removes_a_lock_taken_by_someone_else(tmp_path: Path) -> None:
    target = str(tmp_path / "IMG.JPG.xmp")
    lock = ShareLock(target)
    lock.acquire(timeout=1)
    other = write_lock(target, host="AUTRE-PC", token="z" * 32)
    assert not lock.held()
    lock.release()
    assert json.loads(other.read_text())["token"] == "z" * 32


def test_a_sidecar_created_by_another_tool_while_we_merge_into_none_is_merged_again(photo: Path, monkeypatch) -> None:
    """Tools that ignore our lock (digiKam, exiftool) may create the sidecar while we build a new one."""
    side = sidecar_path_for(str(photo))
    real_serialize = sidecar._serialize
    calls = []

    def other_tool_creates_it_meanwhile(root, declared):
        calls.append(1)
        if len(calls) == 1:
            sidecar.atomic_write_bytes(side, real_serialize(_packet_with("digiKam"), {}))
        return real_serialize(root, declared)

    monkeypatch.setattr(sidecar, "_serialize", other_tool_creates_it_meanwhile)
    data = update_sidecar(str(photo), add={"keywords": ["ici"]})
    assert len(calls) == 2  # ours, dropped, then ours merged into the file the other tool created
    assert sorted(data.tags["keywords"]) == ["digiKam", "ici"]
    assert sorted(read_sidecar(str(photo)).tags["keywords"]) == ["digiKam", "ici"]


@pytest.mark.parametrize("content", [b"", b"\x00\xff{not json"])
def test_an_unreadable_lock_is_dead_long_before_stale_after(tmp_path: Path, content: bytes, monkeypatch) -> None:
    """A process killed between creating its lock file and writing it leaves it empty: a waiter with a
    shorter patience than STALE_AFTER (the publication log's 15 s) must still get through."""
    import lectoure_media.core.sharelock as sl

    monkeypatch.setattr(sl, "UNREADABLE_STALE_AFTER", 0.3)
    target = tmp_path / "publog.jsonl"
    lock = write_lock(target, host="AUTRE-PC", pid=4242)
    lock.write_bytes(content)
    with share_lock(str(target), timeout=5, stale_after=30) as held:  # STALE_AFTER alone would time out
        assert held.held()
    assert not os.path.lexists(lock)


def test_a_readable_live_lock_is_not_broken_by_the_unreadable_rule(tmp_path: Path, monkeypatch) -> None:
    import lectoure_media.core.sharelock as sl

    monkeypatch.setattr(sl, "UNREADABLE_STALE_AFTER", 0.1)
    target = tmp_path / "publog.jsonl"
    write_lock(target, host="AUTRE-PC", pid=4242)  # valid JSON, fresh time: a live holder on another PC
    with pytest.raises(sl.ShareLockTimeout), share_lock(str(target), timeout=0.6, stale_after=30):
        pass
