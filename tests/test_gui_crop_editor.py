"""The crop editor on a real library (pytest-qt, offscreen): frames, focal point, reset, video frames."""

import json
import os

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from lectoure_media.core import sidecar
from lectoure_media.core.export.crop import (
    CropBox,
    apply_override,
    crop_for,
    fit_ratio,
    move_box,
    ratio_error_px,
    resize_from_corner,
    scale_about_centre,
)
from lectoure_media.core.export.presets import get_preset
from lectoure_media.core.media.frames import load_video_frame
from lectoure_media.gui.crop_editor import CropEditor
from tests.media_factory import BASE, BLUE, RED, make_jpeg, make_random_bytes, make_video

SRC = (1200, 800)


@pytest.fixture
def photo(lib, library_root):
    path = make_jpeg(library_root / "cathedrale.jpg", size=SRC)
    lib.scan(library_root)
    return str(path)


def open_editor(qtbot, lib, path):
    asset = lib.get_by_path(path)
    editor = CropEditor(lib, int(asset["id"]))
    qtbot.addWidget(editor)
    editor.resize(1100, 760)
    with qtbot.waitSignal(editor.imageReady, timeout=30_000):
        editor.show()
    return editor


def _mouse(widget, kind, pos, button, buttons):
    event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(widget, start: QPointF, end: QPointF, steps: int = 6) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(widget, QEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        _mouse(widget, QEvent.Type.MouseMove, start + (end - start) * (i / steps), Qt.MouseButton.NoButton, left)
    _mouse(widget, QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)


def click(widget, pos: QPointF) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(widget, QEvent.Type.MouseButtonPress, pos, left, left)
    _mouse(widget, QEvent.Type.MouseButtonRelease, pos, left, Qt.MouseButton.NoButton)


def own_crops(path):
    raw = sidecar.read_sidecar(path).own.get("crops")
    return json.loads(raw) if raw else {}


# ------------------------------------------------------------------------------------------ geometry
def test_corner_resize_keeps_the_ratio_the_anchor_and_the_picture():
    start = CropBox(300, 100, 400, 500)  # 4:5
    ratio = 4 / 5
    for corner in ("tl", "tr", "bl", "br"):
        anchor = {
            "tl": (start.right, start.bottom),
            "tr": (start.x, start.bottom),
            "bl": (start.right, start.y),
            "br": (start.x, start.y),
        }[corner]
        for px in range(-200, 1500, 97):
            for py in range(-200, 1100, 89):
                box = resize_from_corner(start, corner, px, py, ratio, *SRC)
                assert box.x >= 0 and box.y >= 0 and box.right <= SRC[0] and box.bottom <= SRC[1]
                assert ratio_error_px(box, 4, 5) <= 0.5
                corner_kept = {
                    "tl": (box.right, box.bottom),
                    "tr": (box.x, box.bottom),
                    "bl": (box.right, box.y),
                    "br": (box.x, box.y),
                }[corner]
                assert corner_kept == anchor
                assert min(box.w, box.h) >= 0.05 * 800 - 1  # never shrinks to an ungrabbable speck
    # Pulling the bottom-right corner out grows the frame until the picture's bottom edge stops it.
    assert resize_from_corner(start, "br", 2000, 2000, ratio, *SRC) == CropBox(300, 100, 560, 700)


def test_move_and_scale_stay_inside_the_picture():
    box = CropBox(100, 0, 640, 800)
    assert move_box(box, -500, 30, *SRC) == CropBox(0, 0, 640, 800)
    assert move_box(box, 10_000, 0, *SRC) == CropBox(560, 0, 640, 800)
    grown = scale_about_centre(CropBox(500, 300, 200, 250), 100.0, 0.8, *SRC)
    assert grown == CropBox(280, 0, 640, 800)
    assert fit_ratio(5000, 1080 / 566, 1200, 800) == (1200, 629)


# --------------------------------------------------------------------------------------------- photos
def test_portrait_frame_is_4_5_and_a_drag_is_saved_to_catalog_and_sidecar(qtbot, lib, photo):
    editor = open_editor(qtbot, lib, photo)
    assert editor.source_size == SRC
    assert "instagram-portrait" in editor.chosen_preset_ids()
    editor.set_current_preset("instagram-portrait")
    box = editor.frame_box("instagram-portrait")
    assert (box.w, box.h) == (640, 800)  # the largest 4:5 window of a 1200×800 picture
    assert ratio_error_px(box, 4, 5) <= 1
    assert editor.canvas.frame() == box

    canvas = editor.canvas
    dx = -150 if box.x >= 150 else 150
    start = canvas.to_widget(box.x + box.w / 2, box.y + box.h / 2)
    drag(canvas, start, start + QPointF(dx * canvas.scale(), 0))
    moved = editor.frame_box("instagram-portrait")
    assert abs(moved.x - (box.x + dx)) <= 2 and (moved.y, moved.w, moved.h) == (box.y, box.w, box.h)
    assert editor.frames["instagram-portrait"].moved
    # the preview shows the moved window (working-image pixels, same shape)
    rect = editor.preview_source_rect("instagram-portrait")
    sx = editor.image.width() / SRC[0]
    assert rect.x() == pytest.approx(moved.x * sx, abs=0.5)

    # now resize from the bottom-right corner: the ratio stays 4:5, the top-left corner stays put
    corner = canvas.to_widget(moved.right, moved.bottom)
    drag(canvas, corner, canvas.to_widget(moved.right - 200, moved.bottom - 100))
    resized = editor.frame_box("instagram-portrait")
    assert (resized.x, resized.y) == (moved.x, moved.y)
    assert resized.h < moved.h and ratio_error_px(resized, 4, 5) <= 1

    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    crops = lib.get_by_path(photo)["crops"]
    assert set(crops) == {"instagram-portrait"}  # frames the person did not touch are not stored
    assert crops["instagram-portrait"] == pytest.approx(resized.normalised(*SRC), abs=1e-4)
    again = apply_override(*SRC, 1080, 1350, crops["instagram-portrait"])
    assert abs(again.x - resized.x) <= 1 and abs(again.w - resized.w) <= 1
    assert again == resized  # cut exactly as drawn
    assert lib.wait_sidecars()
    assert own_crops(photo)["instagram-portrait"] == pytest.approx(list(resized.normalised(*SRC)), abs=1e-4)
    assert lib.get_by_path(photo)["focal"] is None


def test_click_sets_the_focal_point_and_recentres_frames_without_override(qtbot, lib, photo):
    lib.set_crop(photo, "instagram-portrait", (0.0, 0.0, 0.5, 1.0))
    editor = open_editor(qtbot, lib, photo)
    kept = editor.frame_box("instagram-portrait")
    assert kept == apply_override(*SRC, 1080, 1350, (0.0, 0.0, 0.5, 1.0))
    assert editor._item("instagram-portrait").font().bold()  # a hand-made frame is marked in the list

    editor.set_current_preset("instagram-square")
    canvas = editor.canvas
    click(canvas, canvas.to_widget(300, 400))  # inside the frame, without moving: a click, not a drag
    fx, fy = editor.focal
    assert fx == pytest.approx(0.25, abs=0.01) and fy == pytest.approx(0.5, abs=0.01)
    assert not editor.frames["instagram-square"].moved
    assert editor.frame_box("instagram-square") == crop_for(*SRC, 1080, 1080, focal=(fx, fy))
    assert editor.frame_box("instagram-square").x == 0  # a square centred at x=300 is stopped by the edge
    assert editor.frame_box("facebook-post") == crop_for(*SRC, 1200, 630, focal=(fx, fy))
    assert editor.frame_box("instagram-portrait") == kept  # the hand-made frame does not follow

    editor.accept()
    asset = lib.get_by_path(photo)
    assert asset["focal"] == pytest.approx((fx, fy), abs=1e-4)
    assert asset["crops"] == {"instagram-portrait": (0.0, 0.0, 0.5, 1.0)}
    assert lib.wait_sidecars()
    assert sidecar.read_sidecar(photo).own["focalPoint"] == f"{fx:.4f},{fy:.4f}"


def test_reset_to_automatic_clears_the_override_then_the_focal_point(qtbot, lib, photo, tmp_path):
    lib.set_crop(photo, "instagram-portrait", (0.0, 0.0, 0.5, 1.0))
    lib.set_focal([photo], (0.8, 0.5))
    assert lib.wait_sidecars()
    editor = open_editor(qtbot, lib, photo)
    editor.set_current_preset("instagram-portrait")
    assert editor.frame_box("instagram-portrait").x == 0
    editor.act_reset.trigger()
    assert editor.frame_box("instagram-portrait") == crop_for(*SRC, 1080, 1350, focal=(0.8, 0.5))
    assert editor.frame_box("instagram-portrait").x == 560
    assert not editor._item("instagram-portrait").font().bold()
    editor.accept()
    asset = lib.get_by_path(photo)
    assert asset["crops"] == {} and asset["focal"] == (0.8, 0.5)
    assert lib.wait_sidecars()
    assert own_crops(photo) == {}
    assert sidecar.read_sidecar(photo).own["focalPoint"] == "0.8000,0.5000"

    editor = open_editor(qtbot, lib, photo)
    editor.set_current_preset("instagram-portrait")
    editor.reset_current(clear_focal=True)
    assert editor.focal is None
    box = editor.frame_box("instagram-portrait")
    assert (box.w, box.h) == (640, 800)
    # the automatic frame shown is the one the photo export cuts without focal point or override
    from lectoure_media.core.export.image import export_photo

    (tmp_path / "out").mkdir()
    exported = export_photo(photo, get_preset("instagram-portrait"), tmp_path / "out" / "auto")
    assert box.as_tuple() == exported.crop
    editor.accept()
    assert lib.get_by_path(photo)["focal"] is None
    assert lib.wait_sidecars()
    assert "focalPoint" not in sidecar.read_sidecar(photo).own


def test_escape_discards_every_change(qtbot, lib, photo):
    editor = open_editor(qtbot, lib, photo)
    editor.set_current_preset("instagram-portrait")
    before = editor.frame_box("instagram-portrait")
    editor.canvas.setFocus()
    QTest.keyClick(editor.canvas, Qt.Key.Key_Left if before.x > 0 else Qt.Key.Key_Right)
    assert editor.frame_box("instagram-portrait") != before and editor.frames["instagram-portrait"].moved
    click(editor.canvas, editor.canvas.to_widget(600, 400))
    assert editor.focal is not None
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.result() == QDialog.DialogCode.Rejected and not editor.isVisible()
    assert lib.wait_sidecars()
    asset = lib.get_by_path(photo)
    assert asset["crops"] == {} and asset["focal"] is None
    assert not os.path.exists(photo + ".xmp")


def test_previews_follow_the_ticked_presets_and_story_shows_safe_zones(qtbot, lib, photo):
    editor = open_editor(qtbot, lib, photo)
    editor.set_chosen("facebook-post", False)
    assert editor.preview_source_rect("facebook-post") is None
    editor.set_chosen("linkedin-post", True)
    rect = editor.preview_source_rect("linkedin-post")
    box = editor.frame_box("linkedin-post")
    sx = editor.image.width() / SRC[0]
    assert rect.width() == pytest.approx(box.w * sx, abs=0.5)
    assert rect.width() / rect.height() == pytest.approx(1200 / 627, rel=0.01)

    editor.set_current_preset("instagram-story")
    editor.set_frame_box("instagram-story", CropBox(600, 0, 450, 800))  # over the plain part of the picture
    zone = get_preset("instagram-story").safe_zone
    assert zone is not None
    canvas = editor.canvas
    frame = canvas.frame_rect()
    shot = canvas.grab().toImage()

    def reddish(fx, fy):
        c = shot.pixelColor(int(frame.left() + frame.width() * fx), int(frame.top() + frame.height() * fy))
        return c.red() - c.green()

    # Base-coloured picture under both points; only the bottom one lies in the platform's caption zone.
    assert 1 - zone.bottom < 0.95
    assert reddish(0.15, 0.95) > reddish(0.15, 0.5) + 30


@pytest.mark.parametrize("damage", ["garbage", "deleted"])
def test_an_unreadable_file_is_one_sentence_not_a_traceback(qtbot, lib, photo, damage):
    if damage == "garbage":
        make_random_bytes(photo, n=20_000)
    else:
        os.remove(photo)
    editor = CropEditor(lib, int(lib.get_by_path(photo)["id"]))
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loadFailed, timeout=30_000) as blocker:
        editor.show()
    message = blocker.args[0]
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    assert ("cannot be shown" in message) if damage == "garbage" else ("no longer there" in message)
    assert editor.info_label.text() == message
    assert editor.frame_box("instagram-portrait") is None
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    if damage == "garbage":
        assert lib.get_by_path(photo)["crops"] == {}


