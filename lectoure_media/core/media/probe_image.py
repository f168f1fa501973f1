"""Photo probing: size as displayed, orientation, capture date, camera and GPS, and one reduced decode.

Pixels are decoded once, at the smallest JPEG DCT scale that still covers the thumbnail: that decode proves
the file is readable (a truncated JPEG is only noticed when decoding) and gives the thumbnail at the same
time. EXIF is read with exifread from the EXIF block Pillow extracted (TIFF: from the file itself), so
exifread never walks a whole untrusted file.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import warnings
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

import exifread
from PIL import Image, UnidentifiedImageError

from .heif_check import heif_damage
from .sniff import MediaProbe, ProbeError

log = logging.getLogger(__name__)

# The Pillow plugin allowed for each sniffed format: nothing else gets a chance to parse the file.
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WEBP", "heif": "HEIF"}

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        # Embedded thumbnails on: draft() then decodes the phone's own 320 px thumbnail instead of 12 MP
        # (about 50x less work). Depth maps and auxiliary images are never shown: not decoded.
        register_heif_opener(thumbnails=True, depth_images=False, aux_images=False)
        _heif_registered = True


def probe_image(path: str, fmt: str) -> dict[str, Any]:
    """CLI.md fields of a photo (width/height as displayed, orientation, taken_at, camera, gps, duration)."""
    with open(path, "rb") as fh:
        return analyse_image(fh, fmt, preview_size=None).fields


def analyse_image(fh: BinaryIO, fmt: str, preview_size: int | None) -> MediaProbe:
    """Probe an open photo; with preview_size, also return an upright reduced image for the thumbnail.

    Raises ProbeError (French sentence) for a file that is not a readable photo.
    """
    if fmt not in PIL_FORMATS:
        raise ProbeError(f"le format « {fmt} » n'est pas un format de photo pris en charge")
    if fmt == "heif":
        _register_heif()
    fh.seek(0)
    with warnings.catch_warnings():
        # Between 1x and 2x MAX_IMAGE_PIXELS Pillow only warns; a bomb must be refused, not decoded.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # Pillow warns about corrupt EXIF it meets while opening; the file is judged by our own checks.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        return _analyse(fh, fmt, preview_size)


def _analyse(fh: BinaryIO, fmt: str, preview_size: int | None) -> MediaProbe:
    try:
        im = Image.open(fh, formats=[PIL_FORMATS[fmt]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ProbeError(_bomb_reason(exc)) from exc
    except UnidentifiedImageError as exc:
        raise ProbeError("le contenu ne correspond pas à une photo lisible") from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError) as exc:
        _reraise_io(exc)
        raise ProbeError("l'en-tête de la photo est endommagé") from exc
    try:
        probe = _analyse_open(im, fh, fmt, preview_size)
        found = embedded_metadata(im)
        probe.fields["embedded"] = {"tags": found["tags"], "categories": found["categories"]} if found["tags"] else None
        probe.fields["embedded_rights"] = _embedded_rights(im, found["rights"])  # issue 11: creator, credit…
        return probe
    finally:
        im.close()


def _reraise_io(exc: BaseException) -> None:
    # A real I/O failure (share gone, permission) is not the file's content being bad: the caller words it.
    if isinstance(exc, OSError) and exc.errno is not None:
        raise exc


def _bomb_reason(exc: BaseException) -> str:
    m = re.search(r"(\d+) pixels", str(exc))
    return _too_big(int(m.group(1)) if m else None)


def _too_big(pixels: int | None) -> str:
    detail = f" ({pixels:,} pixels)".replace(",", " ") if pixels else ""
    return f"l'image est trop grande{detail} pour être analysée sans risque"


def _analyse_open(im: Image.Image, fh: BinaryIO, fmt: str, preview_size: int | None) -> MediaProbe:
    raw_w, raw_h = im.size
    if raw_w <= 0 or raw_h <= 0:
        raise ProbeError("la photo annonce une taille nulle")
    limit = Image.MAX_IMAGE_PIXELS  # None when an embedding program turned the limit off
    if limit is not None and raw_w * raw_h > limit:
        # Same limit as Pillow's warning, enforced even where warnings are silenced.
        raise ProbeError(_too_big(raw_w * raw_h))

    if fmt == "heif":
        # The reduced decode below may only read an embedded thumbnail: check that the main image is whole.
        damage = heif_damage(fh)
        if damage:
            raise ProbeError(damage)

    preview = None
    try:
        if preview_size:
            preview = _decode_preview(im, fmt, raw_w, raw_h, preview_size)
        else:
            # No thumbnail wanted: still decode (reduced) so that damaged pixel data is reported.
            _decode_reduced(im, fmt, raw_w, raw_h, 256)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ProbeError(_bomb_reason(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, ZeroDivisionError) as exc:
        _reraise_io(exc)
        raise ProbeError("les données de la photo sont endommagées ou tronquées") from exc

    tags = _read_exif(im, fh, fmt)
    if fmt == "heif":
        # libheif already applied the HEIF rotation/mirror (irot/imir): im.size is what a viewer shows, and
        # pillow-heif rewrites the EXIF orientation to 1 so nobody turns the picture twice. Report the
        # orientation the file declares, as exiftool does.
        orientation = _valid_orientation(im.info.get("original_orientation")) or _orientation(tags)
        width, height = raw_w, raw_h  # as opened: after draft() im.size is the thumbnail's
    elif fmt == "tiff" and 0x0112 not in getattr(im, "tag_v2", {0x0112: None}):
        # Recent Pillow reports a TIFF's size upright and turns its pixels while loading, then drops the
        # Orientation tag (older versions keep it and leave the pixels as stored: the branch below).
        orientation = _orientation(tags)
        width, height = raw_w, raw_h
    else:
        orientation = _orientation(tags)
        width, height = (raw_h, raw_w) if orientation in (5, 6, 7, 8) else (raw_w, raw_h)
        if preview is not None and orientation in _TRANSPOSE:
            preview = preview.transpose(_TRANSPOSE[orientation])

    fields = {
        "width": width,
        "height": height,
        "orientation": orientation,
        "taken_at": _taken_at(tags) or _taken_at_from_info(im),
        "camera": {"make": _text(tags.get("Image Make")), "model": _text(tags.get("Image Model"))},
        "gps": _gps(tags),
        "duration": None,
    }
    return MediaProbe(fields, preview)


# EXIF orientation -> transpose that turns stored pixels upright (ImageOps.exif_transpose's table).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _fit(w: int, h: int, box: int) -> tuple[int, int]:
    scale = min(box / w, box / h, 1.0)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _decode_reduced(im: Image.Image, fmt: str, raw_w: int, raw_h: int, box: int) -> None:
    if fmt in ("jpeg", "heif"):
        # JPEG: DCT shrink-on-load, decoding at up to 1/8 scale skips most of the work.
        # HEIF: pillow-heif picks an embedded thumbnail that is a scaled copy of the image, if one is big
        # enough; the full image is then never decoded (heif_check has made sure its data is all there).
        im.draft("RGB", _fit(raw_w, raw_h, box))
    im.load()


def _decode_preview(im: Image.Image, fmt: str, raw_w: int, raw_h: int, box: int) -> Image.Image:
    _decode_reduced(im, fmt, raw_w, raw_h, box)
    out = _to_display_mode(im)
    out.thumbnail((box, box), Image.Resampling.BICUBIC, reducing_gap=2.0)
    if out is im:
        out = out.copy()
    return out


def _to_display_mode(im: Image.Image) -> Image.Image:
    """RGB or L, which JPEG thumbnails can store; transparency composited on white like a viewer shows it."""
    mode = im.mode
    if mode in ("RGB", "L"):
        return im
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: scale to 8 bits instead of clipping everything above 255 to white.
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "F":
        return im.convert("L")
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
        mode = im.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB")  # CMYK, YCbCr, 1, LAB, I;16 colour variants…


def _read_exif(im: Image.Image, fh: BinaryIO, fmt: str) -> dict[str, Any]:
    try:
        if fmt == "tiff":
            fh.seek(0)
            source: BinaryIO = fh
        else:
            blob = im.info.get("exif")
            if not blob:
                return {}
            if blob.startswith(b"Exif\x00\x00"):
                blob = blob[6:]
            if not _plausible_tiff(blob):
                # exifread would walk up to 65,535 phantom entries per IFD of fuzzed data before giving up.
                log.warning("bloc EXIF incohérent, ignoré")
                return {}
            source = io.BytesIO(blob)
        return exifread.process_file(source, details=False, extract_thumbnail=False)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 -- exifread on hostile EXIF: the photo stays valid without metadata
        # exifread is known to raise anything from AttributeError to EOFError on malformed EXIF
        # (exif-py #197 and others); a photo with unreadable EXIF is still a photo.
        log.warning("EXIF illisible, ignoré", exc_info=True)
        return {}


def _plausible_tiff(blob: bytes) -> bool:
    """The EXIF block starts with a TIFF header whose first IFD fits inside the block."""
    if len(blob) < 14:
        return False
    if blob[:4] == b"II*\x00":
        order = "<"
    elif blob[:4] == b"MM\x00*":
        order = ">"
    else:
        return False
    (offset,) = struct.unpack(order + "I", blob[4:8])
    if offset < 8 or offset + 2 > len(blob):
        return False
    entries: int = struct.unpack(order + "H", blob[offset : offset + 2])[0]
    return entries > 0 and offset + 2 + 12 * entries <= len(blob)


def _valid_orientation(value: Any) -> int | None:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 8 else None


def _orientation(tags: dict[str, Any]) -> int | None:
    tag = tags.get("Image Orientation")
    if tag is None or not getattr(tag, "values", None):
        return None
    return _valid_orientation(tag.values[0])


def _text(tag: Any) -> str | None:
    if tag is None:
        return None
    values = getattr(tag, "values", tag)
    if isinstance(values, bytes):
        values = values.decode("utf-8", "replace")
    if not isinstance(values, str):
        return None
    text = values.replace("\x00", " ").strip()
    if not text or all(not c.isprintable() for c in text):
        return None
    return "".join(c for c in text if c.isprintable())[:200]


_EXIF_DATE = re.compile(r"^\s*(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")


def parse_date(text: str | None) -> str | None:
    """'YYYY:MM:DD HH:MM:SS' (EXIF) or ISO 8601 -> 'YYYY-MM-DDTHH:MM:SS'; None if absent or not a real date.

    A time-zone suffix is dropped on purpose: EXIF dates are the camera's local wall-clock time, and
    that is what the officer searches by.
    """
    if not text:
        return None
    m = _EXIF_DATE.match(text)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        dt = datetime(y, mo, d, h, mi, s)
    except ValueError:  # 0000:00:00 00:00:00 and other placeholders cameras write
        return None
    if dt.year < 1800:
        return None
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def _taken_at(tags: dict[str, Any]) -> str | None:
    for name in ("EXIF DateTimeOriginal", "EXIF DateTimeDigitized", "Image DateTime"):
        value = _text(tags.get(name))
        parsed = parse_date(value)
        if parsed:
            return parsed
    return None


_XMP_DATE = re.compile(
    rb"(?:exif:DateTimeOriginal|photoshop:DateCreated|xmp:CreateDate)\s*(?:=\s*[\"']|>)\s*([0-9][0-9:T\-. +]+)"
)


def _taken_at_from_info(im: Image.Image) -> str | None:
    """Date from XMP or PNG text when there is no EXIF date: screenshots and edited exports carry only these."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        xmp = im.info.get(key)
        if isinstance(xmp, str):
            xmp = xmp.encode("utf-8", "replace")
        if isinstance(xmp, bytes):
            m = _XMP_DATE.search(xmp[:1_000_000])
            if m:
                parsed = parse_date(m.group(1).decode("ascii", "replace"))
                if parsed:
                    return parsed
    text = im.info.get("Creation Time")
    if isinstance(text, str):
        parsed = parse_date(text)
        if parsed:
            return parsed
        try:  # PNG's own convention is RFC 1123 ("Sat, 04 May 2024 10:00:00 GMT")
            return parsedate_to_datetime(text).strftime("%Y-%m-%dT%H:%M:%S")
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return None


