"""An exclusive lock on one file of the shared folder, held across PCs (SMB), processes and threads.

    with share_lock(path_of_file_to_protect, timeout=45):
        ...read, merge, write the file...

The lock is a small file next to the protected one, `<name>.lmlock`, created with O_CREAT | O_EXCL: the SMB
server creates a file atomically (the CREATE request with FILE_CREATE disposition either creates it or fails
with "name collision"), so exactly one PC wins, whatever the number of clients; no hard links are involved.
The file holds JSON: host name, process id, wall time and a random token naming this acquisition.

Who waits breaks a lock that is stale, meaning
  * its host is this PC and its process is gone (a crash or a kill: proceeds at once);
  * it says it is older than STALE_AFTER + CLOCK_SKEW by our clock (left by a PC that died long ago; the
    allowance covers clocks of PCs that disagree — a Windows domain keeps them within 5 minutes);
  * this waiter has seen it unchanged, same bytes, for STALE_AFTER seconds of its own monotonic clock (a PC
    that died a moment ago; needs no clock agreement); an empty or garbled lock file (its creator killed
    between creating and writing it) after UNREADABLE_STALE_AFTER seconds already.
A lock is held for one read-merge-write (milliseconds, a second on a slow share), so STALE_AFTER is far
above a live hold; the default waiting time is longer than STALE_AFTER, so a dead PC never makes the others
give up. Breaking renames the lock to a unique name and deletes it only if it is still the stale content;
if a fresh lock was taken meanwhile, its owner notices (`held()` is checked just before committing a write)
and starts over, so a broken lock never lets two writers commit on the same data.
On timeout, ShareLockTimeout carries a French sentence naming the PC that holds the lock.
A normal exit, an exception or Ctrl-C always removes our lock file (and only ours: the token is compared).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import random
import socket
import stat
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .fsutil import IS_WINDOWS, long_path

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lmlock"
# A lock seen unchanged this long (seconds, by the waiter's own clock) belongs to a PC that died.
STALE_AFTER = 30.0
# A lock file that cannot be read (empty: its creator was killed between creating and writing it) seen unchanged
# this long is dead: a live creator writes its few bytes at once.
UNREADABLE_STALE_AFTER = 5.0
# How far the clocks of two PCs may disagree (Kerberos refuses more than 5 minutes in a Windows domain).
CLOCK_SKEW = 300.0
# Default wait: longer than STALE_AFTER, so that a dead holder is always broken before a waiter gives up.
DEFAULT_TIMEOUT = 45.0
# A lock file is a few dozen bytes; anything bigger is not ours and is read only this far.
_MAX_LOCK_BYTES = 4096
_BROKEN_MARK = ".broken-"

_held_tokens: set[str] = set()  # acquisitions alive in this process (a stale lock may carry our pid)
_held_guard = threading.Lock()


class ShareLockTimeout(Exception):
    """The lock stayed held by someone else for the whole timeout; args[0] is a French sentence."""

    def __init__(self, message: str, holder: dict[str, Any] | None) -> None:
        super().__init__(message)
        self.holder = holder


def lock_path_for(path: str) -> str:
    """The lock file protecting `path`: `IMG.JPG.xmp` -> `IMG.JPG.xmp.lmlock`."""
    return os.fspath(path) + LOCK_SUFFIX


def is_lock_name(name: str) -> bool:
    """A lock file (or a broken one being removed): never an asset, never a change to react to."""
    return name.lower().endswith(LOCK_SUFFIX)


def _host() -> str:
    return socket.gethostname() or "?"


# What a lock name holding something else than a file reads as: never valid, so broken once seen for a while.
_NOT_A_FILE = b"\0not a regular file"


def _read(path: str) -> bytes | None:
    """Content of a lock file; None when it is gone."""
    try:
        if not stat.S_ISREG(os.lstat(long_path(path)).st_mode):
            return _NOT_A_FILE  # a folder or a link planted under the lock's name
    except FileNotFoundError:
        return None
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(long_path(path), flags)
    except FileNotFoundError:
        return None
    except PermissionError:
        if IS_WINDOWS and not os.path.lexists(long_path(path)):
            return None  # deleted while we opened it (Windows reports delete-pending files this way)
        raise
    try:
        return os.read(fd, _MAX_LOCK_BYTES)
    finally:
        os.close(fd)


def _parse(raw: bytes) -> dict[str, Any] | None:
    """host/pid/time/token of a lock file, checked (the file is on a share: untrusted); None if unusable."""
    try:
        info = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    host, pid, when, token = info.get("host"), info.get("pid"), info.get("time"), info.get("token")
    if not (isinstance(host, str) and 0 < len(host) <= 255 and host.isprintable()):
        return None
    if not (isinstance(token, str) and len(token) <= 64):
        return None
    if isinstance(pid, bool) or not isinstance(pid, int) or not 0 < pid < 2**32:
        return None
    if isinstance(when, bool) or not isinstance(when, (int, float)) or not math.isfinite(when):
        return None
    return {"host": host, "pid": pid, "time": float(when), "token": token}


def _pid_alive(pid: int) -> bool:
    """Whether a process of this PC with that id is running (an unknown answer counts as alive)."""
    if IS_WINDOWS:
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    try:  # a killed process not yet reaped by its parent is a zombie: it holds nothing any more
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[:1] != [b"Z"]
    except OSError:
        return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    if sys.platform == "win32":  # only called there (IS_WINDOWS); the check also guides the type checker
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() != 87  # ERROR_INVALID_PARAMETER: no such process
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    raise OSError("not on Windows")


def _stale_reason(info: dict[str, Any] | None, seen_for: float, stale_after: float) -> str | None:
    if seen_for >= stale_after:
        return f"unchanged for {seen_for:.0f} s"
    if info is None:
        # Being written right now (its creator writes the JSON just after creating the file), or left empty or
        # garbled by a process killed in between: a live holder's lock is readable within a moment, so an
        # unreadable one seen unchanged for UNREADABLE_STALE_AFTER is dead (a kill -9 must not hold a team file
        # for the whole STALE_AFTER).
        if seen_for >= min(stale_after, UNREADABLE_STALE_AFTER):
            return f"unreadable and unchanged for {seen_for:.0f} s"
        return None
    if info["host"].casefold() == _host().casefold():
        if info["pid"] == os.getpid():
            with _held_guard:
                if info["token"] not in _held_tokens:
                    return "left by an earlier process with our pid"
        elif not _pid_alive(info["pid"]):
            return f"process {info['pid']} is gone"
    if time.time() - info["time"] > stale_after + CLOCK_SKEW:
        return f"taken at {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(info['time']))}"
    return None


def _break(lock: str, raw: bytes) -> None:
    """Remove a stale lock whose content is `raw`, without ever removing a lock taken since."""
    if _read(lock) != raw:
        return
    folder, name = os.path.split(lock)
    aside = os.path.join(folder, name[: -len(LOCK_SUFFIX)] + _BROKEN_MARK + uuid.uuid4().hex[:12] + LOCK_SUFFIX)
    try:
        os.rename(long_path(lock), long_path(aside))
    except FileNotFoundError:
        return  # another waiter broke it first
    try:
        if _read(aside) != raw:
            # A new holder took the lock between our read and the rename: it checks held() before
            # committing, sees its lock gone and starts over.
            log.warning("lock %s was taken again while being broken; its holder will retry", lock)
    finally:
        try:
            os.unlink(long_path(aside))
        except OSError as exc:
            log.warning("could not remove broken lock %s: %r", aside, exc)


class ShareLock:
    """One acquisition of the lock protecting `path` (see the module docstring); use share_lock()."""

    def __init__(self, path: str, *, stale_after: float = STALE_AFTER) -> None:
        self.path = os.fspath(path)
        self.lock_path = lock_path_for(self.path)
        self.stale_after = stale_after
        self.token: str | None = None

    def acquire(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Take the lock, waiting up to `timeout` seconds. Raises ShareLockTimeout (French) when someone
        else kept it, OSError when the lock file cannot be created (read-only or missing folder)."""
        token = uuid.uuid4().hex
        content = json.dumps(
            {"host": _host(), "pid": os.getpid(), "time": time.time(), "token": token, "program": "Lectoure Media"}
        ).encode()
        start = time.monotonic()
        seen: tuple[bytes, float] | None = None
        delay = 0.002
        waited = False
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            try:
                fd = os.open(long_path(self.lock_path), flags, 0o666)
            except FileExistsError:
                pass
            except PermissionError:
                # Windows answers "access denied" for a lock file being deleted; a read-only folder too.
                if not (IS_WINDOWS and os.path.lexists(long_path(self.lock_path))):
                    raise
            else:
                with _held_guard:
                    _held_tokens.add(token)
                self.token = token
                try:
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(content)
                except BaseException:
                    self.token = None
                    with _held_guard:
                        _held_tokens.discard(token)
                    with contextlib.suppress(OSError):
                        os.unlink(long_path(self.lock_path))  # ours: we created it an instant ago
                    raise
                if waited:
                    log.info("lock %s taken after %.2f s", self.lock_path, time.monotonic() - start)
                return
            now = time.monotonic()
            raw = _read(self.lock_path)
            if raw is None:  # released between our create and our read: try again at once
                if now - start >= timeout:
                    raise ShareLockTimeout(_timeout_message(self.path, None, now - start), None)
                continue
            if seen is None or seen[0] != raw:
                seen = (raw, now)
            info = _parse(raw)
            reason = _stale_reason(info, now - seen[1], self.stale_after)
            if reason is not None:
                log.warning("breaking stale lock %s (%s): %r", self.lock_path, reason, raw[:200])
                try:
                    _break(self.lock_path, raw)
                except OSError as exc:  # e.g. a folder planted under the lock's name: the wait goes on
                    log.warning("could not break lock %s: %r", self.lock_path, exc)
                else:
                    seen = None
                    continue
            if now - start >= timeout:
                raise ShareLockTimeout(_timeout_message(self.path, info, now - seen[1]), info)
            if not waited:
                waited = True
                log.info("waiting for lock %s held by %s", self.lock_path, info or raw[:200])
            time.sleep(min(delay * random.uniform(0.5, 1.5), max(0.0, timeout - (now - start))))
            delay = min(delay * 2, 0.1)

    def held(self) -> bool:
        """Whether the lock file still holds our token (False if a waiter judged us dead and broke it)."""
        if self.token is None:
            return False
        try:
            raw = _read(self.lock_path)
        except OSError:
            return False
        info = _parse(raw) if raw is not None else None
        return info is not None and info["token"] == self.token

    def release(self) -> None:
        """Remove our lock file (never someone else's). Errors are logged: the stale rule cleans up."""
        token, self.token = self.token, None
        if token is None:
            return
        with _held_guard:
            _held_tokens.discard(token)
        try:
            raw = _read(self.lock_path)
            info = _parse(raw) if raw is not None else None
            if info is not None and info["token"] == token:
                _unlink_with_retry(self.lock_path)
            else:
                log.warning("lock %s was broken while we held it", self.lock_path)
        except OSError as exc:
            log.warning("could not remove lock %s: %r", self.lock_path, exc)


