"""Which names in the watched folder are media, sidecars, or to be ignored (shared by scan and watch)."""
from __future__ import annotations

import os

from .model import MEDIA_EXTENSIONS

SYSTEM_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "ehthumbs_vista.db", "icon\r"}
PARTIAL_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download", ".!ut", ".filepart")
SIDECAR_SUFFIX = ".xmp"


def is_ignored_name(name: str) -> bool:
    """Hidden files, Office lock files, system files, partial downloads: never assets."""
    low = name.lower()
    return (
        name.startswith(".")
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
    """'media' for a photo/video name, 'sidecar' for an XMP sidecar, None for anything else."""
    if is_ignored_name(name):
        return None
    ext = os.path.splitext(name)[1].lower()
    if ext == SIDECAR_SUFFIX:
        return "sidecar"
    if ext in MEDIA_EXTENSIONS:
        return "media"
    return None


def media_for_sidecar(sidecar_path: str) -> list[str]:
    """Candidate media paths a sidecar belongs to: 'IMG.JPG.xmp' -> ['IMG.JPG']; 'IMG.xmp' -> [] (the
    caller looks up IMG.* in its index, since the extension is unknown)."""
    base = sidecar_path[: -len(SIDECAR_SUFFIX)]
    if os.path.splitext(base)[1].lower() in MEDIA_EXTENSIONS:
        return [base]
    return []
