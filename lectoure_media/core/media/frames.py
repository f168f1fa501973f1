"""One frame of a video or a working copy of a picture, upright, for framing: the crop editor shows it, and
a video's automatic frame (smart crop) is computed on it, so both see exactly the same picture.

No Qt here: the GUI turns the PIL image into a QImage itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import Image

from ..fsutil import long_path
from .probe_image import PIL_FORMATS, analyse_image

# The probe's own helpers: frames are turned and sized exactly as the scan and the export do.
from .probe_video import (
    DEMUXERS,
    MAX_FRAME_PIXELS,
    MAX_PACKETS_FOR_FRAME,
    _duration,
    _frame_image,
    _poster_frame,
    frame_rotation,
    video_stream,
)
from .sniff import HEAD_SIZE, ProbeError, detect_format

# Long edge of the working copy: sharp on a full-HD screen, a fraction of a 24 MP decode.
WORKING_SIDE = 1600
# Long edge of a photo's analysis copy, the picture its automatic frame is computed on (smartcrop works at
# 400 px: DETECT_SIDE): a JPEG decodes it at 1/8 scale, so the export pays a few ms for it, not a second
# working copy.
ANALYSIS_SIDE = 400


@dataclass
class WorkingImage:
    """An upright RGB copy of the picture and the size of the full picture as displayed."""

    image: Image.Image
    source_size: tuple[int, int]
    duration: float | None = None  # videos: length in seconds (None when the file does not say)
    time: float | None = None  # videos: position of the decoded frame, seconds from the start


def load_photo(path: str, side: int = WORKING_SIDE) -> WorkingImage:
    """Decode a photo upright with its long edge at most `side`, through the same hardened reader as the
    scan (format allow-list, decompression-bomb check). Raises ProbeError or OSError."""
    with open(long_path(path), "rb") as fh:
        fmt = detect_format(fh.read(HEAD_SIZE))
        if fmt not in PIL_FORMATS:
            raise ProbeError("le contenu du fichier n'est pas une photo dans un format pris en charge")
        probe = analyse_image(fh, fmt, preview_size=side)
    if probe.preview is None:
        raise ProbeError("la photo n'a pas pu être décodée")
    return WorkingImage(probe.preview.convert("RGB"), (int(probe.fields["width"]), int(probe.fields["height"])))


def load_working_image(path: str, kind: str, at: float | None = None, side: int = WORKING_SIDE) -> WorkingImage:
    """The working copy the crop editor shows: a photo's reduced upright decode, or a video's frame nearest
    `at` (its poster frame when `at` is None). Raises ProbeError or OSError."""
    return load_video_frame(path, at, side) if kind == "video" else load_photo(path, side)


def load_analysis_image(path: str, kind: str) -> WorkingImage:
    """The picture an asset's automatic frames are computed on, the same for the crop editor and the
    export so that both find the same frame: a photo's analysis copy, a video's poster frame (the one the
    editor opens on). Raises ProbeError or OSError."""
    return load_video_frame(path, None) if kind == "video" else load_photo(path, ANALYSIS_SIDE)


def load_video_frame(path: str, at: float | None, side: int = WORKING_SIDE) -> WorkingImage:
    """Decode the frame nearest `at` seconds, upright, long edge at most `side`; with `at` None, the poster
    frame itself (the thumbnail's frame: one keyframe to decode, where an exact position would decode a
    whole group of pictures, a second on a 1080p phone clip). Raises ProbeError or OSError."""
    import av

    with open(long_path(path), "rb") as fh:
        fmt = detect_format(fh.read(HEAD_SIZE))
        demuxer = DEMUXERS.get(fmt or "")
        if demuxer is None:
            raise ProbeError("le contenu du fichier n'est pas une vidéo dans un format pris en charge")
        fh.seek(0)
        try:
            # A file object, not a path: FFmpeg would read "concat:…" in a name as a protocol.
            container = av.open(fh, format=demuxer, metadata_errors="replace")
        except av.FFmpegError as exc:
            raise ProbeError("la vidéo est illisible ou endommagée") from exc
        try:
            stream = video_stream(container)
            duration = _duration(container, stream)
            if at is None:
                frame = _poster_frame(container, stream, duration, seek=True)
                base = stream.time_base
                start = float(stream.start_time * base) if stream.start_time is not None and base else 0.0
                when = max(0.0, frame.time - start) if frame.time is not None else 0.0
            else:
                at = max(0.0, min(float(at), duration)) if duration else max(0.0, float(at))
                stream.thread_type = "SLICE"  # frame threading would buffer frames before returning one
                frame, when = _frame_near(av, container, stream, at)
            if frame.width * frame.height > MAX_FRAME_PIXELS:
                raise ProbeError("la vidéo contient une image démesurée")
            rotation = frame_rotation(frame)
            image = _frame_image(frame, side, rotation)
            w, h = (frame.height, frame.width) if rotation in (90, 270) else (frame.width, frame.height)
            return WorkingImage(image.convert("RGB"), (w, h), duration, when)
        except av.FFmpegError as exc:
            raise ProbeError("la vidéo est illisible ou endommagée") from exc
        finally:
            container.close()


def _frame_near(av: Any, container: Any, stream: Any, at: float) -> tuple[Any, float]:
    """The decoded frame whose time is nearest `at` (seconds from the stream's start), and that time."""
    base = stream.time_base
    start = float(stream.start_time * base) if stream.start_time is not None and base else 0.0
    target = start + at
    if at > 0 and base:
        try:
            # The keyframe at or before the target, then decode forward: exact, and one GOP of work at most.
            container.seek(int(target / base), stream=stream, backward=True, any_frame=False)
        except av.FFmpegError:
            container.seek(0)
    best, best_t = None, None
    for count, packet in enumerate(container.demux(stream), start=1):
        if count > MAX_PACKETS_FOR_FRAME:  # a damaged stream of undecodable packets: stop, do not spin
            break
        try:
            frames = packet.decode()
        except av.InvalidDataError:
            continue
        for frame in frames:
            t = frame.time
            if t is None:  # no timestamp to compare: the first decodable frame is the best we know
                if best is None:
                    best = frame
                continue
            if t >= target - 1e-6:
                if best is not None and best_t is not None and target - best_t < t - target:
                    return best, best_t - start
                return frame, t - start
            best, best_t = frame, t
    if best is None:
        raise ProbeError("aucune image de la vidéo n'a pu être décodée")
    return best, (best_t - start) if best_t is not None else 0.0


__all__ = [
    "ANALYSIS_SIDE",
    "WORKING_SIDE",
    "WorkingImage",
    "load_analysis_image",
    "load_photo",
    "load_video_frame",
    "load_working_image",
]