def _unlink_with_retry(path: str, attempts: int = 8) -> None:
    """os.unlink; on Windows a waiter reading the lock file at that instant makes it fail for a moment
    (files are opened without FILE_SHARE_DELETE), so it is retried briefly rather than left for the stale rule."""
    delay = 0.005
    for attempt in range(attempts):
        try:
            os.unlink(long_path(path))
            return
        except PermissionError:
            if not IS_WINDOWS or attempt == attempts - 1:
                raise
            time.sleep(delay)
            delay *= 2


def _timeout_message(path: str, info: dict[str, Any] | None, seen_for: float) -> str:
    name = os.path.basename(path)
    if info is None:
        return f"« {name} » est verrouillé par un autre poste depuis plus de {max(1, round(seen_for))} s."
    return (
        f"« {name} » est en cours de modification par le poste « {info['host']} » depuis plus de"
        f" {max(1, round(seen_for))} s."
    )


@contextmanager
def share_lock(path: str, *, timeout: float = DEFAULT_TIMEOUT, stale_after: float = STALE_AFTER) -> Iterator[ShareLock]:
    """Hold the lock protecting `path` for the duration of the block (see the module docstring)."""
    lock = ShareLock(path, stale_after=stale_after)
    lock.acquire(timeout)
    try:
        yield lock
    finally:
        lock.release()
