"""Automatic crop window when the officer has set neither a focal point nor a crop.

Scoring follows smartcrop.js (edge detail, skin tone, saturation, rule of thirds, boost regions), computed
with numpy on a copy of about 256 px. Faces found by OpenCV's Haar cascade (it ships inside the
opencv-python-headless wheel, so it works offline) are boost regions, and a hard rule on top: the chosen
window never cuts a detected face; each one is fully inside or fully outside, inside preferred.

The window is always the largest box of the preset's ratio (crop.crop_for), so it spans the whole picture
on one axis and only slides along the other: the search is one-dimensional and exact.

Known limits (PLATFORMS.md): text and signage attract the window, the skin prior is a single colour, and a
detector misses faces in profile or small in the frame. The result is a proposal the person can move.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from PIL import Image

from .crop import CropBox, crop_for

if TYPE_CHECKING:  # OpenCV is imported on the first face search only (it takes a while to load)
    import cv2

# Working sizes: faces need more pixels than the saliency map. Haar at 400 px, scale step 1.25, smallest
# face 20 px finds faces taller than ~1/15 of the picture's short side within the 100 ms budget for a 12 MP
# photo on a 2-core office PC; 640 px or a 1.1 step would find smaller faces at two to three times the cost.
DETECT_SIDE = 400
SCORE_SIDE = 256

# smartcrop.js defaults (weights of the features, thresholds, the shape of the importance map).
DETAIL_WEIGHT = 0.2
SKIN_COLOR = np.array([0.78, 0.57, 0.44])
SKIN_BIAS = 0.01
SKIN_WEIGHT = 1.8
SKIN_THRESHOLD = 0.8
SKIN_BRIGHTNESS = (0.2, 1.0)
SATURATION_BIAS = 0.2
SATURATION_WEIGHT = 0.1
SATURATION_THRESHOLD = 0.4
SATURATION_BRIGHTNESS = (0.05, 0.9)
BOOST_WEIGHT = 100.0
OUTSIDE_IMPORTANCE = -0.5
EDGE_RADIUS = 0.4
EDGE_WEIGHT = -20.0

FaceDetector = Callable[[Image.Image], list[CropBox]]


@dataclass(frozen=True)
class SmartCropResult:
    """The chosen window and faces, both in source pixels (see smart_crop's `source_size`)."""

    box: CropBox
    score: float
    faces: list[CropBox] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- faces
_local = threading.local()


def _cascade() -> cv2.CascadeClassifier:
    # CascadeClassifier is not documented as thread-safe: one per thread (exports may run on a pool).
    cascade = getattr(_local, "cascade", None)
    if cascade is None:
        import cv2

        path = cv2.data.haarcascades + "haarcascade_frontalface_default.xml"  # type: ignore[attr-defined]  # cv2's stubs omit the cv2.data module the wheel ships
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():
            raise RuntimeError(f"Le détecteur de visages d'OpenCV est introuvable ({path}).")
        _local.cascade = cascade
    return cascade


def _reduced(image: Image.Image, side: int) -> Image.Image:
    """A copy whose longer side is at most `side`, via reduce() (box filter, cheap on a 12 MP picture)."""
    factor = math.ceil(max(image.size) / side)
    if image.mode not in ("RGB", "L", "RGBA", "LA"):
        image = image.convert("RGB")
    if factor > 1:
        image = image.reduce(factor)
    return image


def _haar(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    # No histogram equalisation: the cascade already normalises each window's contrast, and equalising a
    # picture dominated by one flat colour (sky, wall) stretches noise and hides the face.
    min_side = max(20, round(min(gray.shape) * 0.04))
    found = _cascade().detectMultiScale(gray, scaleFactor=1.25, minNeighbors=5, minSize=(min_side, min_side))
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h in (found if len(found) else [])]


def _faces_on(small: Image.Image, scale_x: float, scale_y: float, full_w: int, full_h: int) -> list[CropBox]:
    gray = np.asarray(small.convert("L"))
    boxes = []
    for x, y, w, h in _haar(gray):
        x0 = max(0, math.floor(x * scale_x))
        y0 = max(0, math.floor(y * scale_y))
        x1 = min(full_w, math.ceil((x + w) * scale_x))
        y1 = min(full_h, math.ceil((y + h) * scale_y))
        if x1 > x0 and y1 > y0:
            boxes.append(CropBox(x0, y0, x1 - x0, y1 - y0))
    return boxes


def detect_faces(image: Image.Image) -> list[CropBox]:
    """Frontal faces in `image`, as boxes in its pixel coordinates (empty list when there are none)."""
    small = _reduced(image, DETECT_SIDE)
    return _faces_on(small, image.width / small.width, image.height / small.height, image.width, image.height)


# -------------------------------------------------------------------------------------------- scoring
def _feature_map(rgb: np.ndarray) -> np.ndarray:
    """smartcrop.js's per-pixel value with importance factored out: detail, skin, saturation (no boost)."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    edge = np.zeros_like(lum)
    edge[1:-1, 1:-1] = np.abs(4 * lum[1:-1, 1:-1] - lum[:-2, 1:-1] - lum[2:, 1:-1] - lum[1:-1, :-2] - lum[1:-1, 2:])
    detail = np.clip(edge, 0.0, 1.0)

    mag = np.sqrt(r * r + g * g + b * b)
    safe = np.where(mag > 0, mag, 1.0)
    dist = np.sqrt((r / safe - SKIN_COLOR[0]) ** 2 + (g / safe - SKIN_COLOR[1]) ** 2 + (b / safe - SKIN_COLOR[2]) ** 2)
    skin_raw = np.where(mag > 0, 1.0 - dist, 0.0)
    skin_ok = (skin_raw > SKIN_THRESHOLD) & (lum >= SKIN_BRIGHTNESS[0]) & (lum <= SKIN_BRIGHTNESS[1])
    skin = np.where(skin_ok, (skin_raw - SKIN_THRESHOLD) / (1 - SKIN_THRESHOLD), 0.0)

    mx = rgb.max(axis=2)
    mn = rgb.min(axis=2)
    light = (mx + mn) / 2
    d = mx - mn
    denom = np.where(light > 0.5, 2.0 - mx - mn, mx + mn)
    sat = np.where((d > 0) & (denom > 0), d / np.where(denom > 0, denom, 1.0), 0.0)
    sat_ok = (sat > SATURATION_THRESHOLD) & (lum >= SATURATION_BRIGHTNESS[0]) & (lum <= SATURATION_BRIGHTNESS[1])
    saturation = np.where(sat_ok, (sat - SATURATION_THRESHOLD) / (1 - SATURATION_THRESHOLD), 0.0)

    return (
        detail * DETAIL_WEIGHT
        + skin * (detail + SKIN_BIAS) * SKIN_WEIGHT
        + saturation * (detail + SATURATION_BIAS) * SATURATION_WEIGHT
    )


def _thirds(x: np.ndarray) -> np.ndarray:
    x = (np.mod(x - 1 / 3 + 1.0, 2.0) * 0.5 - 0.5) * 16
    return np.maximum(1.0 - x * x, 0.0)


def _importance(h: int, w: int) -> np.ndarray:
    """Weight of each pixel of a window: centre and thirds favoured, a band along the edges penalised."""
    ys = (np.arange(h) + 0.5) / h
    xs = (np.arange(w) + 0.5) / w
    py = np.abs(0.5 - ys)[:, None] * 2
    px = np.abs(0.5 - xs)[None, :] * 2
    dx = np.maximum(px - 1.0 + EDGE_RADIUS, 0)
    dy = np.maximum(py - 1.0 + EDGE_RADIUS, 0)
    d: npt.NDArray[np.float64] = (dx * dx + dy * dy) * EDGE_WEIGHT
    s: npt.NDArray[np.float64] = 1.41 - np.sqrt(px * px + py * py)
    s = s + np.maximum(0, s + d + 0.5) * 1.2 * (_thirds(px) + _thirds(py))
    return s + d


def _window_scores(values: np.ndarray, win: int) -> np.ndarray:
    """Score of a window `win` columns wide spanning all rows, at every column offset (smartcrop.js formula)."""
    h: int
    w: int
    h, w = values.shape
    win = min(max(win, 1), w)
    weights = _importance(h, win)
    windows = np.lib.stride_tricks.sliding_window_view(values, win, axis=1)  # (h, n, win)
    inside: npt.NDArray[np.float64] = np.einsum("hnw,hw->n", windows, weights)
    cols: npt.NDArray[np.float64] = np.concatenate([[0.0], np.cumsum(values.sum(axis=0))])
    inside_sum = cols[win:] - cols[:-win]
    outside: npt.NDArray[np.float64] = (cols[-1] - inside_sum) * OUTSIDE_IMPORTANCE
    return (inside + outside) / (h * win)


# --------------------------------------------------------------------------------------- placement
def _interp(scores: np.ndarray, pos: float, span: int) -> float:
    if len(scores) == 1 or span <= 0:
        return float(scores[0])
    return float(np.interp(pos * (len(scores) - 1) / span, np.arange(len(scores)), scores))


def _inside(x: int, win: int, a: int, b: int) -> bool:
    return x <= a and b <= x + win


def _outside(x: int, win: int, a: int, b: int) -> bool:
    return x + win <= a or x >= b


def _choose(scores: np.ndarray, span: int, win: int, faces: list[tuple[int, int, int]]) -> int:
    """Best offset in [0, span] for a window `win` long; faces are (start, end, area) on the sliding axis."""
    candidates = {round(i * span / (len(scores) - 1)) for i in range(len(scores))} if len(scores) > 1 else set()
    centre = round(span / 2)  # where crop.crop_for would put the window
    candidates.add(centre)
    for a, b, _ in faces:
        # Ends of the "fully inside" and "fully outside" intervals: any feasible set has its ends among these.
        for x in (a, b - win, a - win, b):
            candidates.add(min(max(x, 0), span))
    candidates = {x for x in candidates if 0 <= x <= span}
    active = sorted(faces, key=lambda f: f[2], reverse=True)
    while True:
        feasible = [x for x in candidates if all(_inside(x, win, a, b) or _outside(x, win, a, b) for a, b, _ in active)]
        if feasible or not active:
            break
        active = active[:-1]  # cannot honour every face: give up the smallest first
    pool = feasible or sorted(candidates)

    def rank(x: int) -> tuple[int, float, float]:
        kept = sum(area for a, b, area in active if _inside(x, win, a, b))
        # On a featureless picture every score ties: the centred window is the least surprising.
        return (kept, round(_interp(scores, x, span), 6), -abs(x - centre))

    return max(pool, key=rank)


def _clip(boxes: Sequence[CropBox], width: int, height: int) -> list[CropBox]:
    out = []
    for b in boxes:
        x0, y0 = max(0, b.x), max(0, b.y)
        x1, y1 = min(width, b.right), min(height, b.bottom)
        if x1 > x0 and y1 > y0:
            out.append(CropBox(x0, y0, x1 - x0, y1 - y0))
    return out


def smart_crop(
    image: Image.Image,
    target_w: int,
    target_h: int,
    *,
    even: bool = False,
    source_size: tuple[int, int] | None = None,
    faces: Sequence[CropBox] | None = None,
    detector: FaceDetector | None = None,
) -> SmartCropResult:
    """Largest window of the target ratio, placed where the picture is most interesting, never cutting a face.

    `image` may be a reduced view of the real source (a JPEG decoded at 1/4 size): `source_size` then gives
    the source's displayed size and every box in and out is in source pixels. `faces` (source pixels)
    replaces detection; otherwise `detector` (a callable returning boxes in the pixels of the image it is
    given; default: OpenCV Haar on a ~400 px copy) is run. Face boxes are clipped to the picture.
    """
    full_w, full_h = source_size or image.size
    box0 = crop_for(full_w, full_h, target_w, target_h, even=even)

    small = _reduced(image, DETECT_SIDE)
    if faces is not None:
        found = _clip(faces, full_w, full_h)
    elif detector is not None:
        fx, fy = full_w / image.width, full_h / image.height
        found = _clip(
            [
                CropBox(math.floor(f.x * fx), math.floor(f.y * fy), math.ceil(f.w * fx), math.ceil(f.h * fy))
                for f in detector(image)
            ],
            full_w,
            full_h,
        )
    else:
        found = _faces_on(small, full_w / small.width, full_h / small.height, full_w, full_h)

    feat_scale = SCORE_SIDE / max(small.size)
    feat_size = (max(1, round(small.width * feat_scale)), max(1, round(small.height * feat_scale)))
    feat_img = small.convert("RGB")
    if feat_img.size != feat_size and feat_scale < 1:
        feat_img = feat_img.resize(feat_size, Image.Resampling.BILINEAR)
    rgb = np.asarray(feat_img, dtype=np.float32) / 255.0
    values = _feature_map(rgb)
    fh, fw = values.shape
    sx, sy = fw / full_w, fh / full_h
    for f in found:
        x0, x1 = int(f.x * sx), max(int(f.x * sx) + 1, math.ceil(f.right * sx))
        y0, y1 = int(f.y * sy), max(int(f.y * sy) + 1, math.ceil(f.bottom * sy))
        values[y0:y1, x0:x1] += BOOST_WEIGHT

    horizontal = box0.w < full_w or box0.h == full_h  # the window slides left-right
    if horizontal:
        span, win = full_w - box0.w, box0.w
        scores = _window_scores(values, round(win * sx))
        axis_faces = [(f.x, f.right, f.area) for f in found]
    else:
        span, win = full_h - box0.h, box0.h
        scores = _window_scores(values.T, round(win * sy))
        axis_faces = [(f.y, f.bottom, f.area) for f in found]

    largest = max(found, key=lambda f: f.area, default=None)
    if largest is not None and (largest.w if horizontal else largest.h) > win:
        # No window can hold this face: frame the face itself rather than a random part of the picture.
        centre = (largest.x + largest.w / 2) if horizontal else (largest.y + largest.h / 2)
        offset = min(max(round(centre - win / 2), 0), span)
    else:
        offset = _choose(scores, span, win, axis_faces)

    box = CropBox(offset, box0.y, box0.w, box0.h) if horizontal else CropBox(box0.x, offset, box0.w, box0.h)
    return SmartCropResult(box=box, score=_interp(scores, offset, span), faces=found)


def smart_boxes(
    image: Image.Image,
    source_size: tuple[int, int],
    targets: Sequence[tuple[str, int, int]],
    *,
    even: bool = False,
    cancel: threading.Event | None = None,
) -> dict[str, CropBox] | None:
    """The smart crop of every (id, width, height) target on one picture, in source pixels; None when
    `cancel` was set. Faces are found once and shared, since every target's window must keep the same faces
    whole. The crop editor, the photo export and the video export all call this (through
    framing.smart_frames) on the same working picture (media.frames: a photo's working copy, a video's
    poster frame), so the frame the person sees is the frame the export cuts."""
    small = image.copy()
    small.thumbnail((DETECT_SIDE, DETECT_SIDE))
    sx, sy = source_size[0] / small.width, source_size[1] / small.height
    faces = [
        CropBox(math.floor(f.x * sx), math.floor(f.y * sy), math.ceil(f.w * sx), math.ceil(f.h * sy))
        for f in detect_faces(small)
    ]
    out: dict[str, CropBox] = {}
    for key, width, height in targets:
        if cancel is not None and cancel.is_set():
            return None
        out[key] = smart_crop(small, width, height, even=even, source_size=source_size, faces=faces).box
    return out
