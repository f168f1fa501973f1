"""Discovery of the files under a library root: media files and their XMP sidecars.

The walk is the expensive part of a rescan of an unchanged tree (100,000 files): one `scandir` per folder
and one `stat` per file, nothing else; comparison with the catalog is a dict lookup per file.
"""

from __future__ import annotations

import logging
import os
import re
import stat as stat_mod
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .fsutil import IS_WINDOWS, fold_name, path_key
from .ignore import classify, is_ignored_dir

log = logging.getLogger(__name__)


_S_IFMT, _S_IFREG, _S_IFDIR = stat_mod.S_IFMT(0o777777), stat_mod.S_IFREG, stat_mod.S_IFDIR


# -- what is indexed: one rule for the scan's walk and for the watcher's reports (Library.apply_changes) --
# Regular files only, reached from the root without going through a symbolic link (or a Windows junction):
# a link may point out of the tree (`d/up -> ..`, a file elsewhere), make a loop (`a -> .`) or lead to a
# device (`photo.jpg -> /dev/zero`) or a FIFO, which a reader would wait on forever.
# Windows: a junction lstat()s as a directory; only its reparse tag tells. Other reparse points (OneDrive
# placeholders, dedup) are ordinary folders and files.
_LINK_REPARSE_TAGS = frozenset({0xA0000003, 0xA000000C})  # IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK


def is_indexable_stat(st: os.stat_result) -> bool:
    """`st` from lstat (never following links): a regular file."""
    return st.st_mode & _S_IFMT == _S_IFREG


def is_walkable_dir_stat(st: os.stat_result) -> bool:
    """`st` from lstat: a directory to descend into (not a link to one, not a junction)."""
    return st.st_mode & _S_IFMT == _S_IFDIR and getattr(st, "st_reparse_tag", 0) not in _LINK_REPARSE_TAGS


def reached_without_links(root: str, path: str, folders: dict[str, bool] | None = None) -> bool:
    """True when the folders between `root` and `path` (both absolute, `path` under `root`) are all real
    directories: a path the walk itself could have found. One lstat per level; `folders`, a dict kept by
    the caller for one batch, remembers the answer per folder (a share answers each lstat over the network)."""
    parent = os.path.dirname(path)
    if folders is not None:
        known = folders.get(parent)
        if known is None:
            known = folders[parent] = reached_without_links(root, path)
        return known
    try:
        rel = os.path.relpath(parent, root)
    except ValueError:  # another drive (Windows)
        return False
    if rel == os.curdir:
        return True
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return False
    folder = root
    for part in rel.split(os.sep):
        folder = os.path.join(folder, part)
        try:
            if not is_walkable_dir_stat(os.lstat(folder)):
                return False
        except OSError:
            return False  # gone or unreadable: nothing there can be indexed now
    return True


def indexable(root: str, path: str, folders: dict[str, bool] | None = None) -> os.stat_result | None:
    """The lstat of `path` when the library indexes what is there (see the rule above), else None.
    `folders`: as for reached_without_links."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not is_indexable_stat(st) or not reached_without_links(root, path, folders):
        return None
    return st


class RootUnreachable(OSError):
    """The library root cannot be read (share disconnected, drive unmapped). Nothing is marked missing."""


class SidecarMap(dict[str, tuple[int, int]]):
    """Sidecar key (".xmp" suffix spelled one way) -> (size, mtime_ns), with a case-insensitive view for the
    sidecars whose name differs from their media's in case (`IMG.jpg.xmp` beside `IMG.JPG`)."""

    _folded: dict[str, list[str]] | None = None

    def folded(self) -> dict[str, list[str]]:
        """fold_name(key) -> the keys spelled that way; built once, after the walk filled the map."""
        if self._folded is None:
            folded: dict[str, list[str]] = {}
            for key in self:
                folded.setdefault(fold_name(key), []).append(key)
            self._folded = folded
        return self._folded


@dataclass
class WalkResult:
    media: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path_key -> (path, size, mtime_ns)
    sidecars: SidecarMap = field(default_factory=SidecarMap)  # sidecar key -> (size, mtime_ns)
    unreadable_dirs: list[tuple[str, str]] = field(default_factory=list)  # (dir, reason)
    unchanged: set[str] = field(default_factory=set)  # keys `is_unchanged` accepted (not in `media`)
    leftovers: list[tuple[str, int]] = field(default_factory=list)  # (path, mtime_ns): see is_leftover_name


# Files our own writes leave in the share when a process is killed (kill -9, power loss) at the wrong moment:
# the temp file of an atomic sidecar write (`.IMG.JPG.xmp.k3j_x9q2.tmp`, fsutil.atomic_write_chunks through
# tempfile.mkstemp) and a stale share lock renamed aside before its removal (`IMG.JPG.xmp.broken-<12 hex>
# .lmlock`, sharelock._break). Both names are unique to one write, so nobody can be using an old one; a
# plain `.lmlock` is never removed here (a live PC may hold it: the share lock's stale rule handles it).
_LEFTOVER = re.compile(r"(?:\..+\.xmp\.[a-z0-9_]{8}\.tmp|.+\.xmp\.broken-[0-9a-f]{12}\.lmlock)", re.IGNORECASE)
# Older than this (by the file's modification time, as the share's server keeps it): surely not a write in
# progress. A sidecar write takes milliseconds; an hour also absorbs clocks that disagree.
LEFTOVER_AGE = 3600.0


