"""Discovery of the files under a library root: media files and their XMP sidecars.

The walk is the expensive part of a rescan of an unchanged tree (100,000 files): one `scandir` per folder
and one `stat` per file, nothing else; comparison with the catalog is a dict lookup per file.
"""
from __future__ import annotations

import logging
import os
import stat as stat_mod
from dataclasses import dataclass, field

from .fsutil import path_key
from .ignore import classify, is_ignored_dir

log = logging.getLogger(__name__)


class RootUnreachable(OSError):
    """The library root cannot be read (share disconnected, drive unmapped). Nothing is marked missing."""


@dataclass
class WalkResult:
    media: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path_key -> (path, size, mtime_ns)
    sidecars: dict[str, tuple[int, int]] = field(default_factory=dict)  # path_key -> (size, mtime_ns)
    unreadable_dirs: list[tuple[str, str]] = field(default_factory=list)  # (dir, reason)


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


def walk(root: str, cancel=None) -> WalkResult:
    """All media files and sidecars under `root` (hidden, system and partial files skipped)."""
    check_root(root)
    result = WalkResult()
    media, sidecars = result.media, result.sidecars
    stack = [root]
    while stack:
        if cancel is not None and cancel.is_set():
            break
        folder = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError as exc:
            if folder == root:
                raise RootUnreachable(f"Le dossier « {root} » est inaccessible : {exc.strerror or exc}.") from None
            result.unreadable_dirs.append((folder, exc.strerror or str(exc)))
            continue
        with it:
            for entry in it:
                name = entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if not is_ignored_dir(name):
                            stack.append(entry.path)
                        continue
                    kind = classify(name)
                    if kind is None:
                        continue
                    st = entry.stat(follow_symlinks=False)
                    if not stat_mod.S_ISREG(st.st_mode):
                        continue
                except OSError:
                    continue  # vanished between listing and stat, or unreadable: the next scan sees it
                if kind == "media":
                    media[path_key(entry.path)] = (entry.path, st.st_size, st.st_mtime_ns)
                else:
                    sidecars[path_key(entry.path)] = (st.st_size, st.st_mtime_ns)
    return result
