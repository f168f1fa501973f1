"""Disk cache of thumbnails, keyed by content fingerprint, capped in size (least recently used go first).

Keyed by fingerprint, not path: a renamed or moved photo keeps its thumbnail, and two PCs produce the
same key. Several worker processes write into the same cache at once; every write is an atomic replace,
so a reader never sees half a JPEG and two writers of the same key simply race to identical content.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import time
from pathlib import Path

from PIL import Image

from ..fsutil import atomic_write_bytes

log = logging.getLogger(__name__)

THUMB_SIZE = 320  # long edge, pixels: sharp in a grid cell on a high-DPI office screen
JPEG_QUALITY = 85
# A prune frees down to this share of the cap, so the next few stores do not each trigger a prune.
LOW_WATER = 0.9
# Temp files of a worker killed mid-write; older than this they are certainly abandoned.
STALE_TEMP_SECONDS = 3600

_KEY = re.compile(r"^[0-9A-Za-z_-]{1,128}$")


class ThumbCache:
    def __init__(self, directory: str | os.PathLike[str], max_bytes: int = 1_000_000_000) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.directory.mkdir(parents=True, exist_ok=True)
        # Estimate kept between prunes so that a batch of a few files does not rescan 100,000 entries.
        self._estimated_bytes: int | None = None
        self._estimated_count = 0

    def path_for(self, key: str) -> Path:
        """Where the thumbnail of `key` lives: <dir>/<2 hex>/<key>.jpg (256 shards keep folders small)."""
        if not _KEY.match(key):
            # Keys become file names: refuse anything that could climb out of the cache folder.
            raise ValueError(f"clé de vignette invalide : {key!r}")
        # Shard on a hash of the key: fingerprints start with the file size, which would crowd a few folders.
        shard = hashlib.blake2b(key.encode("ascii"), digest_size=1).hexdigest()
        return self.directory / shard / f"{key}.jpg"

    def has(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def get(self, key: str) -> Path | None:
        """Path of the thumbnail, or None; marks it recently used so prune keeps it."""
        path = self.path_for(key)
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        except OSError:
            # Read-only cache (another user's data dir): the thumbnail is still usable.
            if not path.is_file():
                return None
        return path

    def store_image(self, key: str, image: Image.Image) -> Path:
        """Save `image` (already reduced) as the thumbnail of `key`; returns its path."""
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if max(image.size) > THUMB_SIZE:
            image = image.copy()
            image.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.BICUBIC)
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=False)
        return self.store_bytes(key, buf.getvalue())

    def store_bytes(self, key: str, data: bytes) -> Path:
        path = self.path_for(key)
        path.parent.mkdir(exist_ok=True)
        # No fsync: a thumbnail lost in a power cut is regenerated, and fsync per file would halve throughput.
        atomic_write_bytes(path, data, fsync=False)
        if self._estimated_bytes is not None:
            self._estimated_bytes += len(data)
            self._estimated_count += 1
        return path

    def prune(self) -> int:
        """Delete least-recently-used thumbnails until the cache is under its cap; returns how many went."""
        entries: list[tuple[float, int, str]] = []
        total = 0
        now = time.time()
        for shard in _scandir(self.directory):
            if not shard.is_dir(follow_symlinks=False):
                continue
            for entry in _scandir(shard.path):
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.endswith(".tmp"):
                    if now - st.st_mtime > STALE_TEMP_SECONDS:
                        _unlink(entry.path)
                    continue
                if entry.name.endswith(".jpg"):
                    entries.append((st.st_mtime, st.st_size, entry.path))
                    total += st.st_size
        removed = 0
        if total > self.max_bytes:
            target = int(self.max_bytes * LOW_WATER)
            entries.sort()
            for _mtime, size, path in entries:
                if total <= target:
                    break
                if _unlink(path):
                    total -= size
                    removed += 1
        self._estimated_bytes = total
        self._estimated_count = len(entries) - removed
        return removed

    def prune_if_needed(self, new_files: int = 0) -> int:
        """Prune when the cache may have grown past its cap, counting `new_files` written by other processes.

        Workers write thumbnails in their own processes, so this process only knows how many were added;
        it assumes they average like the ones already there and rescans only when that could exceed the cap.
        """
        if self._estimated_bytes is None:
            return self.prune()
        average = self._estimated_bytes / self._estimated_count if self._estimated_count else 50_000
        self._estimated_bytes += int(new_files * average)
        self._estimated_count += new_files
        if self._estimated_bytes > self.max_bytes:
            return self.prune()
        return 0


def _scandir(path: str | os.PathLike[str]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return list(it)
    except OSError:
        return []


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except FileNotFoundError:
        return False
    except OSError:
        log.warning("vignette impossible à supprimer : %s", path, exc_info=True)
        return False
