"""Video export: one source clip → one platform-ready MP4 (H.264 High, yuv420p, AAC, moov first).

Pipeline, in one pass over the file: sniff the format (allow-list) → demux with a forced demuxer from a
Python file object (a name is never handed to FFmpeg, so "concat:" or "http:" in it mean nothing) → decode →
one libavfilter graph per clip: `fps` first (frames the output drops are never scaled), then a zero-copy
`crop` and a single swscale pass for scale + pixel format (+ `transpose` for phone rotation, placed where
it touches fewer pixels); in "fit" mode a blurred, enlarged copy of the frame fills the preset behind the
whole frame → libx264 (CRF with a bitrate cap) → AAC (always re-encoded, ≤ 48 kHz, mono or stereo) →
MP4 with +faststart, written to a hidden ".part" file beside the target and published under a name that
replaces nothing. Any failure, a cancel, or a full disk removes the temporary file.

Every file in the watched folder is untrusted: timestamps that jump or run backwards are rebased so that the
constant-frame-rate filter can never be asked for hours of duplicated frames, frame durations are bounded,
and a frame that changes size mid-stream is scaled back to the first one's size.
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
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..fsutil import default_file_mode, long_path
from ..media.probe_video import DEMUXERS, MAX_FRAME_PIXELS, frame_rotation
from ..media.sniff import HEAD_SIZE, detect_format
from . import Cancelled, ExportError, ExportResult, ProgressCallback
from .bars import scale_box, video_picture_box
from .crop import CropBox, InvalidCrop
from .framing import frame_for, smart_frames
from .image import write_error
from .naming import publish_file
from .presets import ExportPreset, VideoLimits

log = logging.getLogger(__name__)

MODES = ("crop", "fit")
# What the brief and the platforms agree on when a preset states no frame-rate limit of its own.
DEFAULT_MIN_FPS = 23
DEFAULT_MAX_FPS = 60
DEFAULT_AUDIO_MAX_HZ = 48000
# veryfast keeps a 1080×1920 export at or above real time on a 2-core office PC; CRF 23 is x264's own
# "visually fine" default, and the cap below keeps social-media uploads from being re-compressed harshly.
X264_PRESET = "veryfast"
X264_CRF = 23
# 8 Mb/s for 1080×1920 at 30 fps (YouTube's and TikTok's upload guidance); scaled by area, ×1.5 above 30 fps.
REFERENCE_MAXRATE = 8_000_000
MIN_MAXRATE = 1_000_000
AUDIO_BITRATE = {1: 96_000, 2: 128_000}
# Sample rates AAC can signal; anything else is resampled to the nearest one not above the cap.
AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000)
# Frame rates a "29.87 fps" phone clip really means: snapping avoids 2987/100 time bases.
STANDARD_RATES = (
    Fraction(24000, 1001),
    Fraction(24),
    Fraction(25),
    Fraction(30000, 1001),
    Fraction(30),
    Fraction(48),
    Fraction(50),
    Fraction(60000, 1001),
    Fraction(60),
    Fraction(120),
    Fraction(240),
)
# A jump of more than this between two frames is a broken timestamp, not a pause in the picture.
MAX_GAP_SECONDS = 5.0
# Audio read before the first picture is held back (its position is relative to that picture); past this
# much, the picture stream is not going to start.
MAX_PENDING_AUDIO_SECONDS = 10.0
# A clip whose pictures stop this far before the duration it declares was cut off (interrupted copy).
TRUNCATION_TOLERANCE = 0.10
MAX_BAD_PACKETS = 500
_VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".3gp", ".avi", ".mkv", ".webm"}
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}


# ------------------------------------------------------------------------------------------ helpers
def _seconds(value: float) -> str:
    """ "95 s", "2,5 s": French decimal comma, no ".0"."""
    if abs(value - round(value)) < 0.05:
        return f"{round(value)} s"
    return f"{value:.1f} s".replace(".", ",")


def _platform(preset: ExportPreset) -> str:
    return preset.platform.split(" (")[0].strip() or preset.label


def _output_path(out_path: str | os.PathLike[str]) -> Path:
    """out_path ending in .mp4: a media suffix is replaced, anything else kept ("St.Gervais" stays whole)."""
    path = Path(out_path)
    suffix = path.suffix.lower()
    if suffix == ".mp4":
        return path
    if suffix in _VIDEO_SUFFIXES or suffix in _IMAGE_SUFFIXES:
        return path.with_suffix(".mp4")
    return path.with_name(path.name + ".mp4")


def _check_target(preset: ExportPreset, limits: VideoLimits) -> None:
    unsupported = []
    if limits.container.lower() != "mp4":
        unsupported.append(f"conteneur {limits.container}")
    if limits.video_codec.lower() not in ("h264", "avc", "libx264"):
        unsupported.append(f"codec vidéo {limits.video_codec}")
    if limits.audio_codec.lower() != "aac":
        unsupported.append(f"codec audio {limits.audio_codec}")
    if limits.pix_fmt.lower() != "yuv420p":
        unsupported.append(f"format de pixels {limits.pix_fmt}")
    if limits.profile is not None and limits.profile.lower() not in ("high", "main", "baseline"):
        unsupported.append(f"profil {limits.profile}")
    if unsupported:
        raise ExportError(
            f"Le format « {preset.label} » demande un réglage vidéo non pris en charge ({', '.join(unsupported)})."
        )
    if preset.width % 2 or preset.height % 2:
        raise ExportError(
            f"Le format « {preset.label} » ({preset.width}x{preset.height}) n'a pas des dimensions "
            "paires, ce qu'exige la vidéo H.264."
        )


def _snap_rate(rate: Fraction) -> Fraction | None:
    """The standard or whole rate `rate` stands for, or None for a rate that is neither (variable-rate clip)."""
    for standard in STANDARD_RATES:
        if abs(rate - standard) <= standard * Fraction(1, 100):
            return standard
    whole = round(rate)
    if whole >= 1 and abs(rate - whole) <= rate * Fraction(1, 1000):
        return Fraction(whole)
    return None


def output_rate(source: Fraction | None, low: float, high: float) -> Fraction:
    """Constant output rate: the source's, brought into [low, high].

    Out of range, an integer multiple (or divisor) of the source rate is preferred, so that every source frame
    is shown the same number of times: 15 fps becomes 30, not 23 (which would stutter), 120 becomes 60.
    A variable-rate phone clip averages an odd rate (27.76 fps): it gets the nearest standard rate in range.
    """
    lo, hi = Fraction(low).limit_denominator(1001), Fraction(high).limit_denominator(1001)
    if source is None or source <= 0:
        return min(max(Fraction(30), lo), hi)
    rate = _snap_rate(source)
    if rate is None:
        in_range = [r for r in STANDARD_RATES if lo <= r <= hi]
        if in_range:
            return min(in_range, key=lambda r: (abs(r - source), -r))
        rate = source.limit_denominator(1001)
    if lo <= rate <= hi:
        return rate
    if rate < lo:
        k = math.ceil(lo / rate)
        return rate * k if rate * k <= hi else lo
    k = math.ceil(rate / hi)
    return rate / k if rate / k >= lo else hi


def _maxrate(width: int, height: int, rate: Fraction) -> int:
    value = REFERENCE_MAXRATE * (width * height) / (1080 * 1920) * (1.5 if rate > 31 else 1.0)
    return int(max(MIN_MAXRATE, round(value, -3)))


def _audio_rate(source: int, cap: int) -> int:
    if source in AAC_RATES and source <= cap:
        return source
    usable = [r for r in AAC_RATES if r <= cap]
    above = [r for r in usable if r >= source]
    return min(above) if above else max(usable)


def _even(value: float, limit: int) -> int:
    return max(2, min(limit - limit % 2, 2 * round(value / 2)))


def _stored_box(box: CropBox, rotation: int, stored_w: int, stored_h: int) -> CropBox:
    """The displayed-frame box in the coordinates of the stored (coded) frame, before rotation."""
    x, y, w, h = box.as_tuple()
    if rotation == 90:  # the stored frame is shown turned 90° counter-clockwise: its right column is the top
        return CropBox(stored_w - y - h, x, h, w)
    if rotation == 270:
        return CropBox(y, stored_h - x - w, h, w)
    if rotation == 180:
        return CropBox(stored_w - x - w, stored_h - y - h, w, h)
    return box


def _transpose_filters(rotation: int) -> list[tuple[str, str]]:
    if rotation == 90:
        return [("transpose", "cclock")]
    if rotation == 270:
        return [("transpose", "clock")]
    if rotation == 180:
        return [("hflip", ""), ("vflip", "")]
    return []


# ------------------------------------------------------------------------------------------ output file
class _OutputFile:
    """The seekable file PyAV writes the MP4 through.

    A Python object rather than a name given to FFmpeg: write errors arrive as Python OSErrors with their
    errno (a full disk stays a full disk in the message). Once the export is abandoned, writes are dropped
    and reads find nothing, so closing the muxer (which always writes its trailer) costs no time and raises
    nothing more for a file that is deleted next.
    """

    def __init__(self, fd: int, path: str) -> None:
        self._raw = io.FileIO(fd, "r+", closefd=True)
        self._path = path
        self._aborted = False
        self._pos = 0  # position reported once aborted, when nothing reaches the disk any more

    def write(self, data: bytes) -> int:
        if self._aborted:
            self._pos += len(data)
            return len(data)
        view = memoryview(data)
        while view:
            # FFmpeg's callback has no notion of a short write: finish it here.
            written = self._raw.write(view)
            if not written:
                raise OSError(errno.EIO, "écriture impossible")
            view = view[written:]
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if self._aborted:
            return b""
        return self._raw.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._aborted:
            self._pos = offset if whence == 0 else self._pos + offset
            return self._pos
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._pos if self._aborted else self._raw.tell()

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def io_open(self, url: str, flags: int, options: dict[str, str]) -> _ReadBack:
        """What the muxer opens for +faststart: a second, read-only handle on this same file.

        The MP4 muxer moves its index to the front by reading the data back through a new handle while it
        writes through this one; a shared handle would share one file offset between the two.
        """
        if flags & 2:  # AVIO_FLAG_WRITE: the muxer has no business creating other files
            raise PermissionError(errno.EACCES, "écriture refusée", url)
        return _ReadBack(self)

    def sync(self) -> None:
        self._raw.flush()
        os.fsync(self._raw.fileno())

    def abort(self) -> None:
        if not self._aborted:
            self._pos = 0 if self._raw.closed else self._raw.tell()
            self._aborted = True

    @property
    def aborted(self) -> bool:
        return self._aborted

    @property
    def path(self) -> str:
        return self._path

    def close(self) -> None:
        self._raw.close()


class _ReadBack:
    """Read-only handle on the file being written (see _OutputFile.io_open); reads nothing once aborted."""

    def __init__(self, owner: _OutputFile) -> None:
        self._owner = owner
        self._raw = io.FileIO(owner.path, "r")

    def read(self, size: int = -1) -> bytes:
        return b"" if self._owner.aborted else self._raw.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()


# ------------------------------------------------------------------------------------------ plan
@dataclass(frozen=True)
class _Plan:
    """Geometry decided from the first decoded frame."""

    stored_w: int
    stored_h: int
    pix_fmt: str
    rotation: int
    display_w: int
    display_h: int
    box: CropBox  # region of the displayed frame shown in the output (the whole frame in "fit" mode)
    matrix: str  # YUV matrix of the source, as swscale names it


def _plan(
    frame: Any,
    preset: ExportPreset,
    mode: str,
    focal: Sequence[float] | None,
    override: Sequence[float] | None,
    warnings: list[str],
    smart: CropBox | None = None,
    picture: CropBox | None = None,
) -> _Plan:
    stored_w, stored_h = frame.width, frame.height
    rotation = frame_rotation(frame)
    display_w, display_h = (stored_h, stored_w) if rotation in (90, 270) else (stored_w, stored_h)
    pw, ph = preset.width, preset.height
    # The picture without its black bars (bars.py), when the clip has some and no crop was drawn for it.
    if override is not None or picture is None or picture.right > display_w or picture.bottom > display_h:
        picture = None
    area = picture or CropBox(0, 0, display_w, display_h)
    try:
        if mode == "fit":
            box = area
            scale = min(pw / area.w, ph / area.h)
            upscaled = scale > 1.0
        else:  # the policy shared with the photo export and the crop editor
            inner = frame_for(
                (area.w, area.h),
                preset,
                kind="video",
                focal=_focal_inside(focal, area, display_w, display_h),
                override=override,
                smart=smart,
            )
            box = CropBox(inner.x + area.x, inner.y + area.y, inner.w, inner.h)
            upscaled = box.w < pw or box.h < ph
    except InvalidCrop as exc:
        raise ExportError(str(exc)) from None
    if upscaled:
        warnings.append(f"agrandissement : la source ({box.w}x{box.h}) est plus petite que le format ({pw}x{ph})")
    if picture is not None:
        warnings.append(
            f"bandes noires retirées : seule l'image utile ({picture.w}x{picture.h} sur {display_w}x{display_h}) "
            "est cadrée"
        )
    return _Plan(stored_w, stored_h, frame.format.name, rotation, display_w, display_h, box, _source_matrix(frame))


def _focal_inside(
    focal: Sequence[float] | None, area: CropBox, display_w: int, display_h: int
) -> Sequence[float] | None:
    """A focal point given on the whole displayed frame, as a fraction of `area` (the picture without bars)."""
    if focal is None or (area.w, area.h) == (display_w, display_h):
        return focal
    try:
        fx, fy = float(focal[0]), float(focal[1])
    except (TypeError, ValueError, IndexError):
        return focal  # frame_for words the error
    if not (math.isfinite(fx) and math.isfinite(fy)):
        return focal
    return (
        min(1.0, max(0.0, (fx * display_w - area.x) / area.w)),
        min(1.0, max(0.0, (fy * display_h - area.y) / area.h)),
    )


# AVColorSpace values → swscale matrix names.
_MATRICES = {1: "bt709", 4: "fcc", 5: "bt470", 6: "smpte170m", 7: "smpte240m", 9: "bt2020", 10: "bt2020"}


def _source_matrix(frame: Any) -> str:
    """The source's YUV matrix; untagged HD is BT.709 and untagged SD is BT.601, as players assume.

    swscale would take untagged as BT.601 whatever the size: an HD clip would shift colours, and the
    conversion it then does to BT.709 costs a full extra pass per frame.
    """
    known = _MATRICES.get(int(frame.colorspace or 0))
    if known:
        return known
    return "bt709" if max(frame.width, frame.height) >= 1280 or min(frame.width, frame.height) >= 720 else "smpte170m"


def _scale_args(w: int, h: int, matrix: str, flags: str = "bicubic") -> str:
    # One swscale call does the resize, the pixel format and the BT.709 limited-range conversion
    # (full-range phone or MJPEG sources would otherwise look washed out once tagged as video range).
    return f"{w}:{h}:flags={flags}:in_color_matrix={matrix}:out_color_matrix=bt709:out_range=tv"


def _build_graph(
    av: Any, plan: _Plan, preset: ExportPreset, mode: str, rate: Fraction, time_base: Fraction
) -> tuple[Any, Any, Any]:
    """(graph, source, sink): fps → crop/transpose/scale (or the fit composition) → yuv420p."""
    graph = av.filter.Graph()
    src = graph.add_buffer(width=plan.stored_w, height=plan.stored_h, format=plan.pix_fmt, time_base=time_base)
    chain: list[Any] = [src]
    pw, ph = preset.width, preset.height
    turns = _transpose_filters(plan.rotation)

    def add(name: str, args: str = "") -> None:
        node = graph.add(name, args or None)
        chain[-1].link_to(node)
        chain.append(node)

    add("fps", f"fps={rate.numerator}/{rate.denominator}")

    if mode == "crop":
        stored = _stored_box(plan.box, plan.rotation, plan.stored_w, plan.stored_h)
        if (stored.x, stored.y, stored.w, stored.h) != (0, 0, plan.stored_w, plan.stored_h):
            add("crop", f"{stored.w}:{stored.h}:{stored.x}:{stored.y}")
        # Turn the smaller of the two pictures: before the scale when enlarging, after it when reducing.
        turn_first = stored.w * stored.h < pw * ph
        if turns and turn_first:
            for name, args in turns:
                add(name, args)
        scaled = (ph, pw) if (turns and not turn_first and plan.rotation in (90, 270)) else (pw, ph)
        add("scale", _scale_args(*scaled, plan.matrix))
        if turns and not turn_first:
            for name, args in turns:
                add(name, args)
        add("format", "pix_fmts=yuv420p")
    else:
        for name, args in turns:
            add(name, args)
        dw, dh = plan.display_w, plan.display_h
        if (plan.box.w, plan.box.h) != (dw, dh):  # the picture without its black bars (displayed pixels)
            add("crop", f"{plan.box.w}:{plan.box.h}:{plan.box.x}:{plan.box.y}")
            dw, dh = plan.box.w, plan.box.h
        split = graph.add("split", "2")
        chain[-1].link_to(split)
        # Background: blurred at 1/8 of the size (cheap, and blur hides the upscaling), then enlarged.
        sw, sh = _even(max(16, pw / 8), pw), _even(max(16, ph / 8), ph)
        cover = max(sw / dw, sh / dh)
        cw, ch = max(sw, math.ceil(dw * cover)), max(sh, math.ceil(dh * cover))
        bg_nodes = [
            graph.add("scale", f"{cw}:{ch}:flags=area"),
            graph.add("crop", f"{sw}:{sh}:{(cw - sw) // 2}:{(ch - sh) // 2}"),
            graph.add("gblur", f"sigma={max(1.0, min(sw, sh) / 12):.2f}"),
            graph.add("scale", _scale_args(pw, ph, plan.matrix, "bilinear")),
        ]
        split.link_to(bg_nodes[0], 0, 0)
        for a, b in zip(bg_nodes, bg_nodes[1:], strict=False):
            a.link_to(b)
        fit = min(pw / dw, ph / dh)
        fw, fh = _even(dw * fit, pw), _even(dh * fit, ph)
        fg = graph.add("scale", _scale_args(fw, fh, plan.matrix))
        split.link_to(fg, 1, 0)
        overlay = graph.add("overlay", f"x={(pw - fw) // 2}:y={(ph - fh) // 2}:format=yuv420")
        bg_nodes[-1].link_to(overlay, 0, 0)
        fg.link_to(overlay, 0, 1)
        chain.append(overlay)
        add("format", "pix_fmts=yuv420p")
    sink = graph.add("buffersink")
    chain[-1].link_to(sink)
    graph.configure()
    return graph, src, sink


# ------------------------------------------------------------------------------------------ export
class _WriteFailed(Exception):
    """An OSError of the output side, carried past the handlers that word source-side failures."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