# --------------------------------------------------------------------------------------------- videos
def _colour(image, x, y):
    c = image.pixelColor(x, y)
    return (c.red(), c.green(), c.blue())


def _near(colour, expected, tol=30):
    # Only the channels `expected` names are compared (a pixel may carry alpha too).
    return all(abs(a - b) <= tol for a, b in zip(colour, expected, strict=False))


def test_video_opens_on_a_poster_frame_and_the_scrubber_changes_it(qtbot, lib, library_root):
    clip = str(make_video(library_root / "clip.mp4", size=(96, 64), seconds=2.0, fps=10, black_seconds=1.0))
    lib.scan(library_root)
    editor = open_editor(qtbot, lib, clip)
    assert editor.source_size == (96, 64)
    assert "tiktok" in editor.preset_ids() and "instagram-portrait" not in editor.preset_ids()
    assert editor.scrub_widget.isVisibleTo(editor) and abs(editor.scrubber.maximum() - 2000) <= 100
    assert editor.frame_time == pytest.approx(0.0, abs=0.05)
    centre = (editor.image.width() * 3 // 4, editor.image.height() * 3 // 4)
    assert _near(_colour(editor.image, *centre), (0, 0, 0))  # the clip opens on black

    tiktok = editor.frame_box("tiktok")
    assert tiktok.w % 2 == 0 and tiktok.h % 2 == 0 and ratio_error_px(tiktok, 9, 16) <= 1

    with qtbot.waitSignal(editor.imageReady, timeout=30_000):
        editor.scrubber.setValue(1500)
    assert editor.frame_time == pytest.approx(1.5, abs=0.11)
    assert _near(_colour(editor.image, *centre), BASE)  # past the fade-in: the picture itself
    assert editor.frame_box("tiktok") == tiktok  # same video, same frame geometry

    with qtbot.waitSignal(editor.imageReady, timeout=30_000):
        editor.seek(0.2)
    assert _near(_colour(editor.image, *centre), (0, 0, 0))
    editor.reject()


def test_a_video_without_focal_point_starts_from_the_frame_the_export_cuts(qtbot, lib, library_root, tmp_path):
    from lectoure_media.core.export.crop import crop_for
    from lectoure_media.core.export.presets import get_preset
    from lectoure_media.core.export.video import export_video
    from tests.test_export_video import clip, detail_on_the_left

    size = (640, 360)
    path = clip(library_root / "vitrine.mov", size, seconds=0.5, picture=detail_on_the_left(size))
    lib.scan(library_root)
    editor = open_editor(qtbot, lib, str(path))
    shown = editor.frame_box("tiktok")
    editor.reject()
    assert shown.x < crop_for(*size, 1080, 1920, even=True).x // 2  # on the detailed band, not centred
    (tmp_path / "out").mkdir()
    exported = export_video(path, get_preset("tiktok"), tmp_path / "out" / "vitrine")
    assert exported.crop == shown.as_tuple()


def test_a_phone_video_is_shown_upright(qtbot, lib, library_root):
    clip = str(make_video(library_root / "phone.mp4", size=(96, 64), seconds=0.5, rotation=90))
    lib.scan(library_root)
    editor = open_editor(qtbot, lib, clip)
    assert editor.source_size == (64, 96)
    image = editor.image
    assert image.width() < image.height()
    assert _near(_colour(image, image.width() * 3 // 4, 2), RED)  # red band on top
    assert _near(_colour(image, 2, image.height() * 3 // 4), BLUE)  # blue band on the left
    editor.reject()
    work = load_video_frame(clip, 0.3)
    assert work.source_size == (64, 96) and work.image.size == (64, 96)


def test_a_video_frame_dragged_by_hand_is_cut_at_export_exactly_as_shown(qtbot, lib, library_root, tmp_path):
    """A hand-made video frame used to be shown with odd sides and snapped to even sides at export, so
    the clip was cut one or two pixels off the frame the person had drawn."""
    from lectoure_media.core.export.video import export_video
    from tests.test_export_video import clip

    size = (640, 360)
    path = str(clip(library_root / "quai.mov", size, seconds=0.3))
    lib.scan(library_root)
    editor = open_editor(qtbot, lib, path)
    editor.set_current_preset("tiktok")
    canvas = editor.canvas
    start = editor.frame_box("tiktok")
    # Shrink from the bottom-right corner to sizes of both parities, then move the frame: each time the
    # frame shown must be the frame the export cuts.
    for pull in (37, 52, 61):
        box = editor.frame_box("tiktok")
        drag(canvas, canvas.to_widget(box.right, box.bottom), canvas.to_widget(box.right - pull, box.bottom - pull))
    box = editor.frame_box("tiktok")
    centre = canvas.to_widget(box.x + box.w / 2, box.y + box.h / 2)
    drag(canvas, centre, centre + QPointF(113 * canvas.scale(), 7 * canvas.scale()))
    shown = editor.frame_box("tiktok")
    assert shown != start and shown.w < start.w
    assert canvas.frame() == shown
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    (tmp_path / "out").mkdir()
    override = lib.get_by_path(path)["crops"]["tiktok"]
    exported = export_video(path, get_preset("tiktok"), tmp_path / "out" / "quai", override=override)
    assert exported.crop == shown.as_tuple()
    assert shown.w % 2 == 0 and shown.h % 2 == 0 and ratio_error_px(shown, 9, 16) <= 1


def test_a_picture_gone_from_the_catalog_is_one_sentence(qtbot, lib, photo):
    from lectoure_media.gui.crop_editor import LoadFailure, load_working

    doc_id = int(lib.get_by_path(photo)["id"]) + 1000  # an id the catalog no longer holds
    assert lib.asset(doc_id) is None
    with pytest.raises(LoadFailure) as info:
        load_working(lib, doc_id, "photo", None, [get_preset("instagram-square")], True)
    assert str(info.value) == "This photo or video is no longer in the catalog."


def test_the_automatic_frame_the_editor_opens_on_is_the_one_the_photo_export_cuts(qtbot, lib, library_root, tmp_path):
    from lectoure_media.core.export.image import export_photo
    from tests.test_library_framing import _busy_picture

    path = library_root / "marche.jpg"
    _busy_picture(1800, 2400, 1).save(path, quality=90)  # larger than the working copy the editor shows
    lib.scan(library_root)
    editor = open_editor(qtbot, lib, str(path))
    shown = {pid: editor.frame_box(pid) for pid in ("facebook-post", "instagram-story")}
    editor.reject()
    (tmp_path / "out").mkdir()
    for pid, box in shown.items():
        assert export_photo(str(path), get_preset(pid), tmp_path / "out" / pid).crop == box.as_tuple()
