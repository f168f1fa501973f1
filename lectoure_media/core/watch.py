"""Folder watcher: turns file-system events under the watched folder into batches of paths to re-examine.

Events are hints, the scan is the truth (RELIABILITY.md, "Watching"): inotify misses changes made by other
machines on a share, ReadDirectoryChangesW overflows silently, `created` fires when a copy *starts*, and a
share disconnect kills watchdog's emitter thread while the observer still looks alive (watchdog #452). So:

- network folders are polled (auto mode), and a native observer that cannot start falls back to polling;
- a created or modified file is reported only after its (size, mtime) stayed the same for `stable_seconds`,
  measured by this watcher, never by the file's own mtime (Explorer keeps the source mtime on a copy);
- deletions and directory events are debounced so that a burst becomes a few calls;
- the observer, its emitters and the root folder are checked regularly; a vanished root suspends the watch
  without reporting deletions, and the caller is told to rescan when it is back;
- the caller is asked for a full reconcile scan periodically.

The caller gets *paths*, not verdicts: a reported path may now be a file (index it), a directory (rescan
it) or missing (it was deleted or moved away).

Every callback (on_changes, on_status, on_reconnect, on_reconcile) is called from the watcher's own thread,
never from the caller's; a GUI must hand the work over to its own thread (e.g. a queued Qt signal). A
callback that raises is logged and the watcher goes on. Keep callbacks short: while one runs, the watcher
does not look at new events (they are queued meanwhile).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import ntpath
import os
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from . import ignore
from .fsutil import IS_WINDOWS, long_path, strip_long_prefix
from .team.paths import REGISTRY, TEAM_DIR
from .team.registry import is_entry_file

log = logging.getLogger(__name__)

# Linux file-system types whose changes may come from another machine (or from the host of a VM), where
# inotify sees nothing (watchdog #409, #504). fuse.* types are the FUSE subtype as /proc/mounts shows it.
NETWORK_FS_TYPES = frozenset(
    {
        "cifs",
        "smb3",
        "smb2",
        "smbfs",
        "nfs",
        "nfs4",
        "ncpfs",
        "ncp",
        "9p",
        "afs",
        "coda",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "ocfs2",
        "gfs2",
        "davfs",
        "sshfs",
        "vboxsf",
        "vmhgfs",
        "virtiofs",
        "drvfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.gvfsd-fuse",
        "fuse.smbnetfs",
        "fuse.curlftpfs",
        "fuse.glusterfs",
        "fuse.ceph",
        "fuse.juicefs",
        "fuse.vmhgfs-fuse",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive

TICK = 0.25  # how often pending files are re-examined while there are any
DEBOUNCE = 0.5  # quiet time after the last deletion / directory event before reporting the batch
MAX_DEBOUNCE = 2.0  # ...but never hold such a report longer than this during a long burst
MAX_QUEUED_EVENTS = 50_000  # past this the watcher drops events and asks for a rescan instead
_IDLE_WAIT_MAX = 60.0

_IGNORED_EVENT_TYPES = {"opened", "closed_no_write"}  # our own readers (thumbnails, probes) cause these
_MEDIA_CLASSES = ("media", "sidecar")


class WatchMode(str, Enum):  # noqa: UP042 -- StrEnum would change str() of a mode ("native", not "WatchMode.NATIVE")
    NATIVE = "native"
    POLLING = "polling"


@dataclass(frozen=True)
class WatchStatus:
    """What the status bar shows. state: starting | watching | polling | unreachable | stopped | error."""

    state: str
    mode: WatchMode | None
    message: str
    retry_in: float | None = None


# --------------------------------------------------------------------------------------------- mode choice


def is_network_path(
    root: str,
    *,
    windows: bool | None = None,
    mounts_text: str | None = None,
    drive_type: int | Callable[[str], int] | None = None,
) -> bool:
    r"""True when `root` lives on a network file system, where native events cannot be trusted.

    Windows: a UNC path (\\server\share, \\?\UNC\...) or a drive whose GetDriveTypeW is DRIVE_REMOTE.
    Linux: the file-system type of the longest /proc/mounts entry containing the path.
    `windows`, `mounts_text` and `drive_type` (an int, or a function of "X:\\") replace the real system
    for tests. No /proc/mounts (macOS): False.
    """
    fake = windows is not None
    windows = IS_WINDOWS if windows is None else windows
    if windows:
        return _is_network_windows(root, drive_type, real=not fake)
    return _is_network_posix(root, mounts_text)


def choose_mode(
    root: str,
    *,
    windows: bool | None = None,
    mounts_text: str | None = None,
    drive_type: int | Callable[[str], int] | None = None,
) -> WatchMode:
    """Auto mode: POLLING on a network file system, NATIVE otherwise."""
    if is_network_path(root, windows=windows, mounts_text=mounts_text, drive_type=drive_type):
        return WatchMode.POLLING
    return WatchMode.NATIVE


def _is_network_windows(root: str, drive_type: int | Callable[[str], int] | None, *, real: bool) -> bool:
    path = strip_long_prefix(root.replace("/", "\\"))
    if path.startswith("\\\\"):
        # \\.\ is the device namespace (pipes, volumes), not a share.
        return not path.startswith("\\\\.\\")
    drive, _ = ntpath.splitdrive(path)
    if not drive and real:
        drive, _ = ntpath.splitdrive(os.path.abspath(root))
    if len(drive) != 2 or drive[1] != ":":
        return False
    drive_root = drive.upper() + "\\"
    if drive_type is None:
        kind = _get_drive_type(drive_root)
    elif callable(drive_type):
        kind = drive_type(drive_root)
    else:
        kind = drive_type
    return kind == DRIVE_REMOTE


def _get_drive_type(drive_root: str) -> int:
    if sys.platform == "win32":
        import ctypes

        with contextlib.suppress(AttributeError, OSError):
            return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(drive_root)))
    return 0  # DRIVE_UNKNOWN: not on Windows, or the call is unavailable


def _read_mounts() -> str | None:
    for candidate in ("/proc/self/mounts", "/proc/mounts"):
        try:
            with open(candidate, encoding="utf-8", errors="surrogateescape") as fh:
                return fh.read()
        except OSError:
            continue
    return None


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash in mount points as \040, \011, \012, \134.
    if "\\" not in field:
        return field
    out: list[str] = []
    i = 0
    while i < len(field):
        chunk = field[i + 1 : i + 4]
        if field[i] == "\\" and len(chunk) == 3 and all(c in "01234567" for c in chunk):
            out.append(chr(int(chunk, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _is_network_posix(root: str, mounts_text: str | None) -> bool:
    if mounts_text is None:
        mounts_text = _read_mounts()
        if mounts_text is None:
            return False
    # realpath: a local symlink may point into a network mount.
    path = os.path.realpath(root)
    best_len = -1
    best_type = ""
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = _unescape_mount(parts[1])
        if mount_point != "/":
            mount_point = mount_point.rstrip("/")
        inside = path == mount_point or path.startswith(mount_point if mount_point == "/" else mount_point + "/")
        # ">=": a later line with the same mount point is mounted over the earlier one.
        if inside and len(mount_point) >= best_len:
            best_len = len(mount_point)
            best_type = parts[2].lower()
    return best_type in NETWORK_FS_TYPES


# --------------------------------------------------------------------------------------------- observers


def _native_observer_factory() -> Any:
    """The platform's native observer (inotify, ReadDirectoryChangesW...); a seam for tests."""
    from watchdog.observers import Observer

    return Observer()


