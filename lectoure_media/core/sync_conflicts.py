"""Merging back the conflict copies a sync service made of a sidecar (issue 10, item 7).

`IMG_0001 (conflicted copy 2024-05-01).JPG.xmp`, `IMG_0001.JPG-PC2.xmp`, `IMG_0001-PC2.JPG.xmp`,
`IMG_0001.JPG.sync-conflict-20240501-101010-ABCDEF.xmp` (names: team/conflicts.py) are never indexed and
never read as another file's sidecar. The writer of a catalog (a scan, the watcher) merges each into the
original sidecar through sidecar.update_sidecar — the same read-merge-write under the share lock as a tag
edit: the tag sets are unioned; for our scalar fields (focal point, crops, business categories) the later
file wins (the copy's when it is newer than the original sidecar, else only the fields the original lacks)
— then deletes the copy. If anything fails the copy stays where it is and the reason is reported; nothing
is lost. A sidecar whose own media file exists is that file's sidecar, whatever its name; a copy whose
original has no media file in the folder is left alone.

Media conflict copies (`IMG_0001 (conflicted copy).JPG`) are real, different files: they are indexed like
any photo (their content fingerprint tells whether they are exact duplicates).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Container, Iterable

from .fsutil import fold_name, path_key
from .model import MEDIA_EXTENSIONS
from .team.conflicts import may_be_sidecar_conflict, sidecar_conflict_original

log = logging.getLogger(__name__)


class _Folder:
    """One listing of a folder, looked up case- and Unicode-insensitively."""

    def __init__(self, folder: str) -> None:
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        self.exact = {fold_name(n): n for n in names}
        self.by_stem: dict[str, str] = {}
        for n in names:
            stem, ext = os.path.splitext(n)
            if ext.lower() in MEDIA_EXTENSIONS:
                self.by_stem.setdefault(fold_name(stem), n)

    def media_of(self, sidecar_name: str) -> str | None:
        """The media file a sidecar name belongs to in this folder (`IMG.JPG.xmp` or Adobe's `IMG.xmp`)."""
        base = sidecar_name[:-4]
        if os.path.splitext(base)[1].lower() in MEDIA_EXTENSIONS:
            return self.exact.get(fold_name(base))
        return self.by_stem.get(fold_name(base))


def merge_copy(copy_path: str, folder: _Folder | None = None) -> tuple[str | None, str | None]:
    """Merge one conflict copy into its original sidecar, then delete it. Returns (the media path whose
    sidecar received it, None), or (None, French reason) when it stays, or (None, None) when `copy_path` is
    not a conflict copy (or is gone)."""
    from .model import InvalidName
    from .sidecar import MAX_SIDECAR_BYTES, SidecarError, find_sidecar, read_packet, read_sidecar, update_sidecar

    directory, name = os.path.split(copy_path)
    if not may_be_sidecar_conflict(name):
        return None, None
    listing = folder or _Folder(directory)
    if listing.media_of(name) is not None:  # its own media file is there: a real sidecar
        return None, None
    original = sidecar_conflict_original(name, exists=lambda c: listing.media_of(c) is not None)
    if original is None:
        return None, None
    media_name = listing.media_of(original)
    if media_name is None:
        return None, None
    media = os.path.join(directory, media_name)
    try:
        with open(copy_path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read(MAX_SIDECAR_BYTES + 1)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"La copie en conflit « {name} » ne peut pas être lue ({exc.strerror or exc}) ; elle est gardée."
    copy, _ = read_packet(data, name)
    if copy.error:
        return None, f"La copie en conflit « {name} » est illisible ({copy.error}) ; elle est gardée telle quelle."
    current = read_sidecar(media)
    source = find_sidecar(media)
    try:
        newer = source is None or st.st_mtime_ns > os.stat(source).st_mtime_ns
    except OSError:
        newer = True
    own = dict(copy.own) if newer else {k: v for k, v in copy.own.items() if k not in current.own}
    cats: dict[str, str | None] = {k: v for k, v in copy.categories.items() if newer or k not in current.categories}
    try:
        update_sidecar(media, add=copy.tags, categories=cats, own=own)
    except (SidecarError, InvalidName, ValueError, TypeError) as exc:
        log.warning("conflict copy %s not merged: %s", copy_path, exc)
        return None, f"La copie en conflit « {name} » n'a pas pu être fusionnée ({exc}) ; elle est gardée."
    try:
        os.unlink(copy_path)
    except FileNotFoundError:
        pass
    except OSError as exc:  # merged; the next pass merges it again (a union: no harm) and retries
        return (
            media,
            f"La copie en conflit « {name} » est fusionnée mais n'a pas pu être supprimée ({exc.strerror or exc}).",
        )
    log.info("conflict copy %s merged into the sidecar of %s", copy_path, media)
    return media, None


def merge_copies(paths: Iterable[str]) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Merge the conflict copies among sidecar `paths`. Returns (copies handled — merged or kept: never
    another file's sidecar —, media whose sidecar changed, errors as {path, reason})."""
    handled: list[str] = []
    media_changed: list[str] = []
    errors: list[dict[str, str]] = []
    folders: dict[str, _Folder] = {}
    for path in paths:
        if not may_be_sidecar_conflict(os.path.basename(path)):
            continue
        directory = os.path.dirname(path)
        folder = folders.get(directory)
        if folder is None:
            folder = folders[directory] = _Folder(directory)
        media, reason = merge_copy(path, folder)
        if media is None and reason is None:
            continue
        handled.append(path)
        if media is not None:
            media_changed.append(media)
            folders.pop(directory, None)  # the copy is gone from the listing
        if reason is not None:
            errors.append({"path": path, "reason": reason})
    return handled, media_changed, errors


def merge_walked(sidecars: dict[str, tuple[int, int]], media: Container[str] = ()) -> list[dict[str, str]]:
    """The scan's pass over the sidecars a walk found (keys: sidecar path keys): merge the conflict copies
    and update the map so that the rest of the scan re-reads the originals and ignores the copies.
    `media`: the media keys the walk found; a sidecar of one of them (`IMG-2024.JPG.xmp` beside
    `IMG-2024.JPG`, the common case) is skipped without listing its folder."""
    from .sidecar import find_sidecar

    suspects = [k for k in sidecars if may_be_sidecar_conflict(os.path.basename(k)) and k[:-4] not in media]
    handled, media_changed, errors = merge_copies(suspects)
    for path in handled:
        sidecars.pop(path, None)
    for media in media_changed:
        source = find_sidecar(media)
        if source is None:
            continue
        try:
            st = os.stat(source)
        except OSError:
            continue
        sidecars[path_key(source)[:-4] + ".xmp"] = (st.st_size, st.st_mtime_ns)
    return errors
