"""Photo export: one source picture → one platform-sized file, clean of private metadata.

Pipeline: open (format allow-list, decompression-bomb check) → JPEG shrink-on-load (draft) when the output
is much smaller → EXIF orientation → crop (override, focal point, or smart crop) + LANCZOS resize in one
step → colours to sRGB through the embedded ICC profile → optional credit line / logo → encode with the
highest quality that fits the platform's byte limit → temp file in the output folder → final name that
replaces nothing. Metadata is an allow-list: a fresh EXIF with Artist and Copyright only, a small XMP
packet with creator, rights and credit (taken from the sidecar, the embedded XMP/IPTC or the EXIF of the
source, in that order), the sRGB profile. GPS, serial numbers, maker notes, comments and
the embedded thumbnail of the source are never copied, because nothing of the source's metadata is.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import math
import os
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, PngImagePlugin, UnidentifiedImageError

from ...resources import resource_path
from ..fsutil import default_file_mode, long_path
from ..media.heif_check import heif_damage
from . import Cancelled, ExportError, ExportResult, ProgressCallback
from .crop import CropBox, InvalidCrop
from .framing import frame_for, needs_smart, smart_frames
from .naming import publish_file
from .presets import EXTENSIONS, ExportPreset, SafeZone
from .smartcrop import smart_crop

log = logging.getLogger(__name__)

# Content-detected formats we decode; anything else in the watched folder is refused, whatever its name.
# JPEG covers MPO (multi-picture JPEG from cameras): the JPEG opener hands those to the MPO reader.
SOURCE_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "HEIF")
QUALITY_FLOOR = 40  # below this a photo looks broken: refuse rather than publish it
QUALITY_WARNING = 60
POSITIONS = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right")
MAX_TEXT_FIELD = 2000

_heif_lock = threading.Lock()
_heif_ready = False
_srgb_lock = threading.Lock()
_srgb: tuple[ImageCms.ImageCmsProfile, bytes] | None = None


@dataclass(frozen=True)
class Overlay:
    """Optional credit line and/or logo drawn on the exported picture.

    Sizes are fractions of the output's height; `margin` is a fraction of its shorter side. On presets with
    a safe zone (9:16 stories) the margins grow so nothing lands under the platform's buttons.
    """

    text: str | None = None
    text_position: str = "bottom-right"
    text_size: float = 0.03
    text_opacity: float = 1.0
    logo_path: str | os.PathLike[str] | None = None
    logo_position: str = "top-right"
    logo_size: float = 0.12
    logo_opacity: float = 0.9
    margin: float = 0.025
    # Draw each asset's own credit line (export.plan.asset_credit: its credit, creator, campaign, default)
    # instead of `text` (issue 11: the export dialog's credit left as the default).
    use_asset_credit: bool = False


def _register_heif() -> None:
    global _heif_ready
    with _heif_lock:
        if not _heif_ready:
            from pillow_heif import register_heif_opener

            register_heif_opener()
            _heif_ready = True


def _srgb_profile() -> tuple[ImageCms.ImageCmsProfile, bytes]:
    global _srgb
    with _srgb_lock:
        if _srgb is None:
            profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            _srgb = (profile, profile.tobytes())
        return _srgb


class _Progress:
    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback

    def __call__(self, fraction: float, label: str) -> None:
        if self.callback is not None:
            self.callback(fraction, label)


def _clean_text(value: str | None, what: str) -> str | None:
    """Metadata and overlay text come from sidecars: no control characters, bounded length."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExportError(f"Le champ « {what} » doit être un texte.")
    value = unicodedata.normalize("NFC", value)
    value = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in value)
    value = " ".join(value.split())
    if len(value) > MAX_TEXT_FIELD:
        raise ExportError(f"Le champ « {what} » dépasse {MAX_TEXT_FIELD} caractères.")
    return value or None


