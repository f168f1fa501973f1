"""Issue 13, item 7: the whole sound track kept, black bars cropped out, the fit mode offered on a large upscale.

Clips are made by the ffmpeg command line (odd lengths, AAC and PCM, 48 and 44.1 kHz, real `pad` bars, a cut
made by stream copy) and measured with ffprobe, as a person checking the file would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from lectoure_media.core.export import advice
from lectoure_media.core.export.bars import picture_box, video_picture_box
from lectoure_media.core.export.plan import plan_export
from lectoure_media.core.export.presets import get_preset
from lectoure_media.core.export.video import export_video

pytestmark = [pytest.mark.timeout(180)]

# The TikTok preset with its own video limits, at a small size so that the tests stay fast.
TIKTOK = replace(get_preset("tiktok"), width=180, height=320)


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def make_clip(
    path: Path,
    seconds: float = 16.5,
    *,
    fps: str = "30",
    acodec: str = "aac",
    hz: int = 48000,
    size: str = "320x240",
    vf: str | None = None,
    source: str = "testsrc2",
) -> Path:
    video = f"{source}=size={size}:rate={fps}" if source == "testsrc2" else source
    args = ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate={hz}"]
    args += ["-t", str(seconds)]
    if vf:
        args += ["-vf", vf]
    ffmpeg(*args, "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", acodec, str(path))
    return path


def extent(path: Path, kind: str) -> tuple[float, float]:
    """(start, end) of a stream in seconds, from its packets' timestamps and durations (ffprobe)."""
    out = subprocess.run(
        [
            "ffprobe", "-v", "error", "-select_streams", f"{kind}:0",
            "-show_entries", "packet=pts_time,dts_time,duration_time", "-of", "json", str(path),
        ],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    times = []
    for p in json.loads(out)["packets"]:
        at = p.get("pts_time") if p.get("pts_time") not in (None, "N/A") else p.get("dts_time")  # AVI: dts only
        if at not in (None, "N/A"):
            times.append((float(at), float(p.get("duration_time") or 0)))
    assert times, f"no {kind} packets in {path}"
    # The stream's start as players take it (an MP4 edit list hides the AAC encoder's priming packet).
    start = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", f"{kind}:0", "-show_entries", "stream=start_time",
         "-of", "csv=p=0", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    first = float(start) if start not in ("", "N/A") else min(t for t, _ in times)
    return first, max(t + d for t, d in times)


def assert_same_timing(src: Path, out: Path, frame: float) -> None:
    """Both streams as long as the source's, and the picture starting as far from the sound, within a frame."""
    (sv0, sv1), (sa0, sa1) = extent(src, "v"), extent(src, "a")
    (ov0, ov1), (oa0, oa1) = extent(out, "v"), extent(out, "a")
    assert abs((oa1 - oa0) - (sa1 - sa0)) <= frame, f"audio {oa1 - oa0:.3f} s, source {sa1 - sa0:.3f} s"
    assert abs((ov1 - ov0) - (sv1 - sv0)) <= frame, f"video {ov1 - ov0:.3f} s, source {sv1 - sv0:.3f} s"
    assert abs((ov0 - oa0) - (sv0 - sa0)) <= frame, "picture and sound out of step"


@pytest.mark.parametrize(
    ("container", "acodec", "hz", "fps"),
    [
        ("mp4", "aac", 48000, "30"),
        ("mov", "aac", 44100, "25"),
        ("mov", "pcm_s16le", 48000, "30000/1001"),
        ("avi", "pcm_s16le", 44100, "30"),  # AVI's first picture comes one frame after its sound
        ("mkv", "pcm_s16le", 44100, "25"),
    ],
)
def test_an_odd_length_clip_keeps_all_its_sound_and_pictures(tmp_path, container, acodec, hz, fps):
    src = make_clip(tmp_path / f"clip.{container}", fps=fps, acodec=acodec, hz=hz)
    out = export_video(src, TIKTOK, tmp_path / "out.mp4", focal=(0.5, 0.5))
    num, _, den = fps.partition("/")
    assert_same_timing(src, Path(out.output), frame=int(den or 1) / int(num))


def test_a_clip_cut_by_stream_copy_keeps_the_sound_before_its_first_keyframe(tmp_path):
    """The issue's clip: 16.5 s cut without re-encoding, so its pictures start on a keyframe 0.7 s after the
    sound. The export used to drop that 0.7 s of sound (and so end 0.7 s short)."""
    whole = make_clip(tmp_path / "whole.mp4", seconds=20, hz=44100)
    cut = tmp_path / "cut.mp4"
    ffmpeg("-i", str(whole), "-ss", "1.3", "-t", "16.5", "-c", "copy", str(cut))
    (v0, _), (a0, a1) = extent(cut, "v"), extent(cut, "a")
    assert v0 - a0 > 0.5 and a1 - a0 > 16.4  # what makes the case
    out = Path(export_video(cut, TIKTOK, tmp_path / "out.mp4", focal=(0.5, 0.5)).output)
    assert_same_timing(cut, out, frame=1 / 30)


# -- black bars -------------------------------------------------------------------------------------------
def mean_luma(path: Path, index: int = 10) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="gray").astype(np.float64)
    raise AssertionError("frame not found")


