"""File-system helpers shared by the catalog, the sidecars and the exports.

Windows is the target: an antivirus or the search indexer may hold a file for a moment, so a replace is
retried with back-off; paths longer than 260 characters need the extended-length prefix there.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

IS_WINDOWS = os.name == "nt"
# Windows error codes that mean "someone else has the file open right now".
_WIN_SHARING = {5, 32, 33}  # ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def _is_transient(exc: OSError, windows: bool) -> bool:
    if not windows:
        return False
    winerror = getattr(exc, "winerror", None)
    return isinstance(exc, PermissionError) or winerror in _WIN_SHARING or exc.errno == errno.EACCES


def replace_with_retry(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    attempts: int = 8,
    first_delay: float = 0.05,
    windows: bool | None = None,
    _replace: Callable[[str | os.PathLike[str], str | os.PathLike[str]], None] = os.replace,
    _sleep: Callable[[float], None] = time.sleep,
) -> None:
    """os.replace, retried with exponential back-off while another program holds the target (Windows)."""
    windows = IS_WINDOWS if windows is None else windows
    delay = first_delay
    for attempt in range(attempts):
        try:
            _replace(src, dst)
            return
        except OSError as exc:
            if attempt == attempts - 1 or not _is_transient(exc, windows):
                raise
            _sleep(delay)
            delay = min(delay * 2, 1.0)


@functools.cache
def default_file_mode() -> int:
    """0o666 minus the process umask, for new files others on the share must read (mkstemp gives 0o600).

    os.umask can only be read by setting it, which races with other threads; Linux publishes it in
    /proc/self/status. (Windows files take the folder's ACL; the mode is not used there.)"""
    umask = 0o022
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    umask = int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o666 & ~umask


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, fsync: bool = True, mode: int | None = None
) -> os.stat_result:
    """Write `data` to `path` so that readers see the old content or the new, never a mix.

    Temp file in the same folder (same file system, so the rename is atomic), fsync, then replace.
    On any failure the temp file is removed and the original is untouched. Returns the stat of the file
    written (taken before the rename: by the time we could stat `path`, someone may have replaced it).
    """
    return atomic_write_chunks(path, (data,), fsync=fsync, mode=mode)


def atomic_write_chunks(
    path: str | os.PathLike[str], chunks: Iterable[bytes], *, fsync: bool = True, mode: int | None = None
) -> os.stat_result:
    """atomic_write_bytes for content produced piece by piece (a 60 MB catalog is never held whole in
    memory); an exception raised by `chunks` aborts the write like any other failure.

    The new file gets `mode`, else the permissions of the file it replaces, else default_file_mode()."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        if mode is None:
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)
            except OSError:
                mode = default_file_mode()
        if hasattr(os, "fchmod"):
            with contextlib.suppress(OSError):  # some CIFS mounts refuse it; the mount then decides access
                os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        written = os.stat(tmp)  # a rename keeps size and modification time
        replace_with_retry(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if fsync and not IS_WINDOWS:
        _fsync_dir(path.parent)
    return written


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def long_path(path: str, *, windows: bool | None = None) -> str:
    r"""Path usable by Win32 APIs past MAX_PATH: C:\x -> \\?\C:\x, \\srv\share\x -> \\?\UNC\srv\share\x."""
    windows = IS_WINDOWS if windows is None else windows
    if not windows or path.startswith("\\\\?\\") or len(path) < 240:
        return path
    path = path.replace("/", "\\")
    if path.startswith("\\\\"):
        return "\\\\?\\UNC\\" + path[2:]
    return "\\\\?\\" + path


def strip_long_prefix(path: str) -> str:
    if path.startswith("\\\\?\\UNC\\"):
        return "\\\\" + path[8:]
    if path.startswith("\\\\?\\"):
        return path[4:]
    return path


def path_key(path: str, *, windows: bool | None = None) -> str:
    """Key under which a path is indexed: Windows file names are case-insensitive, and a share may be
    reached as X:\\ or \\\\server\\share; Linux names are case-sensitive."""
    windows = IS_WINDOWS if windows is None else windows
    if not path.isascii():  # (ASCII is already NFC: the common case skips the call)
        path = unicodedata.normalize("NFC", path)
    if path.startswith("\\\\?\\"):
        path = strip_long_prefix(path)
    if windows:
        return path.replace("/", "\\").casefold()
    return path


# -- file names that are not valid UTF-8 -----------------------------------------------------------------
# Linux gives a name whose bytes are not UTF-8 (a Latin-1 "photo\xe9t\xe9.jpg" copied from an old share) as
# a str with lone surrogates ("photo\udce9t\udce9.jpg"): that str is the real path for every os call, and
# the library keeps it as is. Only what leaves the program as text (JSON, the screen) is converted.


def os_bytes(path: str) -> bytes:
    """The bytes of a file name as the system has them (POSIX); WTF-8 for an unpaired UTF-16 surrogate
    of a Windows name."""
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def is_printable(text: str) -> bool:
    """True when `text` is valid Unicode (it can be written as UTF-8 / JSON as is)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """`text` with the bytes that are not UTF-8 shown as U+FFFD: valid text for JSON, Qt or a terminal."""
    if is_printable(text):
        return text
    return os_bytes(text).decode("utf-8", "replace")


def json_path(path: str, key: str = "path") -> dict[str, str]:
    """{key: path} for a JSON output; a name that is not valid UTF-8 is given as `printable(path)` with
    `<key>_bytes`, the base64 of its real bytes (docs/cli.md)."""
    if is_printable(path):
        return {key: path}
    import base64

    return {key: printable(path), f"{key}_bytes": base64.b64encode(os_bytes(path)).decode("ascii")}


def fold_name(name: str) -> str:
    """A file name (or path key) as two spellings of one name compare: case-insensitive, "é" typed on
    Windows (NFC) equal to the e + U+0301 a Mac writes (NFD). A Windows share treats `IMG.jpg.xmp` and
    `IMG.JPG.xmp` as one file; a Linux or Samba export may hold both."""
    return (name if name.isascii() else unicodedata.normalize("NFC", name)).casefold()
