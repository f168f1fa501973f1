"""Conflict copies that file-sync services make when two PCs change one file between two syncs (issue 10,
item 7): OneDrive / SharePoint (`name-PCNAME.ext`), Dropbox and Nextcloud (`name (conflicted copy …).ext`,
French `name (copie en conflit …).ext`), Syncthing (`name.sync-conflict-YYYYMMDD-HHMMSS-ID.ext`).

Only names here; whether a name really is a conflict copy also depends on the folder (a sidecar whose own
media file exists is that file's sidecar, whatever its name): core/sync_conflicts.py decides and merges.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import MEDIA_EXTENSIONS

SIDECAR = ".xmp"
_SYNCTHING = re.compile(r"^(?P<base>.+)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]{1,16})?$")
# Dropbox "(conflicted copy 2024-05-01)", "(PC2's conflicted copy 2024-05-01)", Nextcloud "(conflicted copy
# 2024-05-01 101010)", Dropbox in French "(copie en conflit de PC2 2024-05-01)"; with or without the space.
_PAREN = re.compile(r"\s?\((?:[^()]{0,80}?'s )?(?:conflicted copy|copie en conflit)[^()]{0,80}\)", re.IGNORECASE)
_PC_SUFFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{0,62}$")  # a Windows computer name (its '-' parts)


def _split_sidecar(name: str) -> str | None:
    return name[: -len(SIDECAR)] if name.lower().endswith(SIDECAR) and len(name) > len(SIDECAR) else None


def sidecar_conflict_candidates(name: str) -> list[str]:
    """The sidecar names `name` may be a sync conflict copy of, most likely first (none: not a copy)."""
    stem = _split_sidecar(name)
    if stem is None:
        return []
    ext = name[len(stem) :]
    found = _SYNCTHING.match(stem)
    if found:
        return [found["base"] + ext]
    if _PAREN.search(stem):
        return [_PAREN.sub("", stem, count=1) + ext]
    out: list[str] = []
    # OneDrive: "-PCNAME" before the sidecar's ".xmp" (IMG_0001.JPG-PC2.xmp) or before the media extension
    # (IMG_0001-PC2.JPG.xmp); a PC name may itself hold '-' (DESKTOP-AB12CD): every split is a candidate.
    base, dot, media_ext = stem.rpartition(".")
    if dot and "-" in media_ext:
        real_ext, _, pc = media_ext.partition("-")
        if "." + real_ext.lower() in MEDIA_EXTENSIONS and all(_PC_SUFFIX.match(p) for p in pc.split("-")):
            out.append(f"{base}.{real_ext}{ext}")
    if dot and "." + media_ext.lower() in MEDIA_EXTENSIONS:
        parts = base.split("-")
        for cut in range(len(parts) - 1, 0, -1):
            suffix = parts[cut:]
            if all(_PC_SUFFIX.match(p) for p in suffix):
                out.append("-".join(parts[:cut]) + f".{media_ext}{ext}")
    return out


def sidecar_conflict_original(name: str, exists: Callable[[str], bool] | None = None) -> str | None:
    """The name of the sidecar `name` is a conflict copy of, or None. `exists(candidate)`: whether that
    original (or its media file) is in the folder; without it, only the unambiguous patterns (Syncthing,
    "conflicted copy") answer, since `IMG-2024.JPG.xmp` is also a plain name."""
    candidates = sidecar_conflict_candidates(name)
    stem = _split_sidecar(name) or ""
    unambiguous = bool(_SYNCTHING.match(stem) or _PAREN.search(stem))
    for candidate in candidates:
        if exists is None:
            return candidate if unambiguous else None
        if exists(candidate):
            return candidate
    return None


def may_be_sidecar_conflict(name: str) -> bool:
    """A cheap first test for a 100,000-file walk: False means `name` is certainly not a conflict copy."""
    low = name.lower()
    return low.endswith(SIDECAR) and ("-" in low or "conflit" in low or "conflicted" in low)