BRIGHT_SCENE = "color=c=0x8c968c:size=640x360:rate=25,drawbox=x=280:y=140:w=80:h=80:color=red:t=fill"


def test_letterbox_bars_are_found_and_left_out_of_a_vertical_crop(tmp_path):
    src = make_clip(tmp_path / "letterbox.mp4", seconds=3, source=BRIGHT_SCENE, vf="pad=640:480:0:60:black")
    box = video_picture_box(src)
    assert box is not None and 60 <= box.y <= 64 and 416 <= box.bottom <= 420 and (box.x, box.w) == (0, 640)
    result = export_video(src, TIKTOK, tmp_path / "out.mp4", focal=(0.5, 0.5))
    assert any("bandes noires" in w for w in result.warnings)
    luma = mean_luma(Path(result.output))
    rows = luma.mean(axis=1)
    assert rows[:4].min() > 60 and rows[-4:].min() > 60, "a black bar is inside the exported frame"
    x, y, w, h = result.crop
    assert y >= 60 and y + h <= 420


def test_pillarbox_bars_are_left_out_of_the_fit_mode(tmp_path):
    scene = BRIGHT_SCENE.replace("640x360", "360x640").replace("x=280:y=140", "x=140:y=280")
    src = make_clip(tmp_path / "pillar.mp4", seconds=3, source=scene, vf="pad=1080:640:360:0:black")
    result = export_video(src, TIKTOK, tmp_path / "out.mp4", mode="fit")
    luma = mean_luma(Path(result.output))
    # The 9:16 picture fills the 9:16 frame: no black column, and no blurred bars either.
    assert luma.mean(axis=0).min() > 60


def test_a_dark_scene_is_not_taken_for_bars():
    rng = np.random.default_rng(1)
    dark_left = np.full((120, 200), 120, np.uint8)
    dark_left[:, :40] = 16
    dark_left[90:110, :] = rng.integers(60, 250, (20, 200))  # a bright strip crosses the dark part
    assert picture_box([dark_left]) is None
    night = np.full((120, 200), 16, np.uint8)
    assert picture_box([night, night]) is None  # all black: a fade, not bars
    bars = np.full((120, 200), 16, np.uint8)
    bars[20:100] = 150
    moving = bars.copy()
    moving[20:40] = 16  # a dark moment at the top of the picture on one frame only
    found = picture_box([moving, bars])
    assert found is not None and found.y <= 24 and found.bottom >= 96


def test_a_clip_without_bars_is_not_cropped(tmp_path):
    src = make_clip(tmp_path / "plain.mp4", seconds=2)
    assert video_picture_box(src) is None