# ------------------------------------------------------------------------------------------- reading
def _open_source(src: Path) -> Image.Image:
    _register_heif()
    name = src.name
    try:
        img = Image.open(long_path(str(src)), formats=SOURCE_FORMATS)
    except FileNotFoundError:
        raise ExportError(f"Le fichier source « {name} » est introuvable.") from None
    except PermissionError:
        raise ExportError(f"Le fichier source « {name} » n'est pas lisible (accès refusé).") from None
    except UnidentifiedImageError:
        raise ExportError(f"« {name} » n'est pas une image dans un format pris en charge.") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ExportError(f"« {name} » annonce une taille d'image démesurée : fichier refusé.") from None
    except IsADirectoryError:
        raise ExportError(f"« {name} » est un dossier, pas une image.") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExportError(f"« {name} » est illisible ou endommagé.") from exc
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and img.width * img.height > limit:
        img.close()
        raise ExportError(f"« {name} » annonce une taille d'image démesurée : fichier refusé.")
    if img.format == "HEIF":
        # libheif decodes the tiles of a truncated HEIC that lie past the end of the file as green: refuse
        # the file with the probe's reason instead of publishing a mostly green picture.
        try:
            with open(long_path(str(src)), "rb") as fh:
                damage = heif_damage(fh)
        except OSError as exc:
            img.close()
            raise ExportError(f"La lecture de « {name} » a échoué ({exc.strerror or exc}).") from exc
        if damage:
            img.close()
            raise ExportError(f"« {name} » ne peut pas être exporté : {damage}.")
    return img


def _orientation(img: Image.Image) -> int:
    try:
        value = int(img.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 -- a broken EXIF block must not stop the export, only its rotation
        return 1
    return value if 1 <= value <= 8 else 1


def _exif_text(value: object) -> str | None:
    """An EXIF "ASCII" value as text: cameras and tools write UTF-8 there, Pillow reads it as Latin-1."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    elif isinstance(value, str):
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            value = value.encode("latin-1").decode("utf-8")
    else:
        return None
    value = value.strip("\x00 ")[:MAX_TEXT_FIELD]
    return value or None


def _source_rights(img: Image.Image) -> tuple[str | None, str | None]:
    """Artist and Copyright of the source's EXIF: kept on the export unless the caller gives others."""
    try:
        exif = img.getexif()
        return _exif_text(exif.get(0x013B)), _exif_text(exif.get(0x8298))
    except Exception:  # noqa: BLE001 -- unreadable EXIF: nothing to keep, the pixels are still fine
        return None, None


MAX_CREATORS = 20


def _source_credits(img: Image.Image, src: Path) -> tuple[list[str], str | None, str | None]:
    """Creators, credit line and copyright of the source, each from the first place that has it: its
    sidecar (the team's later edits), then the XMP and IPTC embedded in the file, then its EXIF."""
    from .. import sidecar
    from ..media.probe_image import embedded_metadata

    exif_artist, exif_copyright = _source_rights(img)
    try:
        embedded = embedded_metadata(img, src.name)["rights"]
    except Exception:  # noqa: BLE001 -- embedded_metadata never raises by contract; a bug must not cost the export
        embedded = {}
    side = sidecar.read_rights(str(src))  # never raises: a bad sidecar gives {}
    creators = side.get("creator") or embedded.get("creator") or ([exif_artist] if exif_artist else [])
    texts = [_clean_text(str(c)[:MAX_TEXT_FIELD], "auteur") for c in creators[:MAX_CREATORS]]
    credit = side.get("credit") or embedded.get("credit")
    copyright = side.get("rights") or embedded.get("rights") or exif_copyright
    return (
        [t for t in texts if t],
        _clean_text(credit[:MAX_TEXT_FIELD], "crédit") if credit else None,
        _clean_text(copyright[:MAX_TEXT_FIELD], "copyright") if copyright else None,
    )


def _normalise_mode(img: Image.Image) -> Image.Image:
    """8-bit L/LA/RGB/RGBA/CMYK, whatever the source stored (palettes, 16-bit, 1-bit, float)."""
    mode = img.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return img
    if mode in ("P", "PA"):
        return img.convert("RGBA" if ("transparency" in img.info or mode == "PA") else "RGB")
    if mode.startswith("I;16") or mode in ("I", "F"):
        # 16-bit grey (PNG/TIFF): scale to 8 bits; convert() alone would clip everything above 255.
        if mode.startswith("I;16"):
            top = 65535.0
        else:
            high = img.getextrema()[1]  # one band: (lowest, highest)
            top = 65535.0 if isinstance(high, (int, float)) and high > 255 else 255.0
        return img.convert("I").point(lambda v: v * (255.0 / top)).convert("L")
    if mode in ("1",):
        return img.convert("L")
    if mode in ("RGBa", "La"):
        return img.convert("RGBA" if mode == "RGBa" else "LA")
    return img.convert("RGB")


def _to_srgb(img: Image.Image, icc: bytes | None, warnings: list[str]) -> Image.Image:
    """Colours into sRGB through the source's ICC profile; alpha is carried across untouched."""
    alpha = img.getchannel("A") if img.mode in ("RGBA", "LA") else None
    base = img.convert({"RGBA": "RGB", "LA": "L"}.get(img.mode, img.mode)) if alpha is not None else img
    if icc:
        try:
            src_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                base, src_profile, _srgb_profile()[0], renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
            )
            assert converted is not None  # None only when converting in place, which this call does not ask
            base = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            warnings.append("Le profil de couleurs de la source est illisible : couleurs converties sans lui.")
            base = base.convert("RGB")
    else:
        base = base.convert("RGB")
    if alpha is not None:
        base.putalpha(alpha)
    return base


