"""Folder watcher: real files in tmp_path, both the native observer and polling, no sleeps to wait for threads."""

from __future__ import annotations

import errno
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lectoure_media.core import watch
from lectoure_media.core.watch import FolderWatcher, WatchMode, WatchStatus, choose_mode, is_network_path

STABLE = 0.5
WAIT = 15.0
pytestmark = pytest.mark.timeout(60)


class Collector:
    """Records every callback under one Condition so tests can wait for a state instead of sleeping."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.calls: list[tuple[float, frozenset[str]]] = []
        self.statuses: list[WatchStatus] = []
        self.reconnects = 0
        self.reconciles = 0
        self.fail_next_changes = 0

    def on_changes(self, paths: set[str]) -> None:
        with self.cond:
            self.calls.append((time.monotonic(), frozenset(paths)))
            self.cond.notify_all()
            if self.fail_next_changes:
                self.fail_next_changes -= 1
                raise RuntimeError("rappel en échec pour le test")

    def on_status(self, status: WatchStatus) -> None:
        with self.cond:
            self.statuses.append(status)
            self.cond.notify_all()

    def on_reconnect(self) -> None:
        with self.cond:
            self.reconnects += 1
            self.cond.notify_all()

    def on_reconcile(self) -> None:
        with self.cond:
            self.reconciles += 1
            self.cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = WAIT) -> bool:
        with self.cond:
            return self.cond.wait_for(predicate, timeout)

    def mark(self) -> int:
        with self.cond:
            return len(self.calls)

    def reported(self, since: int = 0) -> set[str]:
        with self.cond:
            out: set[str] = set()
            for _, paths in self.calls[since:]:
                out |= paths
            return out

    def first_report_time(self, path: str) -> float:
        with self.cond:
            return next(t for t, paths in self.calls if path in paths)

    def calls_with(self, path: str) -> int:
        with self.cond:
            return sum(1 for _, paths in self.calls if path in paths)

    def states(self) -> list[str]:
        with self.cond:
            out: list[str] = []
            for status in self.statuses:
                if not out or out[-1] != status.state:
                    out.append(status.state)
            return out

    def state_reached(self, state: str, since: int = 0) -> Callable[[], bool]:
        return lambda: any(s.state == state for s in self.statuses[since:])


def _active_state(mode: str) -> str:
    return "watching" if mode == "native" else "polling"


@pytest.fixture(params=["native", "polling"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "watched"
    folder.mkdir()
    return folder


@pytest.fixture
def collector() -> Collector:
    return Collector()


@pytest.fixture
def start_watcher(root: Path, collector: Collector) -> Iterator[Callable[..., FolderWatcher]]:
    started: list[FolderWatcher] = []

    def factory(mode: str, **overrides: object) -> FolderWatcher:
        options: dict = dict(
            mode=mode,
            poll_interval=0.3,
            stable_seconds=STABLE,
            health_interval=0.3,
            retry_interval=0.3,
            reconcile_interval=300.0,
        )
        options.update(overrides)
        watcher = FolderWatcher(
            str(root),
            collector.on_changes,
            on_status=collector.on_status,
            on_reconnect=collector.on_reconnect,
            on_reconcile=collector.on_reconcile,
            **options,
        )
        started.append(watcher)
        watcher.start()
        # "auto" and a native fallback settle the mode on the watcher thread: wait for either state
        assert collector.wait_for(
            lambda: collector.state_reached("watching")() or collector.state_reached("polling")()
        ), collector.statuses
        return watcher

    yield factory
    for watcher in started:
        watcher.stop()


def _write(path: Path, data: bytes = b"\xff\xd8\xff\xe0 fake jpeg") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _sentinel(root: Path, collector: Collector, name: str) -> None:
    """Drop a file and wait for it: everything written before it has had at least as long to be reported."""
    path = root / name
    _write(path)
    assert collector.wait_for(lambda: str(path) in collector.reported()), f"{name} jamais signalé"


# ----------------------------------------------------------------------------------------- events


def test_copied_file_reported_once_when_stable(mode, root, tmp_path, collector, start_watcher):
    source = tmp_path / "source.jpg"
    source.write_bytes(os.urandom(200_000))
    start_watcher(mode)
    target = root / "IMG_0001.JPG"
    copy_started = time.monotonic()
    shutil.copyfile(source, target)
    assert collector.wait_for(lambda: str(target) in collector.reported())
    assert collector.first_report_time(str(target)) - copy_started >= STABLE
    _sentinel(root, collector, "later.jpg")
    assert collector.calls_with(str(target)) == 1


def test_slow_copy_not_reported_before_the_writer_finishes(mode, root, collector, start_watcher):
    start_watcher(mode)
    target = root / "video.mp4"
    first_chunk = threading.Event()
    done = threading.Event()
    pace = threading.Event()  # never set: its wait() paces the writer like a slow network copy
    last_write: list[float] = []
    chunks = 20  # 20 x 0.05 s = 1 s of writing, twice stable_seconds

    def writer() -> None:
        with open(target, "wb") as fh:
            for i in range(chunks):
                fh.write(os.urandom(4096))
                fh.flush()
                if i == 0:
                    first_chunk.set()
                pace.wait(0.05)
            fh.write(b"end")
            fh.flush()
            last_write.append(time.monotonic())
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert first_chunk.wait(WAIT)
    assert done.wait(WAIT)
    thread.join(WAIT)
    assert collector.wait_for(lambda: str(target) in collector.reported())
    assert collector.first_report_time(str(target)) > last_write[0]
    assert target.stat().st_size == chunks * 4096 + 3


def test_burst_of_500_files_arrives_in_few_calls(mode, root, collector, start_watcher):
    start_watcher(mode)
    expected = set()
    for i in range(500):
        path = root / f"rafale_{i:03d}.jpg"
        path.write_bytes(b"x" * (i + 1))
        expected.add(str(path))
    assert collector.wait_for(lambda: expected <= collector.reported())
    assert collector.reported() == expected
    assert len(collector.calls) <= 30, len(collector.calls)


def test_rename_reports_both_names(mode, root, collector, start_watcher):
    start_watcher(mode)
    old = root / "avant.jpg"
    _write(old)
    assert collector.wait_for(lambda: str(old) in collector.reported())
    mark = collector.mark()
    new = root / "apres.jpg"
    os.rename(old, new)
    assert collector.wait_for(lambda: {str(old), str(new)} <= collector.reported(mark))


def test_move_into_subfolder_reports_both_paths(mode, root, collector, start_watcher):
    start_watcher(mode)
    sub = root / "Cathédrale"
    sub.mkdir()
    photo = root / "nef.jpg"
    _write(photo)
    assert collector.wait_for(lambda: {str(sub), str(photo)} <= collector.reported())
    mark = collector.mark()
    moved = sub / "nef.jpg"
    os.replace(photo, moved)
    assert collector.wait_for(lambda: {str(photo), str(moved)} <= collector.reported(mark))


def test_deletion_reported(mode, root, collector, start_watcher):
    photo = root / "marche.jpg"
    _write(photo)
    start_watcher(mode)
    photo.unlink()
    assert collector.wait_for(lambda: str(photo) in collector.reported())


def test_new_directory_reported_with_its_files(mode, root, tmp_path, collector, start_watcher):
    source = tmp_path / "reportage"
    _write(source / "a.jpg")
    _write(source / "b.mov", b"\x00\x00\x00\x14ftypqt  ")
    start_watcher(mode)
    shutil.copytree(source, root / "reportage")
    expected = {str(root / "reportage"), str(root / "reportage" / "a.jpg"), str(root / "reportage" / "b.mov")}
    assert collector.wait_for(lambda: expected <= collector.reported())


def test_ignored_names_never_reported_and_sidecars_are(mode, root, collector, start_watcher):
    start_watcher(mode)
    ignored = [
        root / "Thumbs.db",
        root / "photo.jpg.part",
        root / "~$rapport.jpg",
        root / ".cachee.jpg",
        root / "notes.txt",
        root / ".cache" / "vignette.jpg",
        root / "@eaDir" / "photo.jpg",
        root / "sub" / "desktop.ini",
        root / "IMG_0002.JPG.xmp.lmlock",
    ]
    for path in ignored:
        _write(path)
    sidecar = root / "IMG_0002.JPG.xmp"
    _write(sidecar, b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    _sentinel(root, collector, "temoin.jpg")
    assert collector.wait_for(lambda: str(sidecar) in collector.reported())
    reported = collector.reported()
    assert not {str(p) for p in ignored} & reported, reported
    # a partial download renamed to its final name: the final name only
    mark = collector.mark()
    os.rename(root / "photo.jpg.part", root / "photo.jpg")
    assert collector.wait_for(lambda: str(root / "photo.jpg") in collector.reported(mark))
    assert str(root / "photo.jpg.part") not in collector.reported()


# ----------------------------------------------------------------------------------------- health


@pytest.mark.parametrize("how", ["rmtree", "rename"])
def test_root_vanishes_then_comes_back(mode, how, root, tmp_path, collector, start_watcher):
    files = [root / f"photo_{i}.jpg" for i in range(5)] + [root / "sub" / "x.jpg"]
    for path in files:
        _write(path)
    watcher = start_watcher(mode)
    active = _active_state(mode)
    mark = collector.mark()
    away = tmp_path / "ailleurs"
    if how == "rmtree":
        shutil.rmtree(root)
    else:
        os.rename(root, away)
    assert collector.wait_for(collector.state_reached("unreachable"))
    status = watcher.status
    assert status.state == "unreachable" and status.retry_in == 0.3
    assert "nouvel essai dans 0,3 s" in status.message
    if how == "rmtree":
        root.mkdir()
    else:
        os.rename(away, root)
    assert collector.wait_for(lambda: collector.reconnects >= 1)
    assert collector.wait_for(lambda: watcher.status.state == active)
    assert collector.states() == ["starting", active, "unreachable", active]
    # the caller is told to rescan, never handed a deletion for every file of the folder
    assert not {str(p) for p in files} & collector.reported(mark)
    _sentinel(root, collector, "apres_retour.jpg")


def test_root_missing_at_start_is_unreachable_until_created(mode, tmp_path, collector):
    root = tmp_path / "pas_encore"
    watcher = FolderWatcher(
        str(root),
        collector.on_changes,
        on_status=collector.on_status,
        on_reconnect=collector.on_reconnect,
        mode=mode,
        poll_interval=0.3,
        stable_seconds=STABLE,
        retry_interval=0.3,
        health_interval=0.3,
    )
    watcher.start()
    try:
        assert collector.wait_for(collector.state_reached("unreachable"))
        assert watcher.status.message.startswith("Dossier inaccessible")
        root.mkdir()
        assert collector.wait_for(lambda: collector.reconnects == 1)
        assert collector.wait_for(collector.state_reached(_active_state(mode)))
        _sentinel(root, collector, "premier.jpg")
    finally:
        watcher.stop()


def test_dead_emitter_is_detected_and_restarted(mode, root, collector, start_watcher):
    watcher = start_watcher(mode)
    observer = watcher._session.observer
    emitters = list(observer.emitters)
    assert emitters and all(e.is_alive() for e in emitters)
    # watchdog #452: a share disconnect kills the emitter while the observer thread stays alive
    for emitter in emitters:
        emitter.stop()
        emitter.join(WAIT)
    assert observer.is_alive()
    assert collector.wait_for(lambda: collector.reconnects >= 1)
    replacement = watcher._session.observer
    assert replacement is not None and replacement is not observer
    assert not observer.is_alive()
    assert watcher.status.state == _active_state(mode)
    _sentinel(root, collector, "apres_redemarrage.jpg")


def test_failing_callback_does_not_kill_the_watcher(mode, root, collector, start_watcher, caplog):
    collector.fail_next_changes = 1
    watcher = start_watcher(mode)
    _sentinel(root, collector, "premier.jpg")
    _sentinel(root, collector, "second.jpg")
    assert "on_changes" in caplog.text and "RuntimeError" in caplog.text
    assert watcher._thread is not None and watcher._thread.is_alive()


def test_periodic_reconcile(mode, collector, start_watcher):
    start_watcher(mode, reconcile_interval=0.3)
    assert collector.wait_for(lambda: collector.reconciles >= 2)


def test_event_queue_overflow_asks_for_a_rescan(mode, root, collector, start_watcher, monkeypatch):
    monkeypatch.setattr(watch, "MAX_QUEUED_EVENTS", 20)
    watcher = start_watcher(mode)
    session = watcher._session
    entered = threading.Event()
    overflowed = threading.Event()
    original_changes = collector.on_changes
    original_enqueue = session.enqueue

    def enqueue(generation: int, event: object) -> None:
        original_enqueue(generation, event)
        if session._overflow:
            overflowed.set()

    def blocking(paths: set[str]) -> None:
        # Hold the watcher thread until the observer has overfilled its queue.
        entered.set()
        overflowed.wait(WAIT)
        original_changes(paths)

    session.enqueue = enqueue
    watcher._on_changes = blocking
    _write(root / "bloque.jpg")
    assert entered.wait(WAIT)
    assert collector.reconnects == 0
    for i in range(40):
        _write(root / f"flot_{i}.jpg")
    assert overflowed.wait(WAIT)
    assert collector.wait_for(lambda: collector.reconnects >= 1)
    # the dropped events are the rescan's job; with room in the queue again the watcher keeps working
    monkeypatch.setattr(watch, "MAX_QUEUED_EVENTS", 50_000)
    _sentinel(root, collector, "apres_debordement.jpg")


# ----------------------------------------------------------------------------------------- lifecycle


def test_start_and_stop_are_idempotent_and_stop_joins_everything(mode, root, collector, start_watcher):
    watcher = start_watcher(mode)
    thread = watcher._thread
    observer = watcher._session.observer
    emitters = list(observer.emitters)
    watcher.start()
    assert watcher._thread is thread
    began = time.monotonic()
    watcher.stop()
    assert time.monotonic() - began < 5.0
    assert not thread.is_alive()
    assert not observer.is_alive()
    assert not any(e.is_alive() for e in emitters)
    assert watcher.status.state == "stopped"
    watcher.stop()
    assert watcher.status.state == "stopped"
    # and it can be started again
    mark = collector.mark()
    watcher.start()
    assert collector.wait_for(lambda: collector.statuses[-1].state == _active_state(mode))
    _sentinel(root, collector, "relance.jpg")
    assert str(root / "relance.jpg") in collector.reported(mark)


def test_native_failure_falls_back_to_polling(root, collector, start_watcher, monkeypatch):
    def exhausted() -> object:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watch, "_native_observer_factory", exhausted)
    watcher = start_watcher("native")
    assert watcher.mode is WatchMode.POLLING
    assert watcher.status.state == "polling"
    assert "limite" in watcher.status.message
    _sentinel(root, collector, "malgre_tout.jpg")


def test_auto_mode_polls_a_network_share(root, collector, start_watcher, monkeypatch):
    mounts = f"/dev/vda / ext4 rw 0 0\n//nas/photos {os.path.realpath(root)} cifs rw,vers=3.0 0 0\n"
    monkeypatch.setattr(watch, "_read_mounts", lambda: mounts)
    watcher = start_watcher("auto")
    assert watcher.mode is WatchMode.POLLING
    assert watcher.status.message == "Mode scrutation (partage réseau)"
    _sentinel(root, collector, "partage.jpg")


def test_auto_mode_native_on_a_local_disk(root, collector, start_watcher, monkeypatch):
    monkeypatch.setattr(watch, "_read_mounts", lambda: "/dev/vda / ext4 rw 0 0\n")
    watcher = start_watcher("auto")
    assert watcher.mode is WatchMode.NATIVE
    assert watcher.status == WatchStatus("watching", WatchMode.NATIVE, "Surveillance du dossier")


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError):
        FolderWatcher(str(tmp_path), lambda paths: None, mode="inotify")
    with pytest.raises(ValueError):
        FolderWatcher(str(tmp_path), lambda paths: None, poll_interval=0)


# ----------------------------------------------------------------------------------------- mode choice

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//mairie-nas/communication /mnt/partage cifs rw,vers=3.0,uid=1000 0 0
/dev/sdb1 /mnt/partage/local ext4 rw 0 0
nas:/export/photos /srv/photos nfs4 rw,vers=4.2 0 0
user@host:/data /home/agent/distant fuse.sshfs rw,nosuid 0 0
//nas/mon\\040dossier /mnt/mon\\040dossier smb3 rw 0 0
/dev/sdc1 /media/cle vfat rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/mnt/partage", True),
        ("/mnt/partage/Photos 2026", True),
        ("/mnt/partage/local/photos", False),  # a local disk mounted inside the share
        ("/mnt/partage2/photos", False),  # same prefix, different mount
        ("/srv/photos/ete", True),
        ("/home/agent/distant/photos", True),
        ("/mnt/mon dossier/photos", True),
        ("/media/cle/DCIM", False),
        ("/home/agent/Images", False),
    ],
)
def test_linux_mount_table(path, network):
    assert is_network_path(path, windows=False, mounts_text=MOUNTS) is network
    expected = WatchMode.POLLING if network else WatchMode.NATIVE
    assert choose_mode(path, windows=False, mounts_text=MOUNTS) is expected


def test_linux_mount_over_mount_uses_the_last_line():
    text = "/dev/vda / ext4 rw 0 0\n//nas/a /mnt/x cifs rw 0 0\n/dev/sdb1 /mnt/x ext4 rw 0 0\n"
    assert is_network_path("/mnt/x/y", windows=False, mounts_text=text) is False
    text_reversed = "/dev/vda / ext4 rw 0 0\n/dev/sdb1 /mnt/x ext4 rw 0 0\n//nas/a /mnt/x cifs rw 0 0\n"
    assert is_network_path("/mnt/x/y", windows=False, mounts_text=text_reversed) is True


def test_linux_empty_or_garbled_mount_table_means_local():
    assert is_network_path("/mnt/partage", windows=False, mounts_text="") is False
    assert is_network_path("/mnt/partage", windows=False, mounts_text="garbage\n\x00\n") is False


def _no_drive_call(drive: str) -> int:
    raise AssertionError(f"GetDriveTypeW ne doit pas être appelé pour {drive}")


@pytest.mark.parametrize(
    "path",
    [
        r"\\mairie-nas\communication\Photos",
        "//mairie-nas/communication/Photos",
        r"\\?\UNC\mairie-nas\communication\Photos",
    ],
)
def test_windows_unc_is_network(path):
    assert is_network_path(path, windows=True, drive_type=_no_drive_call) is True
    assert choose_mode(path, windows=True, drive_type=_no_drive_call) is WatchMode.POLLING


def test_windows_device_namespace_is_not_a_share():
    assert is_network_path(r"\\.\pipe\x", windows=True, drive_type=_no_drive_call) is False


@pytest.mark.parametrize(
    ("path", "kind", "network"),
    [
        (r"P:\Photos", 4, True),  # DRIVE_REMOTE: a mapped share
        (r"C:\Users\agent\Images", 3, False),  # DRIVE_FIXED
        (r"E:\DCIM", 2, False),  # DRIVE_REMOVABLE
        (r"\\?\P:\Photos\très long", 4, True),
        ("p:/photos", 4, True),
    ],
)
def test_windows_drive_type(path, kind, network):
    seen: list[str] = []

    def drive_type(drive: str) -> int:
        seen.append(drive)
        return kind

    assert is_network_path(path, windows=True, drive_type=drive_type) is network
    assert seen == [path.replace("/", "\\").removeprefix("\\\\?\\")[:2].upper() + "\\"]
    assert is_network_path(path, windows=True, drive_type=kind) is network
    expected = WatchMode.POLLING if network else WatchMode.NATIVE
    assert choose_mode(path, windows=True, drive_type=kind) is expected


def test_windows_relative_path_without_drive_is_local_when_faked():
    assert is_network_path(r"Photos\ete", windows=True, drive_type=4) is False


def test_symlink_loops_in_the_folder_do_not_hang_the_watcher(mode, root, collector, start_watcher):
    # A hostile or careless folder: two links back to the root would make a stat-following walk
    # explode (2**40 paths before ELOOP). Links are not followed, as with the native observer.
    os.symlink(root, root / "boucle_a", target_is_directory=True)
    os.symlink(root, root / "boucle_b", target_is_directory=True)
    start_watcher(mode)
    _sentinel(root, collector, "apres_boucles.jpg")
    assert not any("boucle_" in p.removeprefix(str(root)) for p in collector.reported())


def test_stop_from_inside_a_callback(mode, root, collector, start_watcher):
    watcher = start_watcher(mode)
    thread = watcher._thread
    stopped_inside = threading.Event()

    def stop_on_change(paths: set[str]) -> None:
        watcher.stop()
        stopped_inside.set()

    watcher._on_changes = stop_on_change
    _write(root / "stop.jpg")
    assert stopped_inside.wait(WAIT)
    thread.join(WAIT)
    assert not thread.is_alive()
    assert watcher.status.state == "stopped"
