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
"""

from __future__ import annotations

import re

# name.sync-conflict-YYYYMMDD-HHMMSS-DEVICEID.ext (Syncthing; the device id is 7 base32 characters)
_SYNCTHING = re.compile(r"^(?P<base>.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{1,16}(?P<ext>\.[^.\s]+)?$")
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
    for pattern in (_SYNCTHING, _CONFLICTED_COPY):
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