# ------------------------------------------------------------------------------------------ overlay
def _check_overlay(overlay: Overlay) -> None:
    for pos in (overlay.text_position, overlay.logo_position):
        if pos not in POSITIONS:
            raise ExportError(f"Position de surimpression « {pos} » inconnue ; possibles : {', '.join(POSITIONS)}.")
    for name, value, low, high in (
        ("taille du texte", overlay.text_size, 0.005, 0.3),
        ("taille du logo", overlay.logo_size, 0.01, 0.8),
        ("opacité du texte", overlay.text_opacity, 0.0, 1.0),
        ("opacité du logo", overlay.logo_opacity, 0.0, 1.0),
        ("marge", overlay.margin, 0.0, 0.3),
    ):
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
            raise ExportError(f"Surimpression : la valeur « {name} » doit être comprise entre {low} et {high}.")


def _margins(w: int, h: int, margin: float, zone: SafeZone | None) -> tuple[int, int, int, int]:
    m = round(margin * min(w, h))
    if zone is None:
        return m, m, m, m
    return (
        max(m, math.ceil(zone.left * w)),
        max(m, math.ceil(zone.top * h)),
        max(m, math.ceil(zone.right * w)),
        max(m, math.ceil(zone.bottom * h)),
    )


def _anchor(
    position: str, size: tuple[int, int], canvas: tuple[int, int], margins: tuple[int, int, int, int]
) -> tuple[int, int]:
    bw, bh = size
    w, h = canvas
    left, top, right, bottom = margins
    vertical, horizontal = position.split("-")
    x = {"left": left, "center": (w - bw) // 2, "right": w - right - bw}[horizontal]
    y = top if vertical == "top" else h - bottom - bh
    return max(0, x), max(0, y)


# Pillow's built-in font has no "é", "è", "ç" or "–": a French credit line needs a real font. DejaVu Sans ships
# in resources/fonts (free licence); the system names are for a checkout whose resources are incomplete.
_FONT_CANDIDATES = ("DejaVuSans.ttf", "arial.ttf", "Arial.ttf", "segoeui.ttf", "LiberationSans-Regular.ttf")
_font_lock = threading.Lock()
_font_source: str | bytes | None = None


def _font(size: int) -> ImageFont.FreeTypeFont:
    global _font_source
    with _font_lock:
        if _font_source is None:
            try:
                _font_source = str(resource_path("fonts", "DejaVuSans.ttf"))
            except FileNotFoundError:
                for name in _FONT_CANDIDATES:
                    try:
                        ImageFont.truetype(name, 12)
                    except OSError:
                        continue
                    _font_source = name
                    break
                else:
                    raise ExportError(
                        "Aucune police de caractères n'est disponible pour écrire le crédit : "
                        "l'installation est incomplète."
                    ) from None
        source = _font_source
    return ImageFont.truetype(source, size)


def _text_layer(
    canvas: tuple[int, int], text: str, overlay: Overlay, margins: tuple[int, int, int, int]
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """White text on a dark translucent band: legible on a white sky and on a dark wall alike."""
    w, h = canvas
    size = max(10, round(h * overlay.text_size))
    avail = w - margins[0] - margins[2]
    font = _font(size)
    pad = max(2, round(size * 0.35))
    while size > 10 and font.getlength(text) + 2 * pad > avail:
        size = max(10, int(size * 0.9))
        font = _font(size)
        pad = max(2, round(size * 0.35))
    while len(text) > 1 and font.getlength(text) + 2 * pad > avail:
        text = text[:-2] + "…"
    # FreeType measures in whole pixels; Pillow's stubs type the box as floats.
    left, top, right, bottom = (int(v) for v in font.getbbox(text))
    band = (right - left + 2 * pad, bottom - top + 2 * pad)
    x, y = _anchor(overlay.text_position, band, canvas, margins)
    layer = Image.new("RGBA", canvas, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    alpha = round(255 * overlay.text_opacity)
    draw.rectangle((x, y, x + band[0] - 1, y + band[1] - 1), fill=(0, 0, 0, round(alpha * 0.5)))
    draw.text((x + pad - left, y + pad - top), text, font=font, fill=(255, 255, 255, alpha))
    return layer, (x, y, band[0], band[1])


def _logo_layer(
    canvas: tuple[int, int],
    logo_path: str | os.PathLike[str],
    overlay: Overlay,
    margins: tuple[int, int, int, int],
    avoid: tuple[int, int, int, int] | None,
) -> Image.Image:
    path = Path(logo_path)
    try:
        with Image.open(long_path(str(path)), formats=("PNG", "WEBP", "JPEG", "TIFF")) as opened:
            opened.load()
            logo = opened.convert("RGBA")
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise ExportError(f"Le logo « {path.name} » est introuvable ou illisible.") from None
    w, h = canvas
    target_h = max(1, round(h * overlay.logo_size))
    target_w = max(1, round(logo.width * target_h / logo.height))
    if target_w > w // 2:  # a very wide logo would cover the picture
        target_w = max(1, w // 2)
        target_h = max(1, round(logo.height * target_w / logo.width))
    logo = logo.resize((target_w, target_h), Image.Resampling.LANCZOS)
    if overlay.logo_opacity < 1.0:
        logo.putalpha(logo.getchannel("A").point(lambda a: round(a * overlay.logo_opacity)))
    x, y = _anchor(overlay.logo_position, logo.size, canvas, margins)
    if avoid is not None and overlay.logo_position == overlay.text_position:
        # Same corner as the credit line: stack the logo beyond the text band instead of under it.
        y = (
            avoid[1] - target_h - margins[1] // 2
            if overlay.logo_position.startswith("bottom")
            else avoid[1] + avoid[3] + margins[1] // 2
        )
        y = min(max(0, y), h - target_h)
    layer = Image.new("RGBA", canvas, (0, 0, 0, 0))
    layer.alpha_composite(logo, (x, y))
    return layer


def _apply_overlay(img: Image.Image, overlay: Overlay, zone: SafeZone | None) -> Image.Image:
    _check_overlay(overlay)
    text = _clean_text(overlay.text, "texte de surimpression")
    if text is None and overlay.logo_path is None:
        return img
    margins = _margins(img.width, img.height, overlay.margin, zone)
    had_alpha = img.mode == "RGBA"
    out = img.convert("RGBA")
    band = None
    if text:
        layer, band = _text_layer(out.size, text, overlay, margins)
        out.alpha_composite(layer)
    if overlay.logo_path is not None:
        out.alpha_composite(_logo_layer(out.size, overlay.logo_path, overlay, margins, band))
    return out if had_alpha else out.convert("RGB")


# ------------------------------------------------------------------------------------------ writing
def _xmp_packet(creators: Sequence[str], copyright: str | None, credit: str | None) -> bytes | None:
    if not (creators or copyright or credit):
        return None
    props = []
    if creators:
        items = "".join(f"<rdf:li>{escape(c)}</rdf:li>" for c in creators)
        props.append(f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>")
    if copyright:
        props.append(
            f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(copyright)}</rdf:li></rdf:Alt></dc:rights>'
        )
    if credit:
        props.append(f"<photoshop:Credit>{escape(credit)}</photoshop:Credit>")
    body = "".join(props)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _exif_block(artist: str | None, copyright: str | None) -> bytes | None:
    if not (artist or copyright):
        return None
    exif = Image.Exif()
    # UTF-8 in EXIF "ASCII" fields, as the Metadata Working Group recommends: Pillow would turn é into ?.
    if artist:
        exif[0x013B] = artist.encode("utf-8")
    if copyright:
        exif[0x8298] = copyright.encode("utf-8")
    return exif.tobytes()


def _encoder(
    img: Image.Image, fmt: str, exif: bytes | None, xmp: bytes | None, icc: bytes
) -> Callable[[int | None], bytes]:
    # Only what is passed here is written: the image's own info (comments, source EXIF) is never used.
    img.info = {}

    def encode(quality: int | None) -> bytes:
        buf = io.BytesIO()
        extra = {"exif": exif} if exif else {}
        if fmt == "jpeg":
            if xmp:
                extra["xmp"] = xmp
            img.save(buf, "JPEG", quality=quality, optimize=True, icc_profile=icc, **extra)
        elif fmt == "webp":
            if xmp:
                extra["xmp"] = xmp
            img.save(buf, "WEBP", quality=quality, method=4, icc_profile=icc, **extra)
        else:
            info = PngImagePlugin.PngInfo()
            if xmp:
                info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
            img.save(buf, "PNG", compress_level=6, icc_profile=icc, pnginfo=info, **extra)
        return buf.getvalue()

    return encode


def _human_bytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} Mo".replace(".", ",") if n >= 1024 * 1024 else f"{n / 1024:.0f} Ko"


def _encode_within(
    encode: Callable[[int | None], bytes], preset: ExportPreset, report: _Progress, warnings: list[str]
) -> tuple[bytes, int | None]:
    """Highest quality whose file fits preset.max_bytes (binary search: file size grows with quality)."""
    if preset.format == "png":
        data = encode(None)
        if preset.max_bytes is not None and len(data) > preset.max_bytes:
            raise ExportError(
                f"L'image PNG fait {_human_bytes(len(data))}, au-delà de la limite de "
                f"{_human_bytes(preset.max_bytes)} du format « {preset.label} » : choisissez JPEG ou WebP."
            )
        return data, None
    top = preset.quality
    data = encode(top)
    if preset.max_bytes is None or len(data) <= preset.max_bytes:
        return data, top
    best: tuple[bytes, int] | None = None
    lo, hi = QUALITY_FLOOR, top - 1
    while lo <= hi:
        report(0.8, "Ajustement de la qualité")
        mid = (lo + hi) // 2
        attempt = encode(mid)
        if len(attempt) <= preset.max_bytes:
            best, lo = (attempt, mid), mid + 1
        else:
            hi = mid - 1
    if best is None:
        raise ExportError(
            f"Même en qualité {QUALITY_FLOOR}, l'image dépasse la limite de {_human_bytes(preset.max_bytes)} "
            f"du format « {preset.label} »."
        )
    if best[1] < QUALITY_WARNING:
        warnings.append(f"qualité abaissée à {best[1]} pour respecter la limite de {_human_bytes(preset.max_bytes)}")
    return best


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_error(exc: OSError, folder: Path) -> ExportError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ExportError(f"Le disque du dossier {folder} est plein : l'export a été abandonné.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(f"Le dossier {folder} n'accepte pas l'écriture (lecture seule ou accès refusé).")
    return ExportError(f"L'écriture dans le dossier {folder} a échoué ({exc.strerror or exc}).")


def _write_output(data: bytes, wanted: Path, report: _Progress) -> Path:
    """Temp file beside the target, fsync, then a name that replaces nothing; on any failure, no file left."""
    folder = wanted.parent
    try:
        # Dot prefix and .part suffix: a watcher of this folder ignores the file while it is written.
        fd, tmp = tempfile.mkstemp(prefix=f".{wanted.stem[:40]}.", suffix=".part", dir=long_path(str(folder)))
    except OSError as exc:
        raise write_error(exc, folder) from exc
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, default_file_mode())
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        report(0.95, "Enregistrement")
        return publish_file(tmp, wanted)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(exc, folder) from exc
        raise


# ------------------------------------------------------------------------------------------- export
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}


def _output_path(out_path: str | os.PathLike[str], preset: ExportPreset) -> Path:
    """out_path with the suffix of the preset's format: an image suffix is replaced, anything else kept
    ("St.Gervais_tiktok" must not become "St.jpg")."""
    path = Path(out_path)
    ext = EXTENSIONS[preset.format]
    suffix = path.suffix.lower()
    if suffix in ({".jpg", ".jpeg"} if preset.format == "jpeg" else {ext}):
        return path
    if suffix in _IMAGE_SUFFIXES:
        return path.with_suffix(ext)
    return path.with_name(path.name + ext)


def _crop_box(
    w: int,
    h: int,
    preset: ExportPreset,
    focal: Sequence[float] | None,
    override: Sequence[float] | None,
    smart: CropBox | None = None,
) -> CropBox:
    """The framing policy shared with the video export and the crop editor (framing.frame_for)."""
    try:
        return frame_for((w, h), preset, kind="photo", focal=focal, override=override, smart=smart)
    except InvalidCrop as exc:
        raise ExportError(str(exc)) from None


def _automatic_frame(src: Path, work: Image.Image, preset: ExportPreset, size: tuple[int, int]) -> CropBox:
    """The smart crop of the photo's analysis copy, the picture the crop editor frames on too
    (framing.smart_frames on media.frames.load_analysis_image), so the automatic frame shown is the one cut;
    analysing this decode instead would move it by a few pixels. Should the analysis copy not load where the
    export's own decode did, the decoded picture is analysed (and it is logged)."""
    from ..media.frames import load_analysis_image
    from ..media.sniff import ProbeError

    try:
        copy = load_analysis_image(str(src), "photo")
    except (ProbeError, OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("cadrage automatique sur l'image décodée pour %s : %s", src, exc)
    else:
        if copy.source_size == size:
            boxes = smart_frames(copy.image, copy.source_size, [preset], kind="photo")
            if boxes:
                return boxes[preset.id]
        log.warning(
            "cadrage automatique sur l'image décodée pour %s : copie d'analyse de %s au lieu de %s",
            src,
            copy.source_size,
            size,
        )
    return smart_crop(work, preset.width, preset.height, source_size=size).box


def export_photo(
    src_path: str | os.PathLike[str],
    preset: ExportPreset,
    out_path: str | os.PathLike[str],
    *,
    focal: Sequence[float] | None = None,
    override: Sequence[float] | None = None,
    credit: str | None = None,
    overlay: Overlay | None = None,
    artist: str | None = None,
    copyright: str | None = None,
    progress: ProgressCallback | None = None,
) -> ExportResult:
    """Write `src_path` cropped and sized for `preset` at `out_path` (or "name (2).jpg" if it exists).

    The crop is `override` (normalised x, y, w, h) if given, else the largest window centred on `focal`
    (normalised x, y), else the smart crop. The suffix of `out_path` is set to the preset's format.
    `artist`, `copyright` and `credit` default to the source's own: creators (dc:creator), copyright
    (dc:rights) and credit line (photoshop:Credit) from its sidecar, else from the XMP or IPTC embedded in it,
    else its EXIF Artist and Copyright; pass "" to drop them. They are written as XMP dc:creator, dc:rights
    and photoshop:Credit, and EXIF Artist (creators joined by "; ") and Copyright.
    Raises ExportError (French message) for any bad input or write failure, Cancelled when `progress`
    raised it before the file was published; in every failure case no file is left in the output folder.
    """
    report = _Progress(progress)
    if not preset.supports("photo"):
        raise ExportError(f"Le format « {preset.label} » ne s'applique pas aux photos.")
    src = Path(src_path)
    wanted = _output_path(out_path, preset)
    if not wanted.parent.is_dir():
        raise ExportError(f"Le dossier d'export {wanted.parent} n'existe pas.")
    warnings: list[str] = []

    report(0.0, "Ouverture")
    img = _open_source(src)
    try:
        src_creators, src_credit, src_copyright = _source_credits(img, src)
        given = _clean_text(artist, "auteur")
        creators = src_creators if artist is None else [given] if given else []
        copyright = src_copyright if copyright is None else _clean_text(copyright, "copyright")
        credit = src_credit if credit is None else _clean_text(credit, "crédit")
        orientation = _orientation(img)
        drafted: tuple[int, int] | None = None
        if img.format in ("JPEG", "MPO"):
            # Shrink-on-load: decode straight at 1/2, 1/4 or 1/8 when the output needs no more pixels.
            # Pillow leaves JPEG pixels as stored, so the displayed size is the stored one, turned.
            full = (img.height, img.width) if orientation in (5, 6, 7, 8) else img.size
            size_box = _crop_box(*full, preset, focal, override)  # the smart box has the centred one's size
            factor = min(1.0, max(preset.width / size_box.w, preset.height / size_box.h))
            if factor < 0.5:
                img.draft(img.mode, (math.ceil(img.width * factor), math.ceil(img.height * factor)))
                drafted = full
        report(0.1, "Décodage")
        try:
            img.load()
            icc = img.info.get("icc_profile")
            # After load(), because some readers (TIFF in Pillow 13) turn the pixels themselves while loading
            # and then drop the tag: exif_transpose sees what is left to do, never twice.
            work = ImageOps.exif_transpose(img) if _orientation(img) != 1 else img
            work = _normalise_mode(work)
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
            raise ExportError(f"« {src.name} » est illisible ou endommagé.") from exc
        disp_w, disp_h = drafted or work.size
        automatic = needs_smart(focal, override)
        box = None if automatic else _crop_box(disp_w, disp_h, preset, focal, override)
        report(0.4, "Recadrage")
        if box is None:
            box = _crop_box(disp_w, disp_h, preset, None, None, _automatic_frame(src, work, preset, (disp_w, disp_h)))
        if box.w < preset.width or box.h < preset.height:
            warnings.append(
                f"agrandissement : la source ({box.w}x{box.h}) est plus petite que le format "
                f"({preset.width}x{preset.height})"
            )
        sx, sy = work.width / disp_w, work.height / disp_h
        region = (box.x * sx, box.y * sy, box.right * sx, box.bottom * sy)
        out = work.resize((preset.width, preset.height), Image.Resampling.LANCZOS, box=region, reducing_gap=3.0)
    finally:
        img.close()

    report(0.6, "Couleurs")
    out = _to_srgb(out, icc, warnings)
    if out.mode == "RGBA" and preset.format == "jpeg":
        flat = Image.new("RGB", out.size, (255, 255, 255))
        flat.paste(out, mask=out.getchannel("A"))
        out = flat
    if overlay is not None:
        report(0.7, "Surimpression")
        out = _apply_overlay(out, overlay, preset.safe_zone)

    report(0.75, "Compression")
    encode = _encoder(
        out,
        preset.format,
        _exif_block("; ".join(creators) or None, copyright),
        _xmp_packet(creators, copyright, credit),
        _srgb_profile()[1],
    )
    data, quality = _encode_within(encode, preset, report, warnings)
    report(0.9, "Écriture")
    final = _write_output(data, wanted, report)
    with contextlib.suppress(Cancelled):  # the file is already published: a late cancel has nothing to stop
        report(1.0, "Terminé")
    return ExportResult(
        output=str(final),
        width=preset.width,
        height=preset.height,
        bytes=len(data),
        quality=quality,
        warnings=warnings,
        crop=box.as_tuple(),
    )


__all__ = ["Cancelled", "ExportError", "ExportResult", "Overlay", "export_photo"]
