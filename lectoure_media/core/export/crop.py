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
        return (self.x <= other.x and self.y <= other.y
                and other.right <= self.right and other.bottom <= self.bottom)

    def intersects(self, other: CropBox) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

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


def crop_for(src_w: int, src_h: int, target_w: int, target_h: int,
             focal: Sequence[float] | None = None, even: bool = False) -> CropBox:
    """Largest box of the target's ratio inside the source, centred on `focal` (0–1) or on the centre.

    The box is moved, never shrunk, to stay inside the picture, so it still contains the focal point.
    With `even`, both dimensions are even (H.264 with 4:2:0 chroma needs them); the full side then loses
    one pixel when the source's is odd.
    """
    for name, value in (("largeur source", src_w), ("hauteur source", src_h),
                        ("largeur cible", target_w), ("hauteur cible", target_h)):
        _check_size(name, value)
    fx, fy = _clean_point(focal)
    w, h = _fit(src_w, src_h, target_w / target_h, even)
    return CropBox(_place(fx * src_w, w, src_w), _place(fy * src_h, h, src_h), w, h)


def apply_override(src_w: int, src_h: int, target_w: int, target_h: int,
                   override: Sequence[float], even: bool = False) -> CropBox:
    """Turn a stored per-preset crop (normalised x, y, w, h) into a pixel box of exactly the target ratio.

    The stored box comes from a sidecar that any tool may have edited, and a normalised box rarely maps to
    whole pixels of the exact ratio, so it is snapped: same centre, same area (as near as the ratio allows),
    no larger than the largest box that fits, then moved inside the picture.
    """
    for name, value in (("largeur source", src_w), ("hauteur source", src_h),
                        ("largeur cible", target_w), ("hauteur cible", target_h)):
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
    area = (x1 - x0) * src_w * (y1 - y0) * src_h
    if ratio >= 1:  # drive by the larger dimension so the rounding error stays within the tolerance
        w = _round_dim(math.sqrt(area * ratio), max_w, even)
        h = _round_dim(w / ratio, max_h, even)
    else:
        h = _round_dim(math.sqrt(area / ratio), max_h, even)
        w = _round_dim(h * ratio, max_w, even)
    cx, cy = (x0 + x1) / 2 * src_w, (y0 + y1) / 2 * src_h
    return CropBox(_place(cx, w, src_w), _place(cy, h, src_h), w, h)
