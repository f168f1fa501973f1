"""Conflict copies made by file-sync services (OneDrive/SharePoint, Nextcloud/ownCloud, Dropbox, Syncthing).

When two PCs change the same file before the service has carried one change to the other, the service
keeps both: the original name gets one version, a *conflict copy* beside it the other:

    OneDrive, SharePoint     name-PCNAME.ext                 (the PC's name appended with a hyphen)
    Nextcloud, ownCloud,     name (conflicted copy 2026-03-01 101500).ext
    Dropbox                  name (PC's conflicted copy 2026-03-01).ext
    Syncthing                name.sync-conflict-20260301-101500-ABCDEFG.ext

Pure functions (no file system): `conflict_original(name)` for the unambiguous patterns; the OneDrive form
cannot be told from a plain hyphenated name, so `onedrive_candidates(name)` lists the originals it may be
a copy of, and the caller keeps the one that exists (and checks the copy's content, as the registry does).
Used by the team registry (core/team/registry_sync.py) and meant for the sidecars too.

The sidecar side (`sidecar_conflict_*`, `may_be_sidecar_conflict`): a sidecar's conflict copy may carry the
marker before the media extension too (`IMG_0001-PC2.JPG.xmp`); core/sync_conflicts.py decides with the folder
and merges.
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


# name.sync-conflict-YYYYMMDD-HHMMSS-DEVICEID.ext (Syncthing; the device id is 7 base32 characters)
_SYNCTHING_FILE = re.compile(r"^(?P<base>.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{1,16}(?P<ext>\.[^.\s]+)?$")
# name (conflicted copy …).ext / name (PC's conflicted copy …).ext / name (Copie en conflit …).ext
_CONFLICTED_COPY = re.compile(
    r"^(?P<base>.+?) \((?:[^()]*?'s )?(?:conflicted copy|copie en conflit|case conflict)[^()]*\)(?P<ext>\.[^.\s]+)?$",
    re.IGNORECASE,
)
# name-PCNAME.ext (OneDrive): a Windows computer name, 1 to 15 characters of letters, digits and hyphens
_ONEDRIVE = re.compile(r"^(?P<base>.+)-(?P<pc>[A-Za-z0-9][A-Za-z0-9-]{0,14})(?P<ext>\.[^.\s]+)$")


def conflict_original(name: str) -> str | None:
    """The file name a sync service's conflict copy stands for (`a.json.sync-conflict-…` → `a.json`),
    for the Syncthing and "conflicted copy" patterns; None for any other name."""
    for pattern in (_SYNCTHING_FILE, _CONFLICTED_COPY):
        m = pattern.match(name)
        if m:
            return m.group("base") + (m.group("ext") or "")
    return None


def onedrive_candidates(name: str) -> list[str]:
    """Names `name` may be a OneDrive conflict copy of (`key-BUREAU2.json` → [`key.json`, …]): every way
    of cutting one `-PCNAME` off before the extension, the longest original first. The caller keeps one
    that exists; a plain hyphenated name gives candidates that do not."""
    out: list[str] = []
    dot = name.rfind(".")
    if dot <= 0:
        return out
    stem, ext = name[:dot], name[dot:]
    pos = len(stem)
    while True:
        pos = stem.rfind("-", 0, pos)
        if pos <= 0:
            break
        pc = stem[pos + 1 :]
        if _ONEDRIVE.match(f"{stem[:pos]}-{pc}{ext}") and len(pc) <= 15:
            out.append(stem[:pos] + ext)
        else:
            break
    return out


def is_conflict_copy(name: str, exists: set[str] | frozenset[str]) -> str | None:
    """The original `name` is a conflict copy of, among the names in `exists` (a folder's listing), or
    None. The Syncthing / "conflicted copy" patterns need no listing; the OneDrive one does."""
    original = conflict_original(name)
    if original is not None:
        return original
    for candidate in onedrive_candidates(name):
        if candidate in exists:
            return candidate
    return None
