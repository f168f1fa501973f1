"""Smart crop: the window goes where the detail is, keeps the preset's ratio, and never cuts a face."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter

from lectoure_media.core.export.crop import CropBox, crop_for
from lectoure_media.core.export.smartcrop import detect_faces, smart_crop

GREY = (128, 128, 128)


def flat(size, color=GREY) -> Image.Image:
    return Image.new("RGB", size, color)


def add_detail(img: Image.Image, box: tuple[int, int, int, int], seed: int = 0) -> Image.Image:
    """Paste saturated high-frequency noise (edges + saturation: what smartcrop.js scores) into box."""
    x0, y0, x1, y1 = box
    rng = np.random.default_rng(seed)
    patch = rng.integers(0, 256, size=(y1 - y0, x1 - x0, 3), dtype=np.uint8)
    img.paste(Image.fromarray(patch, "RGB"), (x0, y0))
    return img


def drawn_face(width: int) -> Image.Image:
    """A face-like drawing (skin oval, brows, eyes, nose shade, mouth) that OpenCV's Haar cascade detects:
    the pip wheels ship no sample photo of a real face."""
    s = width
    im = Image.new("RGB", (s, round(s * 1.25)), (120, 140, 160))
    d = ImageDraw.Draw(im)
    d.ellipse((0.1 * s, 0.05 * s, 0.9 * s, 1.2 * s), fill=(224, 172, 140))
    d.rectangle((0.22 * s, 0.38 * s, 0.42 * s, 0.43 * s), fill=(60, 40, 30))
    d.rectangle((0.58 * s, 0.38 * s, 0.78 * s, 0.43 * s), fill=(60, 40, 30))
    d.ellipse((0.25 * s, 0.47 * s, 0.40 * s, 0.55 * s), fill=(40, 30, 30))
    d.ellipse((0.60 * s, 0.47 * s, 0.75 * s, 0.55 * s), fill=(40, 30, 30))
    d.polygon([(0.5 * s, 0.55 * s), (0.44 * s, 0.78 * s), (0.56 * s, 0.78 * s)], fill=(190, 140, 115))
    d.ellipse((0.36 * s, 0.88 * s, 0.64 * s, 0.96 * s), fill=(150, 60, 60))
    return im.filter(ImageFilter.GaussianBlur(s / 60))


def no_faces(_image):
    return []


def _cuts(window: CropBox, face: CropBox) -> bool:
    return window.intersects(face) and not window.contains(face)


@pytest.mark.parametrize("side", ["left", "right"])
def test_window_covers_the_detailed_region(side):
    img = flat((1600, 900))
    x0 = 40 if side == "left" else 1600 - 40 - 400
    add_detail(img, (x0, 250, x0 + 400, 650))
    result = smart_crop(img, 1080, 1080, detector=no_faces)
    assert result.box.w == result.box.h == 900
    assert result.box.contains(CropBox(x0, 250, 400, 400))
    assert result.faces == []


def test_window_slides_vertically_for_a_wide_preset_on_a_portrait_picture():
    img = flat((900, 1600))
    add_detail(img, (200, 1200, 700, 1500))
    result = smart_crop(img, 1600, 900, detector=no_faces)
    expected = crop_for(900, 1600, 1600, 900)
    assert (result.box.w, result.box.h, result.box.x) == (expected.w, expected.h, 0)
    assert result.box.contains(CropBox(200, 1200, 500, 300))


def test_featureless_picture_gets_the_centred_window():
    assert smart_crop(flat((1600, 900)), 1080, 1080, detector=no_faces).box == crop_for(1600, 900, 1080, 1080)
    assert smart_crop(flat((900, 1601)), 16, 9, detector=no_faces).box == crop_for(900, 1601, 16, 9)


def test_detail_beats_flat_areas_in_the_score():
    img = flat((1600, 900))
    add_detail(img, (1100, 200, 1500, 700))
    scored = smart_crop(img, 1080, 1080, detector=no_faces)
    flat_score = smart_crop(flat((1600, 900)), 1080, 1080, detector=no_faces).score
    assert scored.score > flat_score


@pytest.mark.parametrize("target", [(1080, 1080), (1080, 1350), (1080, 1920), (1200, 630), (851, 315)])
def test_window_has_the_ratio_and_size_of_crop_for(target):
    img = add_detail(flat((1500, 1100)), (100, 100, 300, 300))
    box = smart_crop(img, *target, detector=no_faces).box
    ref = crop_for(1500, 1100, *target)
    assert (box.w, box.h) == (ref.w, ref.h)
    assert box.x >= 0 and box.right <= 1500 and box.y >= 0 and box.bottom <= 1100


def test_a_face_is_never_cut_even_when_detail_pulls_the_window():
    img = flat((2000, 1000))
    add_detail(img, (0, 100, 600, 900))  # strong pull to the far left
    face = CropBox(900, 300, 300, 300)  # a window at x=0 would cut it
    without = smart_crop(img, 1000, 1000, faces=[])
    assert _cuts(without.box, face), "the test needs a case where detail alone cuts the face"
    result = smart_crop(img, 1000, 1000, faces=[face])
    assert result.box.contains(face)
    assert result.faces == [face]


def test_the_bigger_face_wins_when_both_cannot_fit():
    img = flat((3000, 1000))
    add_detail(img, (2300, 0, 3000, 1000))  # detail next to the small face
    big, small = CropBox(100, 300, 300, 300), CropBox(2500, 400, 200, 200)
    result = smart_crop(img, 1000, 1000, faces=[small, big])
    assert result.box.contains(big)
    assert not result.box.intersects(small)


def test_face_wider_than_the_window_centres_on_the_largest_face():
    img = flat((4000, 1000))
    huge = CropBox(2500, 0, 1200, 1000)  # wider than the 562 px window of a 9:16 crop
    small = CropBox(200, 100, 150, 150)
    result = smart_crop(img, 1080, 1920, faces=[small, huge])
    centre = result.box.x + result.box.w / 2
    assert abs(centre - (huge.x + huge.w / 2)) <= 1
    assert result.box.w == crop_for(4000, 1000, 1080, 1920).w


face_strategy = st.tuples(st.integers(0, 2900), st.integers(0, 900), st.integers(20, 300), st.integers(20, 100))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(faces=st.lists(face_strategy, min_size=1, max_size=4), detail_x=st.integers(0, 2600))
def test_property_faces_are_fully_inside_or_fully_outside(faces, detail_x):
    img = flat((3000, 1000))
    add_detail(img, (detail_x, 200, detail_x + 400, 800), seed=detail_x)
    boxes = [CropBox(x, y, min(w, 3000 - x), min(h, 1000 - y)) for x, y, w, h in faces]
    boxes = [b for b in boxes if b.w > 0 and b.h > 0]
    result = smart_crop(img, 1000, 1000, faces=boxes)  # window 1000x1000
    left = min(b.x for b in boxes)
    right = max(b.right for b in boxes)
    if right - left <= 1000:
        # all faces can be held together: they all are
        assert all(result.box.contains(b) for b in boxes)
    else:
        # at least the largest face is kept whole, and no face is cut when some placement avoids it
        assert not _cuts(result.box, max(boxes, key=lambda b: b.area))
        positions = range(0, 2001)
        clean = [x for x in positions if not any(_cuts(CropBox(x, 0, 1000, 1000), b) for b in boxes)]
        if clean:
            assert not any(_cuts(result.box, b) for b in boxes)


def test_reduced_view_returns_source_coordinates():
    """export passes a JPEG decoded at 1/4 size: boxes in and out stay in full-size source pixels."""
    full = add_detail(flat((4000, 2000)), (2800, 400, 3800, 1600))
    small = full.resize((1000, 500))
    face = CropBox(3000, 500, 400, 400)
    result = smart_crop(small, 1080, 1350, source_size=(4000, 2000), faces=[face])
    ref = crop_for(4000, 2000, 1080, 1350)
    assert (result.box.w, result.box.h) == (ref.w, ref.h) == (1600, 2000)
    assert result.box.contains(face) and result.box.contains(CropBox(2800, 400, 1000, 1200))


def test_injected_detector_boxes_are_scaled_from_the_image_it_saw():
    full = flat((4000, 2000))
    small = full.resize((1000, 500))
    seen = []

    def detector(image):
        seen.append(image.size)
        return [CropBox(750, 100, 100, 100)]  # in the 1000x500 view

    result = smart_crop(small, 1080, 1080, source_size=(4000, 2000), detector=detector)
    assert seen == [(1000, 500)]
    assert result.faces == [CropBox(3000, 400, 400, 400)]
    assert result.box.contains(result.faces[0])


def test_real_detector_finds_a_drawn_face_and_nothing_in_a_flat_picture():
    img = Image.new("RGB", (1600, 1000), (100, 120, 140))
    img.paste(drawn_face(200), (1200, 300))
    faces = detect_faces(img)
    assert isinstance(faces, list) and len(faces) == 1
    f = faces[0]
    assert f.intersects(CropBox(1200, 300, 200, 250))
    assert 120 <= f.w <= 350
    assert detect_faces(flat((800, 600))) == []
    # and smart_crop uses it by default: the 1:1 window keeps that face whole
    result = smart_crop(img, 1080, 1080)
    assert len(result.faces) == 1 and result.box.contains(result.faces[0])


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "CMYK", "I;16"])
def test_any_pixel_mode_is_accepted(mode):
    img = add_detail(flat((600, 400)), (400, 100, 550, 300)).convert("RGB")
    if mode == "I;16":
        img = img.convert("L").convert("I").point(lambda v: v * 256).convert("I;16")
    else:
        img = img.convert(mode)
    box = smart_crop(img, 1, 1, detector=no_faces).box
    assert (box.w, box.h) == (400, 400)