def is_leftover_name(name: str) -> bool:
    return name.endswith((".tmp", ".lmlock", ".TMP", ".LMLOCK")) and _LEFTOVER.fullmatch(name) is not None


def remove_leftovers(leftovers: list[tuple[str, int]], now: float | None = None) -> int:
    """Delete the leftovers a walk found that are older than LEFTOVER_AGE; returns how many went. A file
    that changed, vanished or cannot be removed is left alone (the next scan tries again)."""
    now = time.time() if now is None else now
    removed = 0
    for path, mtime_ns in leftovers:
        if now - mtime_ns / 1e9 < LEFTOVER_AGE:
            continue
        try:
            st = os.lstat(path)
            if not is_indexable_stat(st) or st.st_mtime_ns != mtime_ns:
                continue
            os.unlink(path)
        except OSError as exc:
            log.info("leftover %s not removed: %r", path, exc)
            continue
        log.info("removed %s, left by a write that was interrupted", path)
        removed += 1
    return removed


def check_root(root: str) -> None:
    try:
        st = os.stat(root)
        if not stat_mod.S_ISDIR(st.st_mode):
            raise RootUnreachable(f"« {root} » n'est pas un dossier.")
        with os.scandir(root) as it:
            next(it, None)
    except RootUnreachable:
        raise
    except FileNotFoundError:
        raise RootUnreachable(f"Le dossier « {root} » est introuvable (partage déconnecté ?).") from None
    except PermissionError:
        raise RootUnreachable(f"Accès refusé au dossier « {root} ».") from None
    except OSError as exc:
        raise RootUnreachable(f"Le dossier « {root} » est inaccessible : {exc.strerror or exc}.") from None


def walk(
    root: str, cancel: threading.Event | None = None, known: Mapping[str, tuple[int | None, int | None]] | None = None
) -> WalkResult:
    """All media files and sidecars under `root` (hidden, system and partial files skipped).

    `known` (path key -> (size, mtime_ns)), when given, lets the caller recognise files it already knows
    as they are found: those only go into `result.unchanged`, which keeps a rescan of 100,000 unchanged
    files to one pass. It is not used in folders holding sidecars (tags there may have changed: the
    caller looks at those files in `media`)."""
    check_root(root)
    result = WalkResult()
    media, sidecars, unchanged = result.media, result.sidecars, result.unchanged
    fast_keys = not IS_WINDOWS
    known_sigs: Mapping[str, tuple[int | None, int | None]] = known if known is not None else {}
    classify_ = classify
    stack = [root]
    push = stack.append
    while stack:
        if cancel is not None and cancel.is_set():
            break
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            if folder == root:
                raise RootUnreachable(f"Le dossier « {root} » est inaccessible : {exc.strerror or exc}.") from None
            result.unreadable_dirs.append((folder, exc.strerror or str(exc)))
            continue
        # Folders with sidecars go the general way (see the docstring): decided before looking at files.
        check_known = known is not None and not any(e.name[-4:].lower() == ".xmp" for e in entries)
        for entry in entries:
            name = entry.name
            try:
                kind = classify_(name)  # by name first: most entries are files, this saves is_dir calls
                if kind is None:
                    if is_leftover_name(name):
                        st = entry.stat(follow_symlinks=False)
                        if is_indexable_stat(st):
                            result.leftovers.append((entry.path, st.st_mtime_ns))
                        continue
                    if (
                        entry.is_dir(follow_symlinks=False)
                        and not is_ignored_dir(name)
                        and (not IS_WINDOWS or is_walkable_dir_stat(entry.stat(follow_symlinks=False)))
                    ):
                        push(entry.path)
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished between listing and stat, or unreadable: the next scan sees it
            path = entry.path
            if not is_indexable_stat(st):  # links, devices, FIFOs, sockets (see the rule above)
                if is_walkable_dir_stat(st) and not is_ignored_dir(name):  # a folder named "Album.jpg"
                    push(entry.path)
                if kind == "sidecar":
                    # A folder or a FIFO under a sidecar's name: listed, so that reading it reports it.
                    sidecars[path_key(path)[:-4] + ".xmp"] = (st.st_size, st.st_mtime_ns)
                continue
            # path_key is the identity for ASCII names on Linux: skip the call in the hot loop
            key = path if fast_keys and path.isascii() else path_key(path)
            if kind == "media":
                if check_known and known_sigs.get(key) == (st.st_size, st.st_mtime_ns):
                    unchanged.add(key)
                else:
                    media[key] = (path, st.st_size, st.st_mtime_ns)
            else:
                sidecars[key[:-4] + ".xmp"] = (st.st_size, st.st_mtime_ns)
    return result
