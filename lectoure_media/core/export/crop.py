"""Crop geometry: the largest window of a preset's aspect ratio inside a picture, placed on a focal point.

All boxes are in source pixels *as displayed* (after EXIF orientation or video rotation).

Ratio tolerance. A box of integer size rarely has exactly the preset's ratio (1080×566 reduces to 540:283,
so a source narrower than 540 px cannot hold one exact unit). The rule is: one dimension of the box is the
"driving" one (the source's full width or height, or the size asked for) and the other is the exact value
rounded to the nearest integer — the nearest even integer when `even` is set. So the derived dimension is
within 0.5 px (1 px with `even`) of `driving × ratio` or `driving ÷ ratio`. `ratio_error_px` measures it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# A derived dimension is never further than this from the exact value (see module docstring).
RATIO_TOLERANCE_PX = 1.0


class InvalidCrop(ValueError):
    """A crop request that cannot be satisfied; the message is a French sentence."""


@dataclass(frozen=True)
class CropBox:
    """A rectangle in source pixels: left x, top y, width w, height h."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def area(self) -> int:
        return self.w * self.h

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)

    def pil_box(self) -> tuple[int, int, int, int]:
        """(left, upper, right, lower) as Pillow's crop() and resize(box=) expect."""
        return (self.x, self.y, self.right, self.bottom)

    def contains_point(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.bottom

    def contains(self, other: CropBox) -> bool:
        return self.x <= other.x and self.y <= other.y and other.right <= self.right and other.bottom <= self.bottom

    def intersects(self, other: CropBox) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def normalised(self, src_w: int, src_h: int) -> tuple[float, float, float, float]:
        """(x, y, w, h) as fractions of the source, the form stored in a sidecar as a per-preset override."""
        return (self.x / src_w, self.y / src_h, self.w / src_w, self.h / src_h)


def ratio_error_px(box: CropBox, target_w: int, target_h: int) -> float:
    """How far (in pixels) the box is from the exact ratio, measured on its derived dimension."""
    ratio = target_w / target_h
    return min(abs(box.w - box.h * ratio), abs(box.h - box.w / ratio))


def _check_size(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidCrop(f"La dimension « {name} » doit être un entier positif (reçu : {value!r}).")


def _round_dim(value: float, limit: int, even: bool) -> int:
    """Nearest integer (or even integer) to `value`, kept within [1 or 2, limit]."""
    if even:
        n = 2 * round(value / 2)
        top = limit - (limit % 2)
        return max(2, min(n, top))
    return max(1, min(round(value), limit))


def _fit(src_w: int, src_h: int, ratio: float, even: bool) -> tuple[int, int]:
    """Size of the largest box of `ratio` inside src_w × src_h."""
    if even and (src_w < 2 or src_h < 2):
        raise InvalidCrop(f"L'image ({src_w}×{src_h}) est trop petite pour un recadrage à dimensions paires.")
    full_w = src_w - (src_w % 2) if even else src_w
    full_h = src_h - (src_h % 2) if even else src_h
    if src_w / src_h >= ratio:
        h = full_h
        w = _round_dim(h * ratio, full_w, even)
    else:
        w = full_w
        h = _round_dim(w / ratio, full_h, even)
    return w, h


def _clean_point(focal: Sequence[float] | None) -> tuple[float, float]:
    if focal is None:
        return (0.5, 0.5)
    try:
        fx, fy = (float(v) for v in focal)
    except (TypeError, ValueError):
        raise InvalidCrop("Le point focal doit être un couple de deux nombres entre 0 et 1.") from None
    if not (math.isfinite(fx) and math.isfinite(fy)):
        raise InvalidCrop("Le point focal contient une valeur non numérique.")
    # A sidecar written by another tool may hold 1.0000001 or -0.0: clamp rather than refuse.
    return (min(max(fx, 0.0), 1.0), min(max(fy, 0.0), 1.0))


def _place(centre: float, size: int, limit: int) -> int:
    """Left (or top) edge of a `size` window centred on `centre`, kept inside [0, limit]."""
    return min(max(round(centre - size / 2), 0), limit - size)


def crop_for(
    src_w: int, src_h: int, target_w: int, target_h: int, focal: Sequence[float] | None = None, even: bool = False
) -> CropBox:
    """Largest box of the target's ratio inside the source, centred on `focal` (0–1) or on the centre.

    The box is moved, never shrunk, to stay inside the picture, so it still contains the focal point.
    With `even`, both dimensions are even (H.264 with 4:2:0 chroma needs them); the full side then loses
    one pixel when the source's is odd.
    """
    for name, value in (
        ("largeur source", src_w),
        ("hauteur source", src_h),
        ("largeur cible", target_w),
        ("hauteur cible", target_h),
    ):
        _check_size(name, value)
    fx, fy = _clean_point(focal)
    w, h = _fit(src_w, src_h, target_w / target_h, even)
    return CropBox(_place(fx * src_w, w, src_w), _place(fy * src_h, h, src_h), w, h)


def _as_drawn(
    src_w: int,
    src_h: int,
    target_w: int,
    target_h: int,
    override: tuple[float, float, float, float],
    max_w: int,
    max_h: int,
    even: bool,
) -> CropBox | None:
    """The stored box in whole pixels when it already is a box this module could have made (inside the
    picture, no larger than the largest box, even sides with `even`, ratio within half a pixel — one with
    `even`), else None. Such a box, drawn in the crop editor, is cut exactly as drawn: re-deriving it from its
    area would move it by a pixel or two."""
    ox, oy, ow, oh = override
    x, y, w, h = round(ox * src_w), round(oy * src_h), round(ow * src_w), round(oh * src_h)
    least = 2 if even else 1
    if x < 0 or y < 0 or w < least or h < least or x + w > src_w or y + h > src_h or w > max_w or h > max_h:
        return None
    if even and (w % 2 or h % 2):
        return None
    box = CropBox(x, y, w, h)
    if ratio_error_px(box, target_w, target_h) > (1.0 if even else 0.5) + 1e-9:
        return None
    return box


def apply_override(
    src_w: int, src_h: int, target_w: int, target_h: int, override: Sequence[float], even: bool = False
) -> CropBox:
    """Turn a stored per-preset crop (normalised x, y, w, h) into a pixel box of exactly the target ratio.

    A stored box that maps to whole pixels of the ratio (what the crop editor stores) is used as it is.
    Otherwise (a sidecar that any tool may have edited, a box drawn for another picture size) it is snapped:
    same centre, same area (as near as the ratio allows), no larger than the largest box that fits, then
    moved inside the picture.
    """
    for name, value in (
        ("largeur source", src_w),
        ("hauteur source", src_h),
        ("largeur cible", target_w),
        ("hauteur cible", target_h),
    ):
        _check_size(name, value)
    try:
        ox, oy, ow, oh = (float(v) for v in override)
    except (TypeError, ValueError):
        raise InvalidCrop("Le recadrage enregistré doit être quatre nombres (x, y, largeur, hauteur).") from None
    if not all(math.isfinite(v) for v in (ox, oy, ow, oh)):
        raise InvalidCrop("Le recadrage enregistré contient une valeur non numérique.")
    if ow <= 0 or oh <= 0:
        raise InvalidCrop("Le recadrage enregistré a une largeur ou une hauteur nulle.")
    # Keep only the part of the stored box that lies on the picture.
    x0, y0 = max(ox, 0.0), max(oy, 0.0)
    x1, y1 = min(ox + ow, 1.0), min(oy + oh, 1.0)
    if x1 <= x0 or y1 <= y0:
        raise InvalidCrop("Le recadrage enregistré est entièrement hors de l'image.")
    ratio = target_w / target_h
    max_w, max_h = _fit(src_w, src_h, ratio, even)
    drawn = _as_drawn(src_w, src_h, target_w, target_h, (ox, oy, ow, oh), max_w, max_h, even)
    if drawn is not None:
        return drawn
    area = (x1 - x0) * src_w * (y1 - y0) * src_h
    if ratio >= 1:  # drive by the larger dimension so the rounding error stays within the tolerance
        w = _round_dim(math.sqrt(area * ratio), max_w, even)
        h = _round_dim(w / ratio, max_h, even)
    else:
        h = _round_dim(math.sqrt(area / ratio), max_h, even)
        w = _round_dim(h * ratio, max_w, even)
    cx, cy = (x0 + x1) / 2 * src_w, (y0 + y1) / 2 * src_h
    return CropBox(_place(cx, w, src_w), _place(cy, h, src_h), w, h)


# ------------------------------------------------------------------------------- editing by hand
# The crop editor's gestures, in source pixels. With `even` (videos) every box they return has even sides,
# so a frame drawn by hand is already a box the export can cut: it is cut as drawn.
# Smallest frame side, as a share of the picture's short side: below this the frame is hard to grab.
MIN_FRAME_SHARE = 0.05


def _floor_dim(value: float, even: bool) -> int:
    n = math.floor(value)
    if even:
        n -= n % 2
        return max(2, n)
    return max(1, n)


def fit_ratio(want_w: float, ratio: float, max_w: float, max_h: float, even: bool = False) -> tuple[int, int]:
    """Integer (w, h) of `ratio`, width as near `want_w` as fits in max_w × max_h (even sides with `even`).

    Like crop_for, one side drives and the other is rounded, so the ratio is off by at most half a pixel
    (one pixel with `even`); the larger side drives so that error stays smallest relative to the frame.
    """
    step, least = (2, 2) if even else (1, 1)
    max_w, max_h = _floor_dim(max_w, even), _floor_dim(max_h, even)
    want_w = max(float(least), min(want_w, max_w, max_h * ratio))
    if ratio >= 1:
        w = _floor_dim(want_w, even)
        h = _round_dim(w / ratio, 10**9, even)
        while h > max_h and w > least:
            w -= step
            h = _round_dim(w / ratio, 10**9, even)
    else:
        h = _floor_dim(want_w / ratio, even)
        w = _round_dim(h * ratio, 10**9, even)
        while w > max_w and h > least:
            h -= step
            w = _round_dim(h * ratio, 10**9, even)
    return w, h


def min_frame_width(ratio: float, src_w: int, src_h: int) -> float:
    """Width below which a frame of `ratio` is not shrunk (its short side would be too small to grab)."""
    side = max(8.0, MIN_FRAME_SHARE * min(src_w, src_h))
    return side * ratio if ratio >= 1 else side


def move_box(box: CropBox, dx: float, dy: float, src_w: int, src_h: int) -> CropBox:
    """`box` shifted by (dx, dy) source pixels, stopped at the picture's edges (never shrunk)."""
    x = min(max(round(box.x + dx), 0), max(0, src_w - box.w))
    y = min(max(round(box.y + dy), 0), max(0, src_h - box.h))
    return CropBox(x, y, box.w, box.h)


def resize_from_corner(
    start: CropBox, corner: str, px: float, py: float, ratio: float, src_w: int, src_h: int, even: bool = False
) -> CropBox:
    """The frame `start` with `corner` ("tl", "tr", "bl", "br") dragged to (px, py), ratio kept.

    The opposite corner stays put; the frame grows along whichever axis the pointer pulls further, so the
    pointer stays on the frame's edge, and it never leaves the picture.
    """
    left, top = corner in ("tl", "bl"), corner in ("tl", "tr")
    ax = start.right if left else start.x
    ay = start.bottom if top else start.y
    room_w = ax if left else src_w - ax
    room_h = ay if top else src_h - ay
    dx = (ax - px) if left else (px - ax)
    dy = (ay - py) if top else (py - ay)
    want = max(dx, dy * ratio, min_frame_width(ratio, src_w, src_h))
    w, h = fit_ratio(want, ratio, room_w, room_h, even)
    return CropBox(ax - w if left else ax, ay - h if top else ay, w, h)


def scale_about_centre(
    box: CropBox, factor: float, ratio: float, src_w: int, src_h: int, even: bool = False
) -> CropBox:
    """The frame grown or shrunk by `factor` around its centre, ratio kept, moved back inside the picture."""
    return centred_box(box.x + box.w / 2, box.y + box.h / 2, box.w * factor, ratio, src_w, src_h, even)


def centred_box(
    cx: float, cy: float, want_w: float, ratio: float, src_w: int, src_h: int, even: bool = False
) -> CropBox:
    """A frame of `ratio`, width as near `want_w` as fits (never below min_frame_width), centred on (cx, cy)
    and moved inside the picture."""
    w, h = fit_ratio(max(want_w, min_frame_width(ratio, src_w, src_h)), ratio, src_w, src_h, even)
    return CropBox(_place(cx, w, src_w), _place(cy, h, src_h), w, h)
