"""Crop geometry: exact ratio within the documented tolerance, inside the picture, on the focal point."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lectoure_media.core.export.crop import (
    RATIO_TOLERANCE_PX,
    CropBox,
    InvalidCrop,
    apply_override,
    crop_for,
    ratio_error_px,
)
from lectoure_media.core.export.presets import load_builtin_presets

PRESET_SIZES = sorted({(p.width, p.height) for p in load_builtin_presets()})
sizes = st.integers(min_value=1, max_value=20000)
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _derived_is_tiny(src_w: int, src_h: int, tw: int, th: int, even: bool) -> bool:
    """The exact derived side is below the minimum box side (1 px, 2 px when even): no ratio can hold."""
    minimum = 2 if even else 1
    ratio = tw / th
    return src_h * ratio < minimum + 1 or src_w / ratio < minimum + 1


@FAST
@given(src_w=sizes, src_h=sizes, target=st.sampled_from(PRESET_SIZES), fx=unit, fy=unit, even=st.booleans())
def test_crop_for_properties(src_w, src_h, target, fx, fy, even):
    tw, th = target
    if even and (src_w < 2 or src_h < 2):
        with pytest.raises(InvalidCrop):
            crop_for(src_w, src_h, tw, th, focal=(fx, fy), even=even)
        return
    box = crop_for(src_w, src_h, tw, th, focal=(fx, fy), even=even)
    # inside the picture
    assert box.x >= 0 and box.y >= 0 and box.w >= 1 and box.h >= 1
    assert box.right <= src_w and box.bottom <= src_h
    # contains the focal point (closed box: a focal point on the last pixel edge counts)
    assert box.contains_point(fx * src_w, fy * src_h)
    # maximal: one side spans the picture (less the odd pixel when even sides are asked)
    slack = 1 if even else 0
    assert box.w >= src_w - slack or box.h >= src_h - slack
    if even:
        assert box.w % 2 == 0 and box.h % 2 == 0
    # exact ratio within the documented tolerance, except when the source is too thin to hold one
    if not _derived_is_tiny(src_w, src_h, tw, th, even):
        assert ratio_error_px(box, tw, th) <= RATIO_TOLERANCE_PX


@FAST
@given(src_w=st.integers(400, 20000), src_h=st.integers(400, 20000), target=st.sampled_from(PRESET_SIZES))
@example(src_w=1336, src_h=752, target=(1280, 720))
def test_ratio_is_within_half_a_pixel_when_not_even(src_w, src_h, target):
    tw, th = target
    box = crop_for(src_w, src_h, tw, th)
    if (box.w, box.h) == (src_w, src_h):
        # the source is already within rounding of the ratio: the derived side is the rounded one
        assert ratio_error_px(box, tw, th) <= 0.5
    elif box.h == src_h:
        assert abs(box.w - box.h * tw / th) <= 0.5
    else:
        assert box.w == src_w
        assert abs(box.h - box.w * th / tw) <= 0.5


def test_known_values():
    # 4000x3000 landscape into 4:5: full height, width 2400, centred
    assert crop_for(4000, 3000, 1080, 1350) == CropBox(800, 0, 2400, 3000)
    # focal on the far right: pushed against the right edge, not beyond
    assert crop_for(4000, 3000, 1080, 1350, focal=(1.0, 0.5)) == CropBox(1600, 0, 2400, 3000)
    assert crop_for(4000, 3000, 1080, 1350, focal=(0.0, 0.0)) == CropBox(0, 0, 2400, 3000)
    # portrait source into 16:9: full width
    assert crop_for(3000, 4000, 1600, 900, focal=(0.5, 0.25)) == CropBox(0, 156, 3000, 1688)
    # same ratio as the source: the whole picture
    assert crop_for(1920, 1080, 1280, 720) == CropBox(0, 0, 1920, 1080)
    # even sides for video: the odd height loses a pixel, the width is the nearest even to 1080*9/16
    box = crop_for(1921, 1081, 1080, 1920, even=True)
    assert box.h == 1080 and box.w == 608 and box.w % 2 == 0


def test_focal_point_is_clamped_and_validated():
    assert crop_for(100, 50, 1, 1, focal=(1.5, -3)) == crop_for(100, 50, 1, 1, focal=(1.0, 0.0))
    with pytest.raises(InvalidCrop, match="non numérique"):
        crop_for(100, 50, 1, 1, focal=(math.nan, 0.5))
    with pytest.raises(InvalidCrop):
        crop_for(100, 50, 1, 1, focal=("a", 0.5))
    with pytest.raises(InvalidCrop, match="entier positif"):
        crop_for(0, 50, 1, 1)


def test_override_is_snapped_to_the_ratio_keeping_centre_and_size():
    # a box drawn for 4:5, stored with 3 decimals, on a 4000x3000 picture
    stored = (0.312, 0.1, 0.45, 0.8)  # 1800 x 2400 px -> already 3:4, near 4:5
    box = apply_override(4000, 3000, 1080, 1350, stored)
    assert ratio_error_px(box, 1080, 1350) <= 0.5
    # same area within rounding, same centre within a pixel
    assert abs(box.area - 1800 * 2400) / (1800 * 2400) < 0.01
    assert abs((box.x + box.w / 2) - (0.312 + 0.225) * 4000) <= 1
    assert abs((box.y + box.h / 2) - 0.5 * 3000) <= 1


def test_override_larger_than_picture_becomes_the_largest_box():
    box = apply_override(4000, 3000, 1080, 1350, (-0.5, -0.5, 2.0, 2.0))
    assert box == crop_for(4000, 3000, 1080, 1350)


@FAST
@given(
    src_w=sizes,
    src_h=sizes,
    target=st.sampled_from(PRESET_SIZES),
    x=unit,
    y=unit,
    w=st.floats(0.001, 1.0),
    h=st.floats(0.001, 1.0),
    even=st.booleans(),
)
@example(src_w=1, src_h=900, target=(1080, 1920), x=0.0, y=0.0, w=1.0, h=1.0, even=True)
@example(src_w=1, src_h=1, target=(851, 315), x=0.0, y=1.0, w=1.0, h=1.0, even=True)  # off and too small
def test_override_properties(src_w, src_h, target, x, y, w, h, even):
    tw, th = target
    off_picture = min(x + w, 1.0) <= x or min(y + h, 1.0) <= y
    if even and (src_w < 2 or src_h < 2):
        # no box with even sides fits: refused in French, never a 0-pixel or odd box (a stored box lying
        # entirely off the picture is refused for that first)
        with pytest.raises(InvalidCrop, match="hors de l'image" if off_picture else "trop petite"):
            apply_override(src_w, src_h, tw, th, (x, y, w, h), even=even)
        return
    try:
        box = apply_override(src_w, src_h, tw, th, (x, y, w, h), even=even)
    except InvalidCrop:
        # only a stored box lying entirely off the picture is refused
        assert off_picture
        return
    assert box.x >= 0 and box.y >= 0 and box.right <= src_w and box.bottom <= src_h
    if even:
        assert box.w % 2 == 0 and box.h % 2 == 0
    largest = crop_for(src_w, src_h, tw, th, even=even)
    assert box.w <= largest.w and box.h <= largest.h
    big_enough = min(box.w, box.h) >= 4  # below that rounding dominates any ratio
    if big_enough and not _derived_is_tiny(src_w, src_h, tw, th, even):
        assert ratio_error_px(box, tw, th) <= RATIO_TOLERANCE_PX


@pytest.mark.parametrize(
    "bad",
    [(0.1, 0.1, 0.0, 0.5), (0.1, 0.1, 0.5, -1), (math.inf, 0, 1, 1), (2.0, 2.0, 0.5, 0.5), (1, 2, 3), "abcd", None],
)
def test_bad_overrides_are_refused_in_french(bad):
    with pytest.raises(InvalidCrop) as info:
        apply_override(4000, 3000, 1080, 1350, bad)
    assert "recadrage" in str(info.value).lower()


def test_box_helpers():
    b = CropBox(10, 20, 30, 40)
    assert b.pil_box() == (10, 20, 40, 60)
    assert b.normalised(100, 200) == (0.1, 0.1, 0.3, 0.2)
    assert b.contains(CropBox(10, 20, 30, 40)) and not b.contains(CropBox(9, 20, 30, 40))
    assert b.intersects(CropBox(39, 59, 5, 5)) and not b.intersects(CropBox(40, 20, 5, 5))