def _native_is_polling() -> bool:
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    return Observer is PollingObserver


def _polling_observer(poll_interval: float) -> Any:
    from watchdog.observers.polling import PollingObserverVFS

    # lstat, not stat: following links, two links back to the root make the snapshot walk explode
    # (2**40 paths before ELOOP) and a link to "/" walks the whole disk. The native observer does not
    # follow links either.
    return PollingObserverVFS(os.lstat, os.scandir, polling_interval=poll_interval)


def _observer_failure(observer: Any) -> str | None:
    """Why this observer no longer delivers events, or None when it looks healthy."""
    if not observer.is_alive():
        return "le fil de l'observateur est arrêté"
    try:
        emitters = list(observer.emitters)
    except RuntimeError:  # the set changed while copied: look again at the next check
        return None
    if not emitters:
        return "l'observateur ne surveille plus aucun dossier"
    # watchdog #452: a share disconnect kills the emitter while observer.is_alive() stays true.
    if any(not emitter.is_alive() for emitter in emitters):
        return "un émetteur d'événements est arrêté"
    reader = getattr(observer, "_inotify_fd", None)  # InotifyObserver's reader thread (watchdog internals)
    if isinstance(reader, threading.Thread) and not reader.is_alive():
        return "le lecteur inotify est arrêté"
    return None