def _ratio(value: Any) -> float | None:
    num = getattr(value, "numerator", None)
    den = getattr(value, "denominator", None)
    if num is None:
        if isinstance(value, (int, float)):
            return float(value)
        return None
    if not den:
        return None
    ratio: float = num / den  # exifread's Ratio or Pillow's IFDRational: an exact quotient
    return ratio


def _dms(tag: Any) -> float | None:
    values = getattr(tag, "values", None)
    if not values or len(values) > 3:
        return None
    ratios = [_ratio(v) for v in values]
    parts = [p for p in ratios if p is not None]
    if len(parts) != len(ratios) or any(p < 0 for p in parts):
        return None
    deg = 0.0
    # Degrees, then minutes and seconds when present (a GPS tag may carry fewer than three values).
    for part, div in zip(parts, (1, 60, 3600), strict=False):
        deg += part / div
    return deg


def _gps(tags: dict[str, Any]) -> dict[str, float | None] | None:
    lat = _dms(tags.get("GPS GPSLatitude"))
    lon = _dms(tags.get("GPS GPSLongitude"))
    if lat is None or lon is None or lat > 90 or lon > 180:
        return None
    if (_text(tags.get("GPS GPSLatitudeRef")) or "N").upper().startswith("S"):
        lat = -lat
    if (_text(tags.get("GPS GPSLongitudeRef")) or "E").upper().startswith("W"):
        lon = -lon
    if lat == 0.0 and lon == 0.0:
        # Receivers without a fix write 0/0; "Null Island" is never where a town photo was taken.
        return None
    alt = None
    alt_tag = tags.get("GPS GPSAltitude")
    if alt_tag is not None and getattr(alt_tag, "values", None):
        alt = _ratio(alt_tag.values[0])
        if alt is not None:
            ref = getattr(tags.get("GPS GPSAltitudeRef"), "values", None)
            if ref and ref[0] == 1:  # 1 = below sea level
                alt = -alt
            alt = round(alt, 3)
    return {"lat": round(lat, 7), "lon": round(lon, 7), "alt": alt}


