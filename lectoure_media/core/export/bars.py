"""Black bars (letterbox, pillarbox) found in a video, so that the export frames the picture, not the bars.

A clip filmed 16:9 and saved inside a 4:3 or 9:16 frame carries black bands; cropped for a 9:16 platform as
it is, the bands end up inside the new frame. Like FFmpeg's `cropdetect`, a row (or column) is a bar when
its mean luma stays under a threshold, and it must be so on every sampled frame (a dark scene at one moment
is not a bar): the picture is the union of what is not black on a few keyframes spread over the clip.

Only videos are handled: a photo's dark border is usually part of the picture (night sky, vignette), where
a clip's bars are an artefact of its container. The explicit crop drawn in the editor (an override) is
never changed: the bars are left to the person who drew it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..fsutil import long_path
from ..media.probe_video import DEMUXERS, MAX_FRAME_PIXELS, frame_rotation
from ..media.sniff import HEAD_SIZE, detect_format
from .crop import CropBox

log = logging.getLogger(__name__)

# cropdetect's default on 8-bit luma (video black is 16). cropdetect looks at a line's mean; a dark part of
# the scene with a few bright pixels has a low mean too, so here a line is black when almost none of its
# pixels (BRIGHT_SHARE) is brighter than the limit plus the noise compression leaves in a flat black area.
LUMA_LIMIT = 24
NOISE = 8
BRIGHT_SHARE = 0.02
# Keyframes looked at: spread over the clip, from 5 % to 95 % of its length.
SAMPLES = 5
# Bars thinner than this share of the side are noise (a dark edge of the scene, encoder padding): kept.
MIN_BAR = 0.02
# The picture left must be at least this share of each side: less is a dark scene, not bars.
MIN_PICTURE = 0.25
# Pixels taken off the picture's side next to a bar: compression blurs the bar's edge into a grey line.
EDGE_MARGIN = 2
MAX_PACKETS_PER_SAMPLE = 300


def picture_box(frames: Sequence[np.ndarray]) -> CropBox | None:
    """The box (in the frames' pixels) holding the picture once the black bars are taken off, or None when
    there are no bars worth cropping. `frames` are 2-D luma arrays of one size, upright as displayed.

    A frame that is black all over (a fade) says nothing and is skipped."""
    if not frames:
        return None
    h, w = frames[0].shape[:2]
    top, bottom, left, right = h, 0, w, 0
    seen = False
    for luma in frames:
        if luma.shape[:2] != (h, w):
            continue
        bright = luma > LUMA_LIMIT + NOISE
        rows = np.flatnonzero((luma.mean(axis=1) > LUMA_LIMIT) | (bright.mean(axis=1) > BRIGHT_SHARE))
        if rows.size == 0:
            continue  # all black
        r0, r1 = int(rows[0]), int(rows[-1]) + 1
        part = luma[r0:r1]
        cols = np.flatnonzero((part.mean(axis=0) > LUMA_LIMIT) | (bright[r0:r1].mean(axis=0) > BRIGHT_SHARE))
        if cols.size == 0:
            continue
        seen = True
        top, bottom = min(top, r0), max(bottom, r1)
        left, right = min(left, int(cols[0])), max(right, int(cols[-1]) + 1)
    if not seen:
        return None
    # A side counts only if its bar is thick enough; both bars of an axis are usually equal, but a
    # picture placed off-centre keeps each side on its own.
    top = top if top >= MIN_BAR * h else 0
    bottom = bottom if h - bottom >= MIN_BAR * h else h
    left = left if left >= MIN_BAR * w else 0
    right = right if w - right >= MIN_BAR * w else w
    if (top, bottom, left, right) == (0, h, 0, w):
        return None
    # Inward to even pixels (H.264 4:2:0), past the blurred edge of each bar found.
    top = _even_up(top + (EDGE_MARGIN if top else 0))
    left = _even_up(left + (EDGE_MARGIN if left else 0))
    bottom = _even_down(bottom - (EDGE_MARGIN if bottom < h else 0))
    right = _even_down(right - (EDGE_MARGIN if right < w else 0))
    if bottom - top < MIN_PICTURE * h or right - left < MIN_PICTURE * w:
        return None
    return CropBox(left, top, right - left, bottom - top)


def _even_up(value: int) -> int:
    return value + (value % 2)


def _even_down(value: int) -> int:
    return value - (value % 2)


def scale_box(box: CropBox, from_size: tuple[int, int], to_size: tuple[int, int]) -> CropBox:
    """`box` measured on a picture of `from_size`, in the pixels of the same picture at `to_size`; rounded
    inward to even pixels (a bar never comes back by rounding)."""
    sx, sy = to_size[0] / from_size[0], to_size[1] / from_size[1]
    x0, y0 = _even_up(math.ceil(box.x * sx)), _even_up(math.ceil(box.y * sy))
    x1 = _even_down(min(to_size[0], math.floor(box.right * sx)))
    y1 = _even_down(min(to_size[1], math.floor(box.bottom * sy)))
    return CropBox(x0, y0, max(2, x1 - x0), max(2, y1 - y0))


def _upright_luma(frame: Any) -> np.ndarray:
    luma = frame.to_ndarray(format="gray")
    rotation = frame_rotation(frame)
    # The stored picture is shown turned `rotation` degrees counter-clockwise (as np.rot90 turns).
    return np.rot90(luma, rotation // 90) if rotation else luma


def _keyframe_at(container: Any, stream: Any, target: int) -> Any | None:
    import av

    try:
        container.seek(target, stream=stream, backward=True, any_frame=False)
    except av.FFmpegError:
        return None
    for count, packet in enumerate(container.demux(stream), start=1):
        if count > MAX_PACKETS_PER_SAMPLE:
            return None
        try:
            frames = packet.decode()
        except av.InvalidDataError:
            continue
        if frames:
            return frames[0]
    return None


def video_picture_box(path: str | Path, samples: int = SAMPLES) -> CropBox | None:
    """The picture box of a video in displayed pixels (see `picture_box`), from `samples` keyframes spread
    over the clip; None when it has no bars or cannot be read (the export then reports the real error).

    Keyframes only (the decoder skips the others), so a sample costs one decoded picture."""
    import av

    try:
        with open(long_path(str(path)), "rb") as fh:
            demuxer = DEMUXERS.get(detect_format(fh.read(HEAD_SIZE)) or "")
            if demuxer is None:
                return None
            fh.seek(0)
            with av.open(fh, "r", format=demuxer, metadata_errors="replace") as container:
                if not container.streams.video:
                    return None
                stream = container.streams.video[0]
                cc = stream.codec_context
                if not cc.width or not cc.height or cc.width * cc.height > MAX_FRAME_PIXELS:
                    return None
                stream.thread_type = "SLICE"
                cc.skip_frame = "NONKEY"
                tb = stream.time_base
                duration = None
                if stream.duration and tb:
                    duration = float(stream.duration * tb)
                elif container.duration and container.duration > 0:
                    duration = container.duration / 1_000_000
                start = int(stream.start_time or 0)
                frames: list[np.ndarray] = []
                size: tuple[int, int] | None = None
                points = [0.05 + 0.9 * i / max(1, samples - 1) for i in range(samples)]
                for point in points if duration and tb and math.isfinite(duration) else [0.0]:
                    target = start + (int(duration * point / tb) if duration and tb else 0)
                    frame = _keyframe_at(container, stream, target)
                    if frame is None or frame.width * frame.height > MAX_FRAME_PIXELS:
                        continue
                    luma = _upright_luma(frame)
                    if size is None:
                        size = (luma.shape[1], luma.shape[0])
                    frames.append(luma)
    except (OSError, EOFError, ValueError, av.FFmpegError) as exc:
        log.info("bandes noires non recherchées dans %s : %s", path, exc)
        return None
    return picture_box(frames)


__all__ = ["LUMA_LIMIT", "picture_box", "scale_box", "video_picture_box"]