def _native_failure_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "limite de surveillance du système atteinte"
    if isinstance(exc, OSError) and exc.errno == errno.EMFILE:
        return "trop d'observateurs ouverts"
    return "surveillance native impossible"


def _fmt_seconds(seconds: float) -> str:
    if float(seconds).is_integer():
        return f"{int(seconds)} s"
    return f"{seconds:.1f}".replace(".", ",") + " s"


# --------------------------------------------------------------------------------------------- watcher

Signature = tuple[int, ...] | None


@dataclass
class _Pending:
    signature: tuple[int, ...] | None  # None: the file does not exist
    since: float


@dataclass
class _Quick:
    since: float
    is_dir: bool
    removal: bool  # the path was deleted or moved away


def _signature(path: str) -> Signature:
    try:
        st = os.stat(long_path(path))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        # Unreadable (permissions, I/O error): stable as long as the error is; the caller's probe will
        # report the reason.
        return (-1, exc.errno or 0)
    return (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns)


class FolderWatcher:
    """Watches `root` recursively and calls `on_changes(paths)` with batches of absolute paths to look at.

    All callbacks run on the watcher's own thread (see the module docstring). `mode` is "auto" (polling
    on a network file system, native events otherwise), "native" or "polling".
    """

    def __init__(
        self,
        root: str,
        on_changes: Callable[[set[str]], None],
        *,
        on_status: Callable[[WatchStatus], None] | None = None,
        on_reconnect: Callable[[], None] | None = None,
        on_reconcile: Callable[[], None] | None = None,
        mode: str = "auto",
        poll_interval: float = 5.0,
        stable_seconds: float = 2.0,
        reconcile_interval: float = 300.0,
        retry_interval: float = 30.0,
        health_interval: float = 5.0,
    ) -> None:
        if mode not in ("auto", "native", "polling"):
            raise ValueError(f"Mode de surveillance inconnu : « {mode} » (auto, native ou polling).")
        for name, value in (
            ("poll_interval", poll_interval),
            ("reconcile_interval", reconcile_interval),
            ("retry_interval", retry_interval),
            ("health_interval", health_interval),
        ):
            if not value > 0:
                raise ValueError(f"{name} doit être strictement positif.")
        if not stable_seconds >= 0:
            raise ValueError("stable_seconds ne peut pas être négatif.")
        self.root = os.path.abspath(root)
        self._on_changes = on_changes
        self._on_status = on_status
        self._on_reconnect = on_reconnect
        self._on_reconcile = on_reconcile
        self.requested_mode = mode
        self.poll_interval = float(poll_interval)
        self.stable_seconds = float(stable_seconds)
        self.reconcile_interval = float(reconcile_interval)
        self.retry_interval = float(retry_interval)
        self.health_interval = float(health_interval)

        self._lock = threading.Lock()
        self._status = WatchStatus("stopped", None, "Surveillance arrêtée")
        self._mode: WatchMode | None = None if mode == "auto" else WatchMode(mode)
        self._thread: threading.Thread | None = None
        self._session: _Session | None = None

    # -- public API ----------------------------------------------------------------------------------------

    @property
    def status(self) -> WatchStatus:
        with self._lock:
            return self._status

    @property
    def mode(self) -> WatchMode | None:
        """The mode actually in use (after auto choice or a fallback to polling); None while an "auto"
        watcher has not started yet, since choosing reads the mount table on the watcher thread."""
        with self._lock:
            return self._mode

    def start(self) -> None:
        """Start watching in a background thread; returns at once (a first polling snapshot of a big share
        can take long). Does nothing if already running."""
        with self._lock:
            if (
                self._thread is not None
                and self._thread.is_alive()
                and self._session is not None
                and not self._session.stop_event.is_set()
            ):
                return
            session = _Session(self)
            thread = threading.Thread(target=session.run, name=f"lectoure-watch:{self.root}", daemon=True)
            self._session = session
            self._thread = thread
        thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching and join the watcher thread and the observer's threads, waiting at most about
        `timeout` seconds (a file-system call stuck on a dead share is abandoned, not waited for)."""
        with self._lock:
            session, thread = self._session, self._thread
            self._session = None
            self._thread = None
        if session is None or thread is None:
            return
        session.request_stop(join_budget=max(0.1, timeout * 0.8))
        if thread is threading.current_thread():
            return  # called from one of our callbacks: the loop ends as soon as the callback returns
        thread.join(timeout)
        if thread.is_alive():
            log.warning("Le fil de surveillance de %s ne s'est pas arrêté en %.1f s", self.root, timeout)
            with self._lock:
                self._status = WatchStatus("stopped", self._status.mode, "Surveillance arrêtée")

    # -- used by the session (watcher thread) ----------------------------------------------------------------

    def _publish(self, session: _Session, status: WatchStatus, mode: WatchMode | None = None) -> None:
        with self._lock:
            if self._session is not None and self._session is not session:
                return  # a session abandoned by stop() must not overwrite the status of a newer one
            changed = status != self._status
            self._status = status
            if mode is not None:
                self._mode = mode
        if changed and self._on_status is not None:
            _call_safely("on_status", self._on_status, status)


def _call_safely(name: str, callback: Callable[..., Any], *args: Any) -> None:
    try:
        callback(*args)
    except Exception:
        log.exception("Le rappel %s a échoué ; la surveillance continue", name)


class _Handler:
    """watchdog event handler: queues events for the watcher thread, tagged with the observer generation
    so that late events from an observer being replaced are dropped."""

    def __init__(self, session: _Session, generation: int) -> None:
        self._session = session
        self._generation = generation

    def dispatch(self, event: Any) -> None:
        self._session.enqueue(self._generation, event)


class _Session:
    """One start()..stop() run. Everything but `enqueue` and `request_stop` runs on the watcher thread."""

    def __init__(self, watcher: FolderWatcher) -> None:
        self.w = watcher
        self.root = watcher.root
        self._prefix = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.stop_event = threading.Event()
        self._cond = threading.Condition()
        self._events: deque[tuple[int, Any]] = deque()
        self._overflow = False
        self._join_budget = 5.0

        self.observer: Any = None
        self._generation = 0
        self._base_mode: WatchMode = WatchMode.NATIVE
        self._mode: WatchMode | None = None
        self._network = False
        self._unreachable = False
        self._check_root_now = False
        self._pending: dict[str, _Pending] = {}
        self._quick: dict[str, _Quick] = {}
        self._last_quick = 0.0
        self._next_health = 0.0
        self._next_reconcile = 0.0
        self._next_retry = 0.0
        self._next_collect = 0.0

    # -- other threads ---------------------------------------------------------------------------------------

    def enqueue(self, generation: int, event: Any) -> None:
        with self._cond:
            if len(self._events) >= MAX_QUEUED_EVENTS:
                self._overflow = True
                return
            was_empty = not self._events
            self._events.append((generation, event))
            if was_empty:
                self._cond.notify_all()

    def request_stop(self, join_budget: float) -> None:
        self._join_budget = join_budget
        with self._cond:
            self.stop_event.set()
            self._cond.notify_all()

    # -- watcher thread --------------------------------------------------------------------------------------

    def run(self) -> None:
        try:
            self._main()
        except Exception:
            log.exception("La surveillance de %s s'est arrêtée sur une erreur", self.root)
            self._stop_observer()
            self.w._publish(
                self,
                WatchStatus("error", self._mode, "La surveillance du dossier s'est arrêtée sur une erreur inattendue."),
            )
            return
        self._stop_observer()
        self.w._publish(self, WatchStatus("stopped", self._mode, "Surveillance arrêtée"))

    def _main(self) -> None:
        self.w._publish(self, WatchStatus("starting", self.w.mode, "Démarrage de la surveillance du dossier"))
        requested = self.w.requested_mode
        if requested == "auto":
            try:
                self._network = is_network_path(self.root)
            except (OSError, ValueError) as exc:
                log.warning("Type de système de fichiers de %s inconnu (%s) : surveillance native", self.root, exc)
                self._network = False
            self._base_mode = WatchMode.POLLING if self._network else WatchMode.NATIVE
        else:
            self._base_mode = WatchMode(requested)

        if not (self._root_ok() and self._start_observer(self._base_mode)):
            if self.stop_event.is_set():
                return
            self._enter_unreachable(time.monotonic())
        now = time.monotonic()  # a first polling snapshot of a big share may have taken a while
        self._next_health = now + self.w.health_interval
        self._next_reconcile = now + self.w.reconcile_interval

        while not self.stop_event.is_set():
            with self._cond:
                if not self._events and not self._overflow and not self.stop_event.is_set():
                    self._cond.wait(self._wait_time(time.monotonic()))
                batch = list(self._events)
                self._events.clear()
                overflow, self._overflow = self._overflow, False
            if self.stop_event.is_set():
                return
            now = time.monotonic()
            for generation, event in batch:
                if generation == self._generation and not self._unreachable:
                    self._absorb(event, now)
            if overflow and not self._unreachable:
                log.warning("Trop d'événements en attente pour %s : relecture complète demandée", self.root)
                self._call_reconnect()
            self._tick(time.monotonic())

    def _wait_time(self, now: float) -> float:
        if self._pending or self._quick:
            return TICK
        deadline = self._next_retry if self._unreachable else min(self._next_health, self._next_reconcile)
        return min(max(deadline - now, 0.01), _IDLE_WAIT_MAX)

    def _tick(self, now: float) -> None:
        if self._unreachable:
            if now >= self._next_retry:
                self._retry(now)
            return
        ready: set[str] = set()
        removal = False
        # At most one collection per tick: during a long copy, files become stable one after the other
        # and each new event wakes the loop; delivering at every wake-up would mean one call per file.
        if now >= self._next_collect:
            ready, removal = self._collect_ready(now)
            self._next_collect = now + TICK
        if self._check_root_now or (removal and ready):
            # A burst of deletions may just be the whole root going away (rmtree, share unmounted):
            # those must not reach the caller as deletions.
            self._check_root_now = False
            if not self._root_ok():
                self._enter_unreachable(now)
                return
        if ready:
            _call_safely("on_changes", self.w._on_changes, ready)
            if self.stop_event.is_set():
                return
        now = time.monotonic()
        if now >= self._next_health:
            self._check_health(now)
            self._next_health = time.monotonic() + self.w.health_interval
        if not self._unreachable and now >= self._next_reconcile:
            if self.w._on_reconcile is not None:
                _call_safely("on_reconcile", self.w._on_reconcile)
            self._next_reconcile = time.monotonic() + self.w.reconcile_interval

    # -- events ---------------------------------------------------------------------------------------------

    def _relevant(self, path: str, *, is_dir: bool) -> bool:
        if not path.startswith(self._prefix):
            return False  # the root itself, or outside it (a watch that followed a moved directory)
        rel = path[len(self._prefix) :]
        if os.altsep:
            rel = rel.replace(os.altsep, os.sep)
        parts = rel.split(os.sep)
        parts = [p for p in parts if p]
        if len(parts) == 4 and parts[0] == TEAM_DIR and parts[1] == REGISTRY:
            # An entry of the team folder's registries (core/team/registry.py): another PC's edit.
            return not is_dir and is_entry_file(parts[3])
        if parts and parts[0] == TEAM_DIR:  # the team folder: its JSON files, dispatched by reconcile
            return is_dir or (parts[-1].endswith((".json", ".jsonl")) and not parts[-1].startswith("."))
        if not parts or any(ignore.is_ignored_dir(p) for p in parts[:-1]):
            return False
        if is_dir:
            return not ignore.is_ignored_dir(parts[-1])
        return ignore.classify(parts[-1]) in _MEDIA_CLASSES

    def _absorb(self, event: Any, now: float) -> None:
        etype = event.event_type
        if etype in _IGNORED_EVENT_TYPES:
            return
        src = os.fsdecode(event.src_path) if event.src_path else ""
        dest = os.fsdecode(event.dest_path) if getattr(event, "dest_path", "") else ""
        if event.is_directory:
            if src.rstrip(os.sep) == self.root.rstrip(os.sep) and etype in ("deleted", "moved"):
                self._check_root_now = True
                return
            # A directory's own modified/attrib events only echo changes of its children, which arrive as
            # events of their own; reporting the parent would make the caller rescan it for every file.
            if etype not in ("created", "deleted", "moved"):
                return
            if src and self._relevant(src, is_dir=True):
                self._add_quick(src, now, is_dir=True, removal=etype != "created")
            if dest and self._relevant(dest, is_dir=True):
                self._add_quick(dest, now, is_dir=True, removal=False)
            return
        if etype == "moved":
            if src and self._relevant(src, is_dir=False):
                self._add_quick(src, now, is_dir=False, removal=True)
            if dest and self._relevant(dest, is_dir=False):
                self._add_pending(dest, now)
        elif etype == "deleted":
            if self._relevant(src, is_dir=False):
                self._add_quick(src, now, is_dir=False, removal=True)
        elif src and self._relevant(src, is_dir=False):  # created, modified, attrib, closed (after write)
            self._add_pending(src, now)

    def _add_pending(self, path: str, now: float) -> None:
        signature = _signature(path)
        current = self._pending.get(path)
        if current is None or current.signature != signature:
            self._pending[path] = _Pending(signature, now)
        # Re-created after a deletion: the stability report covers it, an early deletion report would make
        # the caller read a half-written file.
        self._quick.pop(path, None)

    def _add_quick(self, path: str, now: float, *, is_dir: bool, removal: bool) -> None:
        if not is_dir:
            self._pending.pop(path, None)
        previous = self._quick.get(path)
        since = previous.since if previous is not None else now
        self._quick[path] = _Quick(since, is_dir, removal or (previous is not None and previous.removal))
        self._last_quick = now

    def _collect_ready(self, now: float) -> tuple[set[str], bool]:
        ready: set[str] = set()
        removal = False
        stable = self.w.stable_seconds
        for path, pending in list(self._pending.items()):
            if now - pending.since < stable:
                continue
            signature = _signature(path)
            if signature != pending.signature:
                self._pending[path] = _Pending(signature, now)
                continue
            del self._pending[path]
            ready.add(path)
            removal = removal or signature is None
        if self._quick:
            oldest = min(q.since for q in self._quick.values())
            if now - self._last_quick >= DEBOUNCE or now - oldest >= MAX_DEBOUNCE:
                for path, quick in list(self._quick.items()):
                    # A directory that is still being filled is reported once its files are complete, so
                    # the caller's rescan of it does not meet half-written files.
                    if quick.is_dir and not quick.removal and self._has_pending_under(path):
                        continue
                    del self._quick[path]
                    ready.add(path)
                    removal = removal or quick.removal
        return ready, removal

    def _has_pending_under(self, directory: str) -> bool:
        prefix = directory if directory.endswith(os.sep) else directory + os.sep
        return any(path.startswith(prefix) for path in self._pending)

    # -- health ---------------------------------------------------------------------------------------------

    def _root_ok(self) -> bool:
        try:
            st = os.stat(long_path(self.root))
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode)

    def _check_health(self, now: float) -> None:
        if not self._root_ok():
            self._enter_unreachable(now)
            return
        failure = _observer_failure(self.observer) if self.observer is not None else "aucun observateur"
        if failure is None:
            return
        log.warning("Surveillance de %s interrompue (%s) : redémarrage de l'observateur", self.root, failure)
        self._stop_observer()
        if self.stop_event.is_set():
            return
        if self._start_observer(self._base_mode):
            self._call_reconnect()
        elif not self.stop_event.is_set():
            self._enter_unreachable(time.monotonic())

    def _enter_unreachable(self, now: float) -> None:
        self._unreachable = True
        self._stop_observer()
        # No deletion is reported for what was pending: the caller rescans after the reconnect.
        self._pending.clear()
        self._quick.clear()
        self._check_root_now = False
        self._next_retry = now + self.w.retry_interval
        place = "Partage" if self._network else "Dossier"
        message = f"{place} inaccessible — nouvel essai dans {_fmt_seconds(self.w.retry_interval)}"
        log.warning("Dossier surveillé %s inaccessible", self.root)
        self.w._publish(self, WatchStatus("unreachable", self._mode or self._base_mode, message, self.w.retry_interval))

    def _retry(self, now: float) -> None:
        if self._root_ok() and self._start_observer(self._base_mode):
            log.info("Dossier surveillé %s de nouveau accessible", self.root)
            self._unreachable = False
            self._next_health = time.monotonic() + self.w.health_interval
            self._call_reconnect()
            return
        if self.stop_event.is_set():
            return
        self._next_retry = time.monotonic() + self.w.retry_interval

    def _call_reconnect(self) -> None:
        if self.w._on_reconnect is not None:
            _call_safely("on_reconnect", self.w._on_reconnect)

    # -- observer lifecycle ---------------------------------------------------------------------------------

    def _start_observer(self, mode: WatchMode) -> bool:
        """Start an observer in `mode` (native falls back to polling); False when the root cannot be
        watched at all."""
        self._generation += 1
        fallback_reason: str | None = None
        if mode is WatchMode.NATIVE and _native_is_polling():
            mode, fallback_reason = WatchMode.POLLING, "pas de surveillance native sur ce système"
        if mode is WatchMode.NATIVE:
            observer = self._try_start(_native_observer_factory)
            if isinstance(observer, BaseException):
                if self.stop_event.is_set() or not self._root_ok():
                    return False
                log.warning("Surveillance native de %s impossible (%s) : mode scrutation", self.root, observer)
                mode, fallback_reason = WatchMode.POLLING, _native_failure_reason(observer)
            else:
                return self._started(observer, mode, None)
        observer = self._try_start(lambda: _polling_observer(self.w.poll_interval))
        if isinstance(observer, BaseException):
            log.warning("Scrutation de %s impossible : %s", self.root, observer)
            return False
        return self._started(observer, mode, fallback_reason)

    def _try_start(self, factory: Callable[[], Any]) -> Any:
        observer = None
        try:
            observer = factory()
            observer.schedule(_Handler(self, self._generation), self.root, recursive=True)
            observer.start()
        except Exception as exc:  # noqa: BLE001 -- any OS or watchdog error: the caller logs it and falls back
            if observer is not None:
                self._stop_given(observer)
            return exc
        return observer

    def _started(self, observer: Any, mode: WatchMode, fallback_reason: str | None) -> bool:
        self.observer = observer
        self._mode = mode
        if mode is WatchMode.NATIVE:
            status = WatchStatus("watching", mode, "Surveillance du dossier")
        elif fallback_reason is not None:
            status = WatchStatus("polling", mode, f"Mode scrutation ({fallback_reason})")
        elif self._network:
            status = WatchStatus("polling", mode, "Mode scrutation (partage réseau)")
        else:
            status = WatchStatus("polling", mode, "Mode scrutation")
        self.w._publish(self, status, mode)
        if self.stop_event.is_set():
            self._stop_observer()
            return False
        return True

    def _stop_observer(self) -> None:
        observer, self.observer = self.observer, None
        self._generation += 1  # events still queued by it are stale
        if observer is not None:
            self._stop_given(observer)

    def _stop_given(self, observer: Any) -> None:
        # observer.stop() joins the emitters without a time limit; an emitter stuck in a stat() on a dead
        # share would freeze the watcher, so the stop runs on a helper thread we wait for with a budget.
        deadline = time.monotonic() + self._join_budget
        stopper = threading.Thread(target=self._stop_quietly, args=(observer,), name="lectoure-watch-stop", daemon=True)
        stopper.start()
        stopper.join(max(0.0, deadline - time.monotonic()))
        if observer.is_alive():
            with contextlib.suppress(RuntimeError):
                observer.join(max(0.0, deadline - time.monotonic()))
        if stopper.is_alive() or observer.is_alive():
            log.warning("L'observateur de %s ne s'est pas arrêté à temps ; abandonné", self.root)

    @staticmethod
    def _stop_quietly(observer: Any) -> None:
        try:
            observer.stop()
        except Exception:
            log.exception("Arrêt de l'observateur impossible")
