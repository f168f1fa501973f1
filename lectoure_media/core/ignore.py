"""Which names in the watched folder are media, sidecars, or to be ignored (shared by scan and watch)."""

from __future__ import annotations

import os

from .model import MEDIA_EXTENSIONS
from .sharelock import is_lock_name

SYSTEM_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "ehthumbs_vista.db", "icon\r"}
PARTIAL_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download", ".!ut", ".filepart")
SIDECAR_SUFFIX = ".xmp"


def is_ignored_name(name: str) -> bool:
    """Hidden files, Office lock files, our lock files (sharelock), system files, partial downloads: never
    assets."""
    low = name.lower()
    return (
        name.startswith(".")
        or is_lock_name(name)
        or name.startswith("~$")
        or low in SYSTEM_NAMES
        or low.endswith(PARTIAL_SUFFIXES)
        or low.startswith("@eadir")  # Synology NAS thumbnails folder
        or low == "$recycle.bin"
        or low == "#recycle"
    )


def is_ignored_dir(name: str) -> bool:
    return is_ignored_name(name) or name.lower() in {"system volume information", "@eadir", "#snapshot"}


def classify(name: str) -> str | None:
    """'media' for a photo/video name, 'sidecar' for an XMP sidecar, None for anything else.

    Called for every file of a 100,000-file tree on each rescan: the extension is tested first, and only
    the hidden / Office-lock / NAS prefixes can still exclude a media or sidecar name (the system names
    and partial-download suffixes of is_ignored_name never end in a media extension)."""
    dot = name.rfind(".")
    if dot <= 0:
        return None
    ext = name[dot:].lower()
    if ext in MEDIA_EXTENSIONS:
        kind = "media"
    elif ext == SIDECAR_SUFFIX:
        kind = "sidecar"
    else:
        return None
    if name[0] == "." or name.startswith("~$") or name[:6].lower() == "@eadir":
        return None
    return kind


def media_for_sidecar(sidecar_path: str) -> list[str]:
    """Candidate media paths a sidecar belongs to: 'IMG.JPG.xmp' -> ['IMG.JPG']; 'IMG.xmp' -> [] (the
    caller looks up IMG.* in its index, since the extension is unknown)."""
    base = sidecar_path[: -len(SIDECAR_SUFFIX)]
    if os.path.splitext(base)[1].lower() in MEDIA_EXTENSIONS:
        return [base]
    return []