# ------------------------------------------------------------------------- keywords and credits in the file
# IPTC-IIM datasets (record 2) that digiKam, Lightroom and Photo Mechanic fill; record 1, 90 is the charset.
_IPTC_KEYWORDS = (2, 25)
_IPTC_BYLINE = (2, 80)
_IPTC_CREDIT = (2, 110)
_IPTC_COPYRIGHT = (2, 116)
_IPTC_CHARSET = (1, 90)
# A photo carries tens of keywords; past this many (a hostile file), the rest is not read.
MAX_EMBEDDED_KEYWORDS = 1000
MAX_EMBEDDED_TEXT = 2000


def embedded_metadata(im: Image.Image, name: str = "") -> dict[str, Any]:
    """Keywords and credits a photo carries itself, read as digiKam and Lightroom read them.

    XMP (dc:subject, lr:hierarchicalSubject, digiKam:TagsList, dc:creator, dc:rights, photoshop:Credit) is
    interpreted by the sidecar module, with its limits (defusedxml, size and depth caps); IPTC-IIM Keywords,
    By-line, Credit and CopyrightNotice fill in what the XMP does not say (keywords: only without XMP ones,
    since tools write the same keywords to both). Returns {"tags": {facet: [names]}, "categories":
    {business: category}, "rights": {"creator": [str], "credit": str, "rights": str}} (absent keys: not in
    the file). Never raises: an unreadable block is logged and skipped, the pixels are what matters."""
    from .. import sidecar
    from ..model import FACETS

    tags: dict[str, list[str]] = {f: [] for f in FACETS}
    categories: dict[str, str] = {}
    rights: dict[str, Any] = {}
    xmp = im.info.get("xmp")
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    if isinstance(xmp, (bytes, bytearray)) and xmp.strip(b"\x00 \t\r\n"):
        data, rights = sidecar.read_packet(bytes(xmp), name or "photo")
        tags, categories = data.tags, data.categories
    iptc = _iptc(im, name)
    if iptc:
        if not any(tags.values()):
            keywords = iptc.get("keywords") or []
            tags = sidecar.keywords_as_tags(keywords[:MAX_EMBEDDED_KEYWORDS]).tags if keywords else tags
        if "creator" not in rights and iptc.get("byline"):
            rights["creator"] = iptc["byline"]
        for key, field in (("credit", "credit"), ("rights", "copyright")):
            if key not in rights and iptc.get(field):
                rights[key] = iptc[field][0]
    return {"tags": {f: names for f, names in tags.items() if names}, "categories": categories, "rights": rights}


