"""The one function a probe worker runs per file: identify, fingerprint, read metadata, make the thumbnail.

It never raises for a bad file: whatever the content does, the caller gets a record, with status "error"
and one French sentence when the file cannot be indexed. The scan stores that record, shows the reason,
and retries the file only when its size or mtime changes.
"""

from __future__ import annotations

import errno
import logging
import os
from typing import Any

from PIL import Image

from ..fingerprint import fingerprint_fd
from ..fsutil import long_path
from ..model import PHOTO_EXTENSIONS, PHOTO_FORMATS, VIDEO_EXTENSIONS, VIDEO_FORMATS
from .sniff import HEAD_SIZE, ProbeError, detect_format
from .thumbs import THUMB_SIZE, ThumbCache

log = logging.getLogger(__name__)

RECORD_KEYS = (
    "kind",
    "format",
    "size",
    "mtime_ns",
    "fingerprint",
    "width",
    "height",
    "orientation",
    "taken_at",
    "camera",
    "gps",
    "duration",
    "thumb",
    "status",
    "error",
    "embedded",
    "embedded_rights",  # creator / credit / copyright a photo carries (issue 11)
    "phash",  # photos: perceptual hash and sharpness of the preview (media/phash.py; core/duplicates.py)
    "sharpness",
)

REASON_UNKNOWN_FORMAT = "format non reconnu"
REASON_EMPTY = "le fichier est vide"


def kind_from_name(path: str) -> str | None:
    ext = os.path.splitext(path)[1].lower()
    if ext in PHOTO_EXTENSIONS:
        return "photo"
    if ext in VIDEO_EXTENSIONS:
        return "video"
    return None


def error_record(
    path: str,
    reason: str,
    *,
    size: int | None = None,
    mtime_ns: int | None = None,
    fingerprint: str | None = None,
    read_file: bool = False,
) -> dict[str, Any]:
    """Record of a file that could not be indexed.

    With read_file, size/mtime/fingerprint are taken from the file when it can be read (the pool does this
    after killing a worker): the scan needs them to retry the file only once it has changed.
    """
    if read_file:
        try:
            with open(long_path(path), "rb") as fh:
                st = os.fstat(fh.fileno())
                size, mtime_ns = st.st_size, st.st_mtime_ns
                fingerprint = fingerprint_fd(fh, size) if size else None
        except OSError:
            pass
    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    record.update(
        kind=kind_from_name(path),
        size=size,
        mtime_ns=mtime_ns,
        fingerprint=fingerprint,
        camera={"make": None, "model": None},
        status="error",
        error=reason,
    )
    return record


def probe_file(path: str, thumbs: ThumbCache | None) -> dict[str, Any]:
    """Full record of one file (see RECORD_KEYS); a bad file gives status "error" with a French reason."""
    size = mtime_ns = fingerprint = None
    try:
        with open(long_path(path), "rb") as fh:
            st = os.fstat(fh.fileno())
            size, mtime_ns = st.st_size, st.st_mtime_ns
            if size == 0:
                return error_record(path, REASON_EMPTY, size=size, mtime_ns=mtime_ns)
            fingerprint = fingerprint_fd(fh, size)
            fh.seek(0)
            fmt = detect_format(fh.read(HEAD_SIZE))
            if fmt is None:
                return error_record(path, REASON_UNKNOWN_FORMAT, size=size, mtime_ns=mtime_ns, fingerprint=fingerprint)
            preview_size = THUMB_SIZE if thumbs is not None else None
            if fmt in PHOTO_FORMATS:
                from .probe_image import analyse_image

                kind = "photo"
                result = analyse_image(fh, fmt, preview_size)
            elif fmt in VIDEO_FORMATS:
                from .probe_video import analyse_video

                kind = "video"
                result = analyse_video(fh, fmt, preview_size)
            else:  # detect_format and the model disagree: a bug, reported as such
                raise AssertionError(f"format {fmt!r} ni photo ni vidéo")
    except ProbeError as exc:
        return error_record(path, str(exc), size=size, mtime_ns=mtime_ns, fingerprint=fingerprint)
    except Exception as exc:  # noqa: BLE001 -- the contract is a record, whatever the file does
        reason = _reason_for(exc)
        if reason is None:
            log.error("analyse de %s : erreur inattendue", path, exc_info=True)
            reason = f"le fichier n'a pas pu être analysé (erreur interne {type(exc).__name__})"
        return error_record(path, reason, size=size, mtime_ns=mtime_ns, fingerprint=fingerprint)

    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    record.update(result.fields)
    record.update(
        kind=kind,
        format=fmt,
        size=size,
        mtime_ns=mtime_ns,
        fingerprint=fingerprint,
        status="ok",
        error=None,
        thumb=None,
    )
    if thumbs is not None and result.preview is not None:
        record["thumb"] = _store_thumb(thumbs, fingerprint, result.preview, path)
    if kind == "photo" and result.preview is not None:
        record.update(_signature(result.preview, path))
    return record


def _signature(preview: Image.Image, path: str) -> dict[str, Any]:
    from .phash import signature

    try:
        return signature(preview)
    except Exception:  # noqa: BLE001 -- a hash that fails must not turn a good photo into an error
        log.warning("empreinte visuelle de %s non calculée", path, exc_info=True)
        return {}


def _store_thumb(thumbs: ThumbCache, key: str, preview: Image.Image, path: str) -> str | None:
    try:
        thumbs.store_image(key, preview)
        return key
    except Exception:  # noqa: BLE001 -- a full or read-only cache must not turn a good photo into an error
        log.warning("vignette de %s non enregistrée", path, exc_info=True)
        return None


def _reason_for(exc: BaseException) -> str | None:
    """French sentence for errors that come from the environment rather than the file's content."""
    if isinstance(exc, MemoryError):
        return "l'analyse du fichier demande trop de mémoire"
    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return "l'image est trop grande pour être analysée sans risque"
    if isinstance(exc, FileNotFoundError):
        return "le fichier a disparu pendant l'analyse"
    if isinstance(exc, PermissionError):
        return "le fichier n'est pas lisible (accès refusé)"
    if isinstance(exc, IsADirectoryError):
        return "le chemin désigne un dossier, pas un fichier"
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno == errno.EIO:
            return "erreur de lecture du disque ou du réseau pendant l'analyse"
        return f"le fichier n'a pas pu être lu ({os.strerror(exc.errno)})"
    return None
