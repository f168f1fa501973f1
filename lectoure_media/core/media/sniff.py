"""Format detection by content, with an allow-list.

The extension of a file in the shared folder says nothing reliable (an iPhone HEIC renamed .jpg, a text file
called .mp4), and every decoder behind a format is attack surface: only formats named here ever reach a
decoder, and each reaches only its own decoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sniffing itself never loads a decoder
    from PIL import Image

# Enough for the longest header we look at: an ISO-BMFF `ftyp` box lists its compatible brands after the
# major one, and encoders sometimes list a dozen.
HEAD_SIZE = 4096


class ProbeError(Exception):
    """A file cannot be indexed; the message is one French sentence for the user.

    Defined here because sniffing is the first stage every probe goes through, so every media module can
    import it without pulling in a decoder.
    """


@dataclass
class MediaProbe:
    """What probing a photo or a video found: the CLI.md fields, and when a size was asked, an upright
    preview (RGB or L) whose long edge is at most that size (a video's poster frame), else None."""

    fields: dict[str, Any]
    preview: Image.Image | None


# ISO-BMFF brands (ftyp box). HEIF image brands first: a HEIF still may also list generic brands.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
# Generic HEIF-structure brands: also used by AVIF, which pillow-heif no longer decodes.
_HEIF_GENERIC = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"iso8",
    b"iso9",
    b"mp41",
    b"mp42",
    b"mp71",
    b"avc1",
    b"dash",
    b"msnv",
    b"mmp4",
    b"xavc",
    b"f4v ",
    b"nd16",
}
_M4V_BRANDS = {b"m4v ", b"m4vh", b"m4vp"}


def _brand_format(brand: bytes) -> str | None:
    low = brand.lower()
    if low in _HEIF_BRANDS:
        return "heif"
    if low == b"qt  ":
        return "mov"
    if low.startswith(b"3g"):  # 3gp4..3gp6, 3gg6, 3g2a...: all 3GPP/3GPP2 family
        return "3gp"
    if low in _M4V_BRANDS:
        return "m4v"
    if low in _MP4_BRANDS:
        return "mp4"
    return None


def _iso_bmff(head: bytes) -> str | None:
    box_size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    if len(major) < 4:
        return None
    end = min(len(head), box_size if box_size >= 16 else len(head))
    compatible = [head[i : i + 4] for i in range(16, end - 3, 4)]
    low_compat = {b.lower() for b in compatible}
    if major.lower() in _AVIF_BRANDS:
        return None
    if major.lower() in _HEIF_GENERIC:
        if low_compat & _HEIF_BRANDS:
            return "heif"
        if low_compat & _AVIF_BRANDS:
            return None
        return "heif"
    fmt = _brand_format(major)
    if fmt is not None:
        return fmt
    # Unknown major brand (camera makers invent their own): fall back on what it declares compatible.
    for brand in compatible:
        if brand.lower() in _AVIF_BRANDS:
            return None
        fmt = _brand_format(brand)
        if fmt is not None:
            return fmt
    return None


# Atoms QuickTime allows at the top of a file written before the ftyp box existed (old cameras: a Kodak
# DX4530 clip of 2005 opens with `skip`): free space (`skip`, `free`, `wide`), a preview (`pnot`), the
# media data (`mdat`) or the movie header (`moov`). Whether a movie is really there is the demuxer's call.
_OLD_QT_ATOMS = {b"moov", b"mdat", b"wide", b"pnot", b"skip", b"free"}
_QT_FREE_SPACE = {b"skip", b"free", b"wide"}


def _old_quicktime(head: bytes) -> str | None:
    pos = 0
    while pos + 8 <= len(head):
        size, kind = int.from_bytes(head[pos : pos + 4], "big"), head[pos + 4 : pos + 8]
        if pos > 0 and kind == b"ftyp":
            # Free space before an ftyp box: the brand says what the file is; only a video is accepted,
            # the HEIF and AVIF readers want ftyp first.
            fmt = _iso_bmff(head[pos:])
            return fmt if fmt in DEMUXED_BY_QUICKTIME else None
        if kind not in _OLD_QT_ATOMS:
            return None
        if size == 1:  # 64-bit size (a long clip's mdat)
            size = int.from_bytes(head[pos + 8 : pos + 16], "big") if pos + 16 <= len(head) else 0
            if size < 16:
                return None
        elif size == 0:  # the atom runs to the end of the file
            return None if kind in _QT_FREE_SPACE else "mov"
        elif size < 8:
            return None
        if kind not in _QT_FREE_SPACE:
            return "mov"
        pos += size
    # Only free space in what was read. A head shorter than HEAD_SIZE is the whole file: nothing but free
    # space, no movie. Otherwise the atom that decides lies further on, and the demuxer judges.
    return "mov" if len(head) >= HEAD_SIZE else None


DEMUXED_BY_QUICKTIME = {"mov", "mp4", "m4v", "3gp"}


def detect_format(head: bytes) -> str | None:
    """Format of a file from its first bytes: one of model.PHOTO_FORMATS / VIDEO_FORMATS, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:4] == b"RIFF" and len(head) >= 12:
        if head[8:12] == b"WEBP":
            return "webp"
        if head[8:12] == b"AVI ":
            return "avi"
        return None
    if head[:4] == b"\x1a\x45\xdf\xa3":
        # Matroska and WebM share the EBML header and the demuxer.
        return "mkv"
    if head[4:8] == b"ftyp":
        return _iso_bmff(head)
    if head[4:8] in _OLD_QT_ATOMS:
        return _old_quicktime(head)
    return None