def _embedded_rights(im: Image.Image, rights: dict[str, Any]) -> dict[str, Any] | None:
    """Creator, credit and copyright the photo carries (XMP, IPTC, else EXIF Artist / Copyright), in the
    record's rights shape; None when it carries none. Texts are trimmed and capped (the file is untrusted)."""
    out: dict[str, Any] = {}
    creators = rights.get("creator")
    names = creators if isinstance(creators, list) else [creators] if isinstance(creators, str) else []
    try:
        exif = im.getexif()
        artist, copyright = exif.get(0x013B), exif.get(0x8298)
    except Exception:  # noqa: BLE001 -- unreadable EXIF: nothing to take from it
        artist = copyright = None
    if not names and isinstance(artist, str):
        names = [a for a in artist.split(";")]
    clean = [" ".join(str(n).split())[:200] for n in names[:20] if isinstance(n, str) and n.strip() and n.isprintable()]
    if clean:
        out["creator"] = clean
    for key, value in (("credit", rights.get("credit")), ("copyright", rights.get("rights") or copyright)):
        if isinstance(value, str) and value.strip() and value.isprintable():
            out[key] = " ".join(value.split())[:2000]
    return out or None


def _iptc(im: Image.Image, name: str) -> dict[str, list[str]]:
    from PIL import IptcImagePlugin

    try:
        info = IptcImagePlugin.getiptcinfo(im)  # type: ignore[arg-type]  # typed ImageFile, reads only im.info
    except Exception as exc:  # noqa: BLE001 -- a hostile IPTC block: no keywords, the photo is still fine
        log.info("IPTC of %s unreadable: %r", name, exc)
        return {}
    if not info:
        return {}
    utf8 = info.get(_IPTC_CHARSET) == b"\x1b%G"
    out: dict[str, list[str]] = {}
    for key, dataset in (
        ("keywords", _IPTC_KEYWORDS),
        ("byline", _IPTC_BYLINE),
        ("credit", _IPTC_CREDIT),
        ("copyright", _IPTC_COPYRIGHT),
    ):
        raw = info.get(dataset)
        values = raw if isinstance(raw, list) else [raw] if raw is not None else []
        texts = [t for t in (_iptc_text(v, utf8) for v in values[:MAX_EMBEDDED_KEYWORDS]) if t]
        if texts:
            out[key] = texts
    return out


def _iptc_text(value: Any, utf8: bool) -> str | None:
    """An IIM string: UTF-8 when the file says so or when it decodes as such, else Latin-1 (older tools)."""
    if not isinstance(value, (bytes, bytearray)):
        return None
    raw = bytes(value[: MAX_EMBEDDED_TEXT * 4])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8" if utf8 else "latin-1", "replace")
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ").strip()[:MAX_EMBEDDED_TEXT]
    return text or None