# -- the fit mode offered on a large upscale ----------------------------------------------------------------
def test_a_large_upscale_puts_the_fit_advice_in_the_export_plan(tmp_path):
    src = tmp_path / "small.mp4"
    src.write_bytes(b"\0" * 100)  # plan_export only looks at the file's existence and name
    tiktok = get_preset("tiktok")
    small = {"path": str(src), "kind": "video", "width": 640, "height": 360}
    plan = plan_export([(str(src), small)], [tiktok])
    assert plan.fit_advice
    case = plan.fit_advice.worst
    assert case.preset_id == "tiktok" and case.crop_scale >= advice.FIT_SUGGESTION_SCALE > case.fit_scale
    assert "fond flou" in plan.fit_advice.message()
    big = {**small, "width": 1920, "height": 1080}  # cropped 608×1080 → 1080×1920: 1.8×, no advice
    assert not plan_export([(str(src), big)], [tiktok]).fit_advice
    photo = {**small, "kind": "photo"}
    assert not plan_export([(str(src), photo)], [tiktok]).fit_advice
    hostile = {**small, "width": "640", "height": None}
    assert not plan_export([(str(src), hostile)], [tiktok]).fit_advice


def test_the_cli_hints_at_fit_after_a_large_upscale(tmp_path):
    root, out, data = tmp_path / "root", tmp_path / "out", tmp_path / "data"
    root.mkdir()
    out.mkdir()
    src = make_clip(root / "petit.mp4", seconds=1, size="320x180")
    env = {**os.environ, "LECTOURE_MEDIA_LANG": "fr"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), *args],
            capture_output=True, text=True, env=env, timeout=150,
        )  # fmt: skip

    assert run("scan", str(root)).returncode == 0
    done = run("export", str(src), "--preset", "tiktok", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "--fit" in done.stderr and "fond flou" in done.stderr
    fitted = run("export", str(src), "--preset", "tiktok", "--out", str(out), "--fit")
    assert fitted.returncode == 0 and "--fit" not in fitted.stderr


def test_the_export_dialog_offers_the_fit_mode_in_one_click(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from lectoure_media.core.library import Library
    from lectoure_media.gui.export_dialog import ExportDialog

    root = tmp_path / "root"
    root.mkdir()
    make_clip(root / "petit.mp4", seconds=1, size="320x180")
    lib = Library(tmp_path / "data")
    try:
        lib.scan(root)
        ids = lib.query_ids()
        lib.update_settings(export_presets=["tiktok"], export_fit=False)
        dialog = ExportDialog(lib, ids)
        qtbot.addWidget(dialog)
        dialog.show()
        bar = dialog.fit_advice_bar
        assert bar.isVisible() and "petit.mp4" in bar.label.text()
        qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
        assert dialog.fit_check.isChecked() and not bar.isVisible()
        dialog.set_checked_presets(["instagram-square"])  # photos only: nothing to offer
        dialog.fit_check.setChecked(False)
        assert not bar.isVisible()
    finally:
        lib.close()


def test_bars_of_a_phone_rotated_clip_are_found_where_the_viewer_sees_them(tmp_path):
    """Stored 640×480 with bands at the top and bottom, shown turned 90°: the viewer sees them left and right."""
    import av

    picture = np.zeros((480, 640, 3), np.uint8)
    picture[60:420] = (140, 150, 140)
    picture[60:420, :100] = (230, 20, 20)
    path = tmp_path / "rot.mp4"
    out = av.open(str(path), "w")
    stream = out.add_stream("libx264", rate=25)
    stream.width, stream.height, stream.pix_fmt = 640, 480, "yuv420p"
    stream.options = {"preset": "ultrafast", "g": "25"}
    stream.set_display_rotation(90)
    for i in range(50):
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts = i
        out.mux(stream.encode(frame))
    out.mux(stream.encode())
    out.close()
    box = video_picture_box(path)
    assert box is not None and (box.y, box.h) == (0, 640) and 60 <= box.x <= 64 and 416 <= box.right <= 420
    result = export_video(path, TIKTOK, tmp_path / "out.mp4", focal=(0.5, 0.5))
    x, _, w, _ = result.crop
    assert x >= 60 and x + w <= 420
    assert mean_luma(Path(result.output)).mean(axis=0).min() > 60
