"""Video probing with PyAV: size as displayed (rotation), duration, capture date, camera, GPS, poster frame.

Phones store portrait video as landscape frames plus a display matrix; the rotation is only known for
sure once a frame is decoded (FFmpeg attaches the matrix to decoded frames), so one frame is always
decoded: it proves the stream is readable and it is the poster.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import IO, Any

from PIL import Image

from .probe_image import parse_date
from .sniff import MediaProbe, ProbeError

# Sniffed format -> FFmpeg demuxer. Forcing the demuxer keeps FFmpeg from probing the file as any of the
# hundreds of formats it knows: the allow-list holds down to the parser.
DEMUXERS = {"mp4": "mov", "mov": "mov", "m4v": "mov", "3gp": "mov", "avi": "avi", "mkv": "matroska"}
# Frames larger than this are refused before a decoder allocates them (8K is 33 MP).
MAX_FRAME_PIXELS = 8192 * 8192
POSTER_POSITION = 0.10  # poster ~10 % in: the first frame of a phone clip is often dark or blurred
# A damaged stream can yield thousands of undecodable packets; give up rather than spin until the budget.
MAX_PACKETS_FOR_FRAME = 2000


def probe_video(path: str, fmt: str) -> dict[str, Any]:
    """CLI.md fields of a video (width/height as displayed, duration, taken_at, camera, gps)."""
    with open(path, "rb") as fh:
        return analyse_video(fh, fmt, preview_size=None).fields


def analyse_video(fh: IO[bytes], fmt: str, preview_size: int | None) -> MediaProbe:
    """Probe a video; with preview_size, also return an upright poster frame no larger than that.

    Raises ProbeError (French sentence) for a file that is not a readable video.
    """
    import av  # imported here so that photo-only workers do not pay for loading the FFmpeg libraries

    demuxer = DEMUXERS.get(fmt)
    if demuxer is None:
        raise ProbeError(f"le format « {fmt} » n'est pas un format de vidéo pris en charge")
    fh.seek(0)
    try:
        # A file object, not a path: FFmpeg would read "concat:…" or "http:…" in a name as a protocol.
        container = av.open(fh, format=demuxer, metadata_errors="replace")
    except av.FFmpegError as exc:
        _reraise_io(exc)
        raise ProbeError("la vidéo est illisible ou endommagée") from exc
    try:
        return _analyse_container(av, container, preview_size)
    except av.FFmpegError as exc:
        _reraise_io(exc)
        raise ProbeError("la vidéo est illisible ou endommagée") from exc
    finally:
        container.close()


def _reraise_io(exc: BaseException) -> None:
    # PyAV maps FFmpeg's AVERROR(EIO/EACCES/ENOENT) onto OSError subclasses: a share that went away is not
    # a damaged video, the caller words it as a read failure.
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.EIO, errno.EACCES, errno.ENOENT, errno.EPERM):
        raise exc


def video_stream(container: Any) -> Any:
    """The first video stream, once its announced frame size is known to be sane (else ProbeError)."""
    if not container.streams.video:
        raise ProbeError("le fichier ne contient aucune piste vidéo")
    stream = container.streams.video[0]
    width, height = stream.codec_context.width, stream.codec_context.height
    if not width or not height or width <= 0 or height <= 0:
        raise ProbeError("la vidéo n'annonce pas de taille d'image")
    if width * height > MAX_FRAME_PIXELS:
        raise ProbeError(f"la vidéo annonce une image démesurée ({width} × {height}) : analyse refusée")
    return stream


def _analyse_container(av: Any, container: Any, preview_size: int | None) -> MediaProbe:
    stream = video_stream(container)
    width, height = stream.codec_context.width, stream.codec_context.height
    duration = _duration(container, stream)

    frame = _poster_frame(container, stream, duration, seek=preview_size is not None)
    rotation = frame_rotation(frame)
    if rotation in (90, 270):
        width, height = height, width

    preview = None
    if preview_size:
        preview = _frame_image(frame, preview_size, rotation)

    meta = _metadata(container, stream)
    fields = {
        "width": width,
        "height": height,
        "orientation": None,
        "taken_at": _taken_at(meta),
        "camera": {
            "make": _clean(
                meta.get("com.apple.quicktime.make") or meta.get("com.android.manufacturer") or meta.get("make")
            ),
            "model": _clean(
                meta.get("com.apple.quicktime.model") or meta.get("com.android.model") or meta.get("model")
            ),
        },
        "gps": parse_iso6709(
            meta.get("com.apple.quicktime.location.iso6709") or meta.get("location") or meta.get("location-eng")
        ),
        "duration": duration,
    }
    return MediaProbe(fields, preview)


def _duration(container: Any, stream: Any) -> float | None:
    seconds: float | None = None
    if container.duration is not None and container.duration > 0:
        seconds = container.duration / 1_000_000  # AV_TIME_BASE
    elif stream.duration is not None and stream.time_base is not None and stream.duration > 0:
        seconds = float(stream.duration * stream.time_base)
    if seconds is None or not math.isfinite(seconds) or seconds > 100 * 24 * 3600:
        return None
    return round(seconds, 3)


def _poster_frame(container: Any, stream: Any, duration: float | None, seek: bool) -> Any:
    import av

    stream.thread_type = "SLICE"  # frame threading would buffer several frames before returning the first
    if seek and duration and duration > 2 and stream.time_base:
        target = int(duration * POSTER_POSITION / stream.time_base)
        if stream.start_time is not None:
            target += stream.start_time
        try:
            # The first keyframe at or after the target: one keyframe to decode, and never the opening
            # frame of a clip whose first keyframe comes before the target (often black).
            container.seek(target, stream=stream, backward=False, any_frame=False)
            frame = _first_frame(container, stream)
            if frame is not None:
                return frame
        except av.FFmpegError:
            pass
        # No keyframe after the target (a one-keyframe clip), or a demuxer that sought to the end.
        container.seek(0)
    frame = _first_frame(container, stream)
    if frame is None:
        raise ProbeError("aucune image de la vidéo n'a pu être décodée")
    return frame


def _first_frame(container: Any, stream: Any) -> Any | None:
    import av

    for packets, packet in enumerate(container.demux(stream), start=1):
        if packets > MAX_PACKETS_FOR_FRAME:
            return None
        try:
            frames = packet.decode()
        except av.InvalidDataError:
            continue  # one damaged packet; a later keyframe may still decode
        if frames:
            return frames[0]
    return None


def frame_rotation(frame: Any) -> int:
    """Counter-clockwise display rotation in degrees, normalised to 0/90/180/270."""
    try:
        rotation = frame.rotation
    except (AttributeError, ValueError):
        return 0
    if rotation is None or not math.isfinite(rotation):
        return 0
    return int(round(rotation / 90.0)) % 4 * 90


def _frame_image(frame: Any, box: int, rotation: int) -> Image.Image:
    w, h = frame.width, frame.height
    scale = min(box / w, box / h, 1.0)
    # Scale inside the colour conversion: converting a 4K frame to RGB first would cost ten times more.
    tw, th = max(2, round(w * scale)), max(2, round(h * scale))
    image: Image.Image = frame.reformat(width=tw, height=th, format="rgb24", interpolation="AREA").to_image()
    # PIL's ROTATE_90 is counter-clockwise, like FFmpeg's display rotation.
    if rotation == 90:
        image = image.transpose(Image.Transpose.ROTATE_90)
    elif rotation == 180:
        image = image.transpose(Image.Transpose.ROTATE_180)
    elif rotation == 270:
        image = image.transpose(Image.Transpose.ROTATE_270)
    return image


def _metadata(container: Any, stream: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for source in (stream.metadata, container.metadata):  # container wins: that is where phones put them
        for key, value in source.items():
            if isinstance(key, str) and isinstance(value, str):
                meta[key.lower()] = value
    return meta


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    text = "".join(c for c in value.replace("\x00", " ") if c.isprintable()).strip()
    return text[:200] or None


def _taken_at(meta: dict[str, str]) -> str | None:
    # Apple's creationdate carries the local time and offset of the capture: keep its wall-clock time.
    local = parse_date(meta.get("com.apple.quicktime.creationdate"))
    if local:
        return local
    raw = meta.get("creation_time") or meta.get("date")
    if not raw:
        return None
    raw = raw.strip()
    try:
        dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(raw)
    if dt.tzinfo is None:
        # QuickTime and Matroska store UTC; a bare value is UTC too.
        dt = dt.replace(tzinfo=UTC)
    if dt.year <= 1904 or (dt.year == 1970 and dt.month == 1 and dt.day == 1):
        # Zero in the QuickTime (1904) or Unix (1970) epoch: the camera had no clock set.
        return None
    try:
        return dt.astimezone().replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return None


_ISO6709_PART = re.compile(r"([+-])(\d+)(\.\d+)?")


def parse_iso6709(text: str | None) -> dict[str, float | None] | None:
    """'+43.9339+000.6239+150.000/' -> {'lat': 43.9339, 'lon': 0.6239, 'alt': 150.0}; None if unusable.

    Also reads the degrees-minutes(-seconds) forms ISO 6709 allows (+4356.03+00037.43/).
    """
    if not text:
        return None
    parts = _ISO6709_PART.findall(text.strip().split("/")[0][:64])
    if len(parts) < 2:
        return None
    lat = _iso_angle(parts[0], degree_digits=2)
    lon = _iso_angle(parts[1], degree_digits=3)
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    if lat == 0.0 and lon == 0.0:
        return None
    alt = None
    if len(parts) >= 3:
        sign, integer, frac = parts[2]
        alt = float(integer + (frac or "")) * (-1 if sign == "-" else 1)
        alt = round(alt, 3) if math.isfinite(alt) else None
    return {"lat": round(lat, 7), "lon": round(lon, 7), "alt": alt}


def _iso_angle(part: tuple[str, str, str], degree_digits: int) -> float | None:
    sign, integer, frac = part
    n = len(integer)
    try:
        if n <= degree_digits:
            value = float(integer + (frac or ""))
        elif n == degree_digits + 2:  # DDMM.mm
            value = int(integer[:degree_digits]) + float(integer[degree_digits:] + (frac or "")) / 60
        elif n == degree_digits + 4:  # DDMMSS.ss
            value = (
                int(integer[:degree_digits])
                + int(integer[degree_digits : degree_digits + 2]) / 60
                + float(integer[degree_digits + 2 :] + (frac or "")) / 3600
            )
        else:
            return None
    except ValueError:
        return None
    return -value if sign == "-" else value