# errnos that mean the output folder failed us, whoever (FFmpeg or our file object) saw them first.
_WRITE_ERRNOS = {
    errno.ENOSPC,
    getattr(errno, "EDQUOT", errno.ENOSPC),
    errno.EIO,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.EFBIG,
    errno.ECANCELED,
}
_READ_ERRNOS = (errno.EIO, errno.EACCES, errno.ENOENT, errno.EPERM)


class _Export:
    """State of one export, from the first packet to the last; export_video() is the entry point."""

    def __init__(
        self,
        av: Any,
        src: Path,
        preset: ExportPreset,
        limits: VideoLimits,
        mode: str,
        focal: Sequence[float] | None,
        override: Sequence[float] | None,
        trim: bool,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> None:
        self.av = av
        self.src = src
        self.name = src.name
        self.preset = preset
        self.limits = limits
        self.mode = mode
        self.focal = focal
        self.override = override
        self.smart: CropBox | None = None  # the automatic frame, when neither focal nor override is given
        self.picture: CropBox | None = None  # the picture without its black bars (displayed pixels), if any
        self.progress = progress
        self.cancel = cancel
        self.warnings: list[str] = []
        self.trim_at: float | None = limits.max_seconds if (trim and limits.max_seconds) else None
        self.trimmed = False
        self.bad_packets = 0
        self.last_reported = -1.0
        self.declared: float | None = None  # duration the file announces (video stream first)
        self.declared_video: float | None = None  # the same, only when it is the picture's own duration
        self.expected: float | None = None  # duration the output should have, for the progress fraction
        # video
        self.plan: _Plan | None = None
        self.vsrc: Any = None
        self.vsink: Any = None
        self.graph: Any = None
        self.out_vstream: Any = None
        self.rate = Fraction(30)
        self.video_tb = Fraction(1, 90000)
        self.nominal = 1  # one source frame at the source's rate, in video_tb units
        self.t0_pts: int | None = None  # first picture, in video_tb units (after rebasing)
        self.last_pts: int | None = None
        self.shift = 0  # added to source pts to undo broken jumps
        self.video_end = 0.0  # seconds after t0 where the last picture pushed ends
        self.raw_t0: int | None = None  # first picture's own timestamp, before any rebasing
        self.raw_end = 0.0  # the same as video_end, on the source's own timestamps
        self.jumps = 0
        self.first_out_pts: int | None = None
        self.lead_ticks = 0  # sound before the first picture, in video_tb units (the picture starts that late)
        self.lead_frames = 0  # the same in output frames
        self.audio_start: float | None = None  # where the source's sound track says it starts, in seconds
        self.frames_out = 0
        self.video_done = False
        # audio
        self.out_astream: Any = None
        self.out_hz = 0
        self.out_layout = ""
        self.resampler: Any = None
        self.resampler_key: tuple[str, str, int] | None = None
        self.audio_pending: list[Any] = []
        self.audio_samples = 0  # samples handed to the encoder
        self.audio_skip = 0  # samples still to drop (audio that starts before the first picture)
        self.audio_started = False
        self.audio_done = False

    # -- progress / cancel
    def report(self, fraction: float, label: str, force: bool = False) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        if self.progress is not None and (force or fraction - self.last_reported >= 0.005):
            self.last_reported = fraction
            self.progress(fraction, label)

    # -- source
    def read_error(self, exc: BaseException) -> ExportError:
        if isinstance(exc, OSError) and exc.errno in _READ_ERRNOS:
            return ExportError(f"La lecture de « {self.name} » a échoué ({exc.strerror or exc}).")
        return ExportError(f"« {self.name} » est illisible ou endommagée.")

    def open_source(self) -> tuple[Any, Any]:
        name = self.name
        try:
            fh = open(long_path(str(self.src)), "rb")  # noqa: SIM115 -- returned open: the caller closes it
        except FileNotFoundError:
            raise ExportError(f"Le fichier source « {name} » est introuvable.") from None
        except PermissionError:
            raise ExportError(f"Le fichier source « {name} » n'est pas lisible (accès refusé).") from None
        except IsADirectoryError:
            raise ExportError(f"« {name} » est un dossier, pas une vidéo.") from None
        except OSError as exc:
            raise ExportError(f"La lecture de « {name} » a échoué ({exc.strerror or exc}).") from exc
        try:
            try:
                head = fh.read(HEAD_SIZE)
                fh.seek(0)
            except OSError as exc:
                raise ExportError(f"La lecture de « {name} » a échoué ({exc.strerror or exc}).") from exc
            demuxer = DEMUXERS.get(detect_format(head) or "")
            if demuxer is None:
                raise ExportError(f"« {name} » n'est pas une vidéo dans un format pris en charge.")
            try:
                # A file object, not a path: FFmpeg would read "concat:…" or "http:…" in a name as a protocol.
                container = self.av.open(fh, format=demuxer, metadata_errors="replace")
            except (self.av.FFmpegError, OSError, EOFError) as exc:
                raise self.read_error(exc) from exc
        except BaseException:
            fh.close()
            raise
        return fh, container

    def pick_streams(self, container: Any) -> tuple[Any, Any | None]:
        videos = [s for s in container.streams.video if s.codec_context is not None]
        if not videos:
            raise ExportError(f"« {self.name} » ne contient aucune piste vidéo lisible.")
        vstream = videos[0]
        w, h = vstream.codec_context.width, vstream.codec_context.height
        if w and h and w * h > MAX_FRAME_PIXELS:
            raise ExportError(f"« {self.name} » annonce une image démesurée ({w} × {h}) : export refusé.")
        if not vstream.time_base or vstream.time_base <= 0:
            raise ExportError(f"« {self.name} » n'indique pas l'horodatage de ses images.")
        vstream.thread_type = "AUTO"
        astream = None
        if container.streams.audio:
            astream = container.streams.audio[0]
            if astream.codec_context is None:
                raise ExportError(f"La piste son de « {self.name} » est dans un format non pris en charge.")
        return vstream, astream

    @staticmethod
    def source_rate(vstream: Any) -> Fraction | None:
        for rate in (vstream.average_rate, vstream.guessed_rate, vstream.base_rate):
            try:
                value = Fraction(rate) if rate else None
            except (TypeError, ValueError, ZeroDivisionError):
                value = None
            if value is not None and 1 <= value <= 1000:
                return value
        return None

    # -- output side: every encoder and muxer call goes through here
    def encode(self, stream: Any, frame: Any, out: Any) -> None:
        av = self.av
        try:
            packets = stream.encode(frame)
            if packets:
                out.mux(packets)
        except OSError as exc:
            if isinstance(exc, av.FFmpegError) and exc.errno not in _WRITE_ERRNOS:
                raise ExportError("L'encodage de la vidéo a échoué.") from exc
            raise _WriteFailed(exc) from exc
        except av.FFmpegError as exc:
            raise ExportError("L'encodage de la vidéo a échoué.") from exc

    def setup_output(self, out: Any, vstream: Any, astream: Any | None) -> None:
        preset, limits = self.preset, self.limits
        low = limits.min_fps if limits.min_fps is not None else DEFAULT_MIN_FPS
        high = limits.max_fps if limits.max_fps is not None else DEFAULT_MAX_FPS
        if not 0 < low <= high:
            raise ExportError(f"Le format « {preset.label} » a des limites d'images par seconde incohérentes.")
        source = self.source_rate(vstream)
        self.rate = output_rate(source, low, high)
        self.video_tb = Fraction(vstream.time_base)
        self.nominal = max(1, round(1 / ((source or Fraction(30)) * self.video_tb)))
        stream = out.add_stream("libx264", rate=self.rate)
        stream.width, stream.height, stream.pix_fmt = preset.width, preset.height, "yuv420p"
        maxrate = _maxrate(preset.width, preset.height, self.rate)
        stream.options = {
            "preset": X264_PRESET,
            "crf": str(X264_CRF),
            "profile": (limits.profile or "high").lower(),
            "maxrate": str(maxrate),
            "bufsize": str(2 * maxrate),
            "g": str(2 * math.ceil(self.rate)),  # a keyframe every 2 s: platforms seek and cut on them
        }
        cc = stream.codec_context
        # PyAV opens encoders with slice threads; x264's frame threads are what the ffmpeg CLI uses, and
        # they are faster for a whole clip (latency does not matter here).
        cc.thread_type = "FRAME"
        cc.thread_count = 0
        cc.color_primaries, cc.color_trc, cc.colorspace, cc.color_range = 1, 1, 1, 1  # BT.709, limited range
        self.out_vstream = stream
        if astream is None:
            return
        if astream.start_time is not None and astream.time_base:
            start = float(astream.start_time * astream.time_base)
            self.audio_start = start if math.isfinite(start) else None
        src_cc = astream.codec_context
        channels = src_cc.layout.nb_channels if src_cc.layout is not None else 0
        source_hz = src_cc.sample_rate or 0
        if channels <= 0 or source_hz <= 0:
            raise ExportError(f"La piste son de « {self.name} » n'annonce ni canaux ni fréquence.")
        cap = min(limits.audio_max_hz or DEFAULT_AUDIO_MAX_HZ, DEFAULT_AUDIO_MAX_HZ)
        self.out_hz = _audio_rate(source_hz, cap)
        self.out_layout = "mono" if channels == 1 else "stereo"
        a_out = out.add_stream("aac", rate=self.out_hz)
        a_out.layout = self.out_layout
        a_out.bit_rate = AUDIO_BITRATE[1 if self.out_layout == "mono" else 2]
        self.out_astream = a_out

    # -- video
    def on_video_frame(self, frame: Any, out: Any) -> None:
        tb = self.video_tb
        if self.plan is None:
            if frame.width * frame.height > MAX_FRAME_PIXELS or frame.width < 2 or frame.height < 2:
                raise ExportError(
                    f"« {self.name} » a une taille d'image inutilisable ({frame.width} × {frame.height})."
                )
            self.plan = _plan(
                frame, self.preset, self.mode, self.focal, self.override, self.warnings, self.smart, self.picture
            )
            if frame.color_trc in (16, 18):  # SMPTE 2084 (PQ) or ARIB STD-B67 (HLG)
                self.warnings.append("la source est en HDR : les couleurs de l'export (SDR) peuvent paraître ternes")
            try:
                self.graph, self.vsrc, self.vsink = _build_graph(
                    self.av, self.plan, self.preset, self.mode, self.rate, tb
                )
            except (self.av.FFmpegError, ValueError) as exc:
                raise ExportError(f"Les images de « {self.name} » n'ont pas pu être converties.") from exc
        plan = self.plan
        if (frame.width, frame.height, frame.format.name) != (plan.stored_w, plan.stored_h, plan.pix_fmt):
            # A stream that changes size mid-way: back to the first size, the graph is built for it.
            if frame.width * frame.height > MAX_FRAME_PIXELS:
                raise ExportError(
                    f"« {self.name} » contient une image démesurée ({frame.width} × {frame.height}) : export refusé."
                )
            frame = frame.reformat(width=plan.stored_w, height=plan.stored_h, format=plan.pix_fmt)
        raw = frame.pts if frame.pts is not None else frame.dts
        if raw is None:
            raw = self.last_pts - self.shift + self.nominal if self.last_pts is not None else 0
        pts = raw + self.shift
        if self.last_pts is not None:
            gap = pts - self.last_pts
            if gap <= 0 or gap * tb > MAX_GAP_SECONDS:
                # Backwards, or hours ahead: continue right after the last picture, or the constant-rate
                # filter would be asked to fill the gap with copies of one frame.
                self.shift += self.last_pts + self.nominal - pts
                pts = self.last_pts + self.nominal
                self.jumps += 1
        if self.t0_pts is None:
            # The output starts where the source does: with the sound when it starts before the first
            # picture (a clip cut without re-encoding opens on its first keyframe, up to a few seconds after
            # the sound). The picture then starts that much later in the MP4 too, as in the source, and the
            # whole sound track is kept instead of the part that comes after the first picture.
            lead = self.picture_lead(float(pts * tb))
            self.lead_ticks = round(lead / tb)
            self.lead_frames = round(lead * self.rate)
            self.t0_pts = pts - self.lead_ticks
            self.raw_t0 = raw - self.lead_ticks
            self.flush_pending_audio(out)
        elapsed = float((pts - self.t0_pts) * tb)
        if self.trim_at is not None and elapsed >= self.trim_at - 1e-6:
            self.trimmed = True
            self.video_done = True
            return
        duration = frame.duration if 0 < (frame.duration or 0) * tb <= 1 else self.nominal
        frame.pts = pts
        frame.duration = duration
        self.last_pts = pts
        self.video_end = max(self.video_end, float((pts + duration - self.t0_pts) * tb))
        self.raw_end = max(self.raw_end, float((raw + duration - self.raw_t0) * tb))
        self.push_video(frame, out)
        if self.expected:
            self.report(0.02 + 0.93 * min(1.0, elapsed / self.expected), "Encodage de la vidéo")

    def picture_lead(self, first_picture: float) -> float:
        """Seconds of sound before the first picture (`first_picture`: its time in seconds), or 0.

        From the sound already read (held until now) or, failing that, the start its stream announces.
        Less than half a frame is rounding; more than MAX_GAP_SECONDS is a broken timestamp, and the sound
        before the picture is then dropped as before."""
        starts = [
            float(f.pts * f.time_base) for f in self.audio_pending if f.pts is not None and f.time_base is not None
        ]
        if self.audio_start is not None:
            starts.append(self.audio_start)
        if not starts:
            return 0.0
        # A sound track announced a hair before zero is the AAC encoder's priming, not sound to keep.
        lead = first_picture - max(min(starts), min(0.0, first_picture))
        if not math.isfinite(lead) or lead * self.rate < 0.5 or lead > MAX_GAP_SECONDS:
            return 0.0
        return lead

    def push_video(self, frame: Any, out: Any) -> None:
        av = self.av
        try:
            self.vsrc.push(frame)
        except (av.FFmpegError, ValueError) as exc:
            raise ExportError(f"Les images de « {self.name} » n'ont pas pu être converties.") from exc
        out_tb = Fraction(self.rate.denominator, self.rate.numerator)
        while True:
            try:
                picture = self.vsink.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            except av.FFmpegError as exc:
                raise ExportError(f"Les images de « {self.name} » n'ont pas pu être converties.") from exc
            if self.first_out_pts is None:
                self.first_out_pts = picture.pts
            picture.pts += self.lead_frames - self.first_out_pts
            picture.time_base = out_tb
            picture.pict_type = 0  # let x264 place keyframes: the source's I-frames mean nothing here
            self.frames_out += 1
            self.encode(self.out_vstream, picture, out)

    def finish_video(self, out: Any) -> None:
        self.push_video(None, out)
        self.encode(self.out_vstream, None, out)

    # -- audio
    def on_audio_frame(self, frame: Any, out: Any) -> None:
        if self.t0_pts is None:
            # Its place is relative to the first picture, not known yet.
            self.audio_pending.append(frame)
            held = sum(f.samples / (f.sample_rate or 1) for f in self.audio_pending)
            if held > MAX_PENDING_AUDIO_SECONDS:
                raise ExportError(f"Aucune image n'a pu être décodée au début de « {self.name} ».")
            return
        self.write_audio(frame, out)

    def flush_pending_audio(self, out: Any) -> None:
        pending, self.audio_pending = self.audio_pending, []
        for frame in pending:
            self.write_audio(frame, out)

    def write_audio(self, frame: Any, out: Any) -> None:
        import numpy as np

        av = self.av
        if self.audio_done or not frame.samples or not frame.sample_rate:
            return
        if not self.audio_started:
            self.audio_started = True
            if frame.pts is not None and frame.time_base:
                assert self.t0_pts is not None  # audio is written once the first picture has set it
                offset = float(frame.pts * frame.time_base) - float(self.t0_pts * self.video_tb)
                lead = round(offset * self.out_hz)
                if lead > 0:  # the sound starts after the picture: silence keeps them in step
                    lead = min(lead, round(MAX_GAP_SECONDS * self.out_hz))
                    channels = 1 if self.out_layout == "mono" else 2
                    self.encode_audio(
                        av.AudioFrame.from_ndarray(
                            np.zeros((channels, lead), np.float32), format="fltp", layout=self.out_layout
                        ),
                        out,
                    )
                else:
                    self.audio_skip = -lead
        # PyAV's resampler fixes its input format on the first frame and passes later frames through
        # unconverted when they differ: one resampler per input format.
        key = (frame.format.name, frame.layout.name, frame.sample_rate)
        if key != self.resampler_key:
            self.flush_resampler(out)
            self.resampler = av.AudioResampler(format="fltp", layout=self.out_layout, rate=self.out_hz)
            self.resampler_key = key
        for chunk in self.resampler.resample(frame):
            self.encode_audio(chunk, out)

    def flush_resampler(self, out: Any) -> None:
        if self.resampler is not None:
            for chunk in self.resampler.resample(None):
                if chunk is not None:
                    self.encode_audio(chunk, out)
            self.resampler = None

    def encode_audio(self, chunk: Any, out: Any) -> None:
        if self.audio_done:
            return
        data = None
        if self.audio_skip:
            data = chunk.to_ndarray()
            cut = min(self.audio_skip, data.shape[1])
            self.audio_skip -= cut
            data = data[:, cut:]
        if self.trim_at is not None:
            room = round(self.trim_at * self.out_hz) - self.audio_samples
            size = data.shape[1] if data is not None else chunk.samples
            if size >= room:
                self.audio_done = True
                data = (data if data is not None else chunk.to_ndarray())[:, : max(0, room)]
        if data is not None:
            if data.shape[1] == 0:
                return
            chunk = self.av.AudioFrame.from_ndarray(data.copy(order="C"), format="fltp", layout=self.out_layout)
        chunk.sample_rate = self.out_hz
        chunk.pts = self.audio_samples
        chunk.time_base = Fraction(1, self.out_hz)
        self.audio_samples += chunk.samples
        self.encode(self.out_astream, chunk, out)

    def finish_audio(self, out: Any) -> None:
        if self.out_astream is None:
            return
        self.flush_pending_audio(out)
        self.flush_resampler(out)
        self.encode(self.out_astream, None, out)

    # -- the whole run
    def run(self, container: Any, out: Any) -> None:
        av = self.av
        vstream, astream = self.pick_streams(container)
        self.setup_output(out, vstream, astream)
        own = float(vstream.duration * vstream.time_base) if vstream.duration and vstream.time_base else None
        whole = container.duration / 1_000_000 if container.duration and container.duration > 0 else None
        own, whole = (
            v if v is not None and math.isfinite(v) and 0 < v < 100 * 24 * 3600 else None for v in (own, whole)
        )
        self.declared = own or whole
        # The container's duration covers the sound too, which may outlast the picture.
        self.declared_video = own or (whole if astream is None else None)
        self.expected = min(self.declared, self.trim_at) if (self.declared and self.trim_at) else self.declared
        streams = [vstream] + ([astream] if astream is not None else [])
        packets = container.demux(streams)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except (av.FFmpegError, OSError, EOFError) as exc:
                raise self.read_error(exc) from exc
            self.report(self.last_reported, "Encodage de la vidéo")  # also notices a cancel between frames
            is_video = packet.stream is vstream
            if self.video_done and (astream is None or self.audio_done):
                break
            if (self.video_done and is_video) or (self.audio_done and not is_video):
                continue
            try:
                frames = packet.decode()
            except av.InvalidDataError:
                # One damaged packet; the decoder resynchronises on the next keyframe.
                self.bad_packets += 1
                if self.bad_packets > MAX_BAD_PACKETS and self.frames_out == 0:
                    raise ExportError(f"« {self.name} » est illisible ou endommagée.") from None
                continue
            except (av.FFmpegError, OSError, EOFError) as exc:
                raise self.read_error(exc) from exc
            for frame in frames:
                if is_video:
                    self.on_video_frame(frame, out)
                else:
                    self.on_audio_frame(frame, out)
        if self.plan is None:
            raise ExportError(f"Aucune image de « {self.name} » n'a pu être décodée.")
        self.finish_video(out)
        if self.frames_out == 0:
            raise ExportError(f"Aucune image de « {self.name} » n'a pu être décodée.")
        self.finish_audio(out)

    def check_complete(self) -> None:
        """A clip cut off by an interrupted copy still decodes up to the cut: refuse to publish part of it."""
        if self.trimmed or self.declared_video is None:
            return
        read = max(self.video_end, self.raw_end)
        if read < self.declared_video * (1 - TRUNCATION_TOLERANCE) - 0.5:
            raise ExportError(
                f"« {self.name} » est tronquée ou endommagée : seules {_seconds(read)} "
                f"sur {_seconds(self.declared_video)} ont pu être lues."
            )

    def duration_warnings(self) -> None:
        limits, platform = self.limits, _platform(self.preset)
        if self.trimmed and self.trim_at is not None:
            total = _seconds(self.declared) if self.declared else f"plus de {_seconds(self.trim_at)}"
            self.warnings.append(
                f"la vidéo dure {total} ; elle a été coupée à {_seconds(self.trim_at)}, la limite de {platform}"
            )
        elif limits.max_seconds is not None and self.video_end > limits.max_seconds + 0.05:
            self.warnings.append(
                f"la vidéo dure {_seconds(self.video_end)} ; {platform} accepte au plus {_seconds(limits.max_seconds)}"
            )
        if limits.min_seconds is not None and self.video_end < limits.min_seconds - 0.05:
            self.warnings.append(
                f"la vidéo dure {_seconds(self.video_end)} ; {platform} demande au moins {_seconds(limits.min_seconds)}"
            )
        if self.jumps:
            self.warnings.append(f"l'horodatage de la source comportait {self.jumps} saut(s) : ils ont été supprimés")
        if self.bad_packets:
            self.warnings.append(f"{self.bad_packets} paquet(s) endommagé(s) de la source ont été ignorés")


def _automatic_frame(
    src: Path, preset: ExportPreset, warnings: list[str], picture: CropBox | None = None
) -> CropBox | None:
    """The smart crop of the clip's poster frame, the frame the crop editor shows and frames on; with
    `picture` (the frame without its black bars), computed on that part only, in its own pixels.

    One frame stands for the clip: a still framing (a crop that followed the action would need tracking).
    When that frame cannot be read or analysed, the clip is framed on its centre and a warning says so."""
    from ..media.frames import load_analysis_image

    try:
        work = load_analysis_image(str(src), "video")  # its poster frame
        image, size = work.image, work.source_size
        if picture is not None:
            inner = scale_box(picture, size, image.size)
            image, size = image.crop(inner.pil_box()), (picture.w, picture.h)
        boxes = smart_frames(image, size, [preset], kind="video")
    except Exception as exc:  # noqa: BLE001 -- an untrusted file or a broken detector: centre, and say so
        log.warning("cadrage automatique impossible pour %s : %s", src, exc)
        warnings.append("cadrage automatique impossible : la vidéo est cadrée au centre")
        return None
    return boxes[preset.id] if boxes else None


_ARTIST_KEYS = ("artist", "author", "com.apple.quicktime.artist", "com.apple.quicktime.author")
_COPYRIGHT_KEYS = ("copyright", "com.apple.quicktime.copyright")
_MAX_CREDIT_TEXT = 2000


def _credits(src: Path, container: Any) -> dict[str, str]:
    """`artist` and `copyright` of the export: from the video's sidecar (dc:creator, dc:rights: the team's
    later edits), else from the source's own tags. Untrusted text: control characters out, length capped."""
    from .. import sidecar

    side = sidecar.read_rights(str(src))  # never raises: a bad sidecar gives {}
    try:
        tags = {str(k).lower(): v for k, v in dict(container.metadata or {}).items()}
    except Exception:  # noqa: BLE001 -- unreadable tags: nothing to carry over, the pictures are what matters
        tags = {}
    found = {
        "artist": "; ".join(side.get("creator") or [])
        or next((tags[k] for k in _ARTIST_KEYS if isinstance(tags.get(k), str) and tags[k].strip()), None),
        "copyright": side.get("rights")
        or next((tags[k] for k in _COPYRIGHT_KEYS if isinstance(tags.get(k), str) and tags[k].strip()), None),
    }
    out = {}
    for key, text in found.items():
        if text:
            text = " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())
            if text:
                out[key] = text[:_MAX_CREDIT_TEXT]
    return out


def export_video(
    src_path: str | os.PathLike[str],
    preset: ExportPreset,
    out_path: str | os.PathLike[str],
    *,
    focal: Sequence[float] | None = None,
    override: Sequence[float] | None = None,
    mode: str = "crop",
    trim: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Write `src_path` as an MP4 sized for `preset` at `out_path` (suffix set to .mp4, "name (2).mp4" if taken).

    mode "crop": the largest window of the preset's ratio, from `override` (normalised x, y, w, h of the
    displayed frame) if given, else centred on `focal` (normalised x, y of the displayed frame), else the
    smart crop of the poster frame (as the crop editor shows it). mode "fit": the whole frame over a blurred,
    enlarged copy of itself (focal and override unused).
    The output runs at a constant rate within the preset's limits (23–60 fps when it states none). With
    `trim`, a clip longer than the preset's limit is cut there; otherwise a warning says it is too long.
    Raises ExportError (one French sentence) for bad input or a failed write, Cancelled when `cancel` was set
    or `progress` raised it; in every failure case no file is left in the output folder.
    """
    import av

    if mode not in MODES:
        raise ExportError(f"Mode d'export vidéo « {mode} » inconnu ; possibles : {', '.join(MODES)}.")
    if not preset.supports("video"):
        raise ExportError(f"Le format « {preset.label} » ne s'applique pas aux vidéos.")
    limits = preset.video or VideoLimits()
    _check_target(preset, limits)
    src = Path(src_path)
    wanted = _output_path(out_path)
    folder = wanted.parent
    if not folder.is_dir():
        raise ExportError(f"Le dossier d'export {folder} n'existe pas.")

    job = _Export(av, src, preset, limits, mode, focal, override, trim, progress, cancel)
    job.report(0.0, "Ouverture de la vidéo", force=True)
    fh, container = job.open_source()
    try:
        if override is None:
            job.report(0.0, "Recherche de bandes noires", force=True)
            job.picture = video_picture_box(src)
        if mode == "crop" and focal is None and override is None:
            job.report(0.0, "Cadrage automatique", force=True)
            job.smart = _automatic_frame(src, preset, job.warnings, job.picture)
    except BaseException:
        container.close()
        fh.close()
        raise
    tmp: str | None = None
    sink: _OutputFile | None = None
    out = None
    final: Path | None = None
    try:
        try:
            # Dot prefix and .part suffix: a watcher of this folder ignores the file while it is written.
            fd, tmp = tempfile.mkstemp(prefix=f".{wanted.stem[:40]}.", suffix=".part", dir=long_path(str(folder)))
            if hasattr(os, "fchmod"):
                os.fchmod(fd, default_file_mode())
            sink = _OutputFile(fd, tmp)
            out = av.open(
                sink,
                "w",
                format="mp4",
                options={"movflags": "+faststart"} if limits.faststart else {},
                io_open=sink.io_open,
            )
            # The only metadata carried over (an allow-list: GPS, camera and comments stay behind). FFmpeg's
            # MP4 muxer writes them as the ©ART and cprt items that exiftool, players and platforms read.
            out.metadata.update(_credits(src, container))
            job.run(container, out)
            job.check_complete()
            job.report(0.96, "Finalisation du fichier", force=True)
            try:
                out.close()  # writes the index and, with +faststart, moves it in front of the data
            except av.FFmpegError as exc:
                if exc.errno in _WRITE_ERRNOS:
                    raise
                raise ExportError("L'encodage de la vidéo a échoué.") from exc
            out = None
            sink.sync()
            sink.close()
            sink = None
            job.duration_warnings()
            job.report(0.98, "Enregistrement", force=True)
            final = publish_file(tmp, wanted)
        except _WriteFailed as exc:
            raise write_error(exc.error, folder) from exc.error
        except OSError as exc:
            raise write_error(exc, folder) from exc
        except (av.FFmpegError, ValueError, RuntimeError) as exc:
            # A case the checks above did not foresee, met on an untrusted file: a sentence, not a traceback.
            raise ExportError(f"L'export de « {src.name} » a échoué : la vidéo est sans doute endommagée.") from exc
    finally:
        container.close()
        fh.close()
        if out is not None:
            if sink is not None:  # opened before `out`, closed after it
                sink.abort()  # the muxer's trailer would only write a file that is deleted next
            with contextlib.suppress(Exception):  # already failing: the first error is the one reported
                out.close()
        if sink is not None:
            sink.close()
        if tmp is not None and final is None:
            with contextlib.suppress(OSError):
                os.unlink(long_path(tmp))
    with contextlib.suppress(Cancelled):  # the file is already published: a late cancel has nothing to stop
        job.report(1.0, "Terminé", force=True)
    return ExportResult(
        output=str(final),
        width=preset.width,
        height=preset.height,
        bytes=os.path.getsize(long_path(str(final))),
        quality=None,
        warnings=job.warnings,
        crop=job.plan.box.as_tuple() if job.plan else None,
    )


__all__ = ["Cancelled", "ExportError", "ExportResult", "MODES", "export_video", "output_rate"]
