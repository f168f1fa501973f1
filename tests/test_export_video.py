"""Video export on real clips: codecs and container checked with ffprobe, pixels checked on decoded frames."""

from __future__ import annotations

import errno
import json
import math
import os
import subprocess
import threading
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from lectoure_media.core.export import Cancelled, ExportError
from lectoure_media.core.export import video as video_mod
from lectoure_media.core.export.crop import apply_override, crop_for
from lectoure_media.core.export.presets import ExportPreset, VideoLimits, get_preset
from lectoure_media.core.export.video import export_video, output_rate
from tests.media_factory import (
    BASE,
    BLUE,
    RED,
    ffprobe_rotation,
    make_random_bytes,
    make_video,
    make_zero_byte,
    marker_image,
)

pytestmark = [pytest.mark.timeout(120)]  # ffprobe comes with `python3 dev.py test`; missing, the tests fail


def preset(width: int, height: int, **video) -> ExportPreset:
    return ExportPreset(
        id="test",
        label="Test",
        platform="Test",
        width=width,
        height=height,
        kind=("photo", "video"),
        video=VideoLimits(**video),
    )


@pytest.fixture
def out_dir(tmp_path) -> Path:
    d = tmp_path / "exports"
    d.mkdir()
    return d


def clip(
    path: Path,
    size: tuple[int, int] = (320, 240),
    seconds: float = 1.0,
    fps: int = 25,
    *,
    container: str = "mov",
    audio: str | None = None,
    hz: int = 48000,
    channels: int = 1,
    faststart: bool = False,
    pts_jump_at: int | None = None,
    picture: np.ndarray | None = None,
) -> Path:
    """A marker clip with the given audio codec (pcm_s16le, libmp3lame…), unlike the factory's AAC-only one.

    pts_jump_at: frame index from which timestamps jump one hour ahead (a broken camera clock or a hostile
    file), to check that the constant-rate stage does not try to fill the hole with copies.
    """
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"movflags": "+faststart"} if faststart else {}
    out = av.open(str(path), "w", format=container, options=options)
    try:
        vs = out.add_stream("libx264", rate=fps)
        vs.width, vs.height, vs.pix_fmt = size[0], size[1], "yuv420p"
        vs.options = {"preset": "ultrafast", "g": str(fps)}
        astream = None
        if audio is not None:
            astream = out.add_stream(audio, rate=hz)
            astream.layout = "mono" if channels == 1 else "stereo"
        picture = np.asarray(marker_image(size)) if picture is None else picture
        for i in range(max(1, round(seconds * fps))):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = i + (fps * 3600 if pts_jump_at is not None and i >= pts_jump_at else 0)
            out.mux(vs.encode(frame))
        out.mux(vs.encode())
        if astream is not None:
            n = int(hz * seconds)
            t = np.arange(n, dtype=np.float32) / hz
            tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
            samples = np.vstack([tone] * channels)
            aframe = av.AudioFrame.from_ndarray(samples, format="fltp", layout=astream.layout.name)
            aframe.sample_rate, aframe.pts = hz, 0
            out.mux(astream.encode(aframe))
            out.mux(astream.encode())
    finally:
        out.close()
    return path


def ffprobe(path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def stream(info: dict, kind: str) -> dict | None:
    found = [s for s in info["streams"] if s["codec_type"] == kind]
    assert len(found) <= 1
    return found[0] if found else None


def video_pts(path) -> list[float]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "packet=pts_time",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return sorted(float(p["pts_time"]) for p in json.loads(out.stdout)["packets"])


def top_level_boxes(path) -> list[str]:
    """Types of the MP4's top-level boxes, in file order, read from the box headers."""
    boxes = []
    with open(path, "rb") as fh:
        size_total = os.fstat(fh.fileno()).st_size
        pos = 0
        while pos < size_total:
            fh.seek(pos)
            header = fh.read(8)
            assert len(header) == 8, "truncated box header"
            size, kind = int.from_bytes(header[:4], "big"), header[4:].decode("latin-1")
            if size == 1:
                size = int.from_bytes(fh.read(8), "big")
            elif size == 0:
                size = size_total - pos
            assert size >= 8, f"box {kind!r} has an impossible size {size}"
            boxes.append(kind)
            pos += size
        assert pos == size_total
    return boxes


def frame_at(path, index: int = 0) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="rgb24").astype(np.int16)
    raise AssertionError(f"no frame {index} in {path}")


def colour(pixels: np.ndarray, x: int, y: int) -> str:
    """Which marker colour the pixel is nearest to (they are far apart; codecs shift colours a little)."""
    p = pixels[y, x]
    names = {"red": RED, "blue": BLUE, "base": BASE}
    dist = {name: float(np.abs(p - np.array(rgb)).sum()) for name, rgb in names.items()}
    best = min(dist, key=dist.get)
    assert dist[best] < 110, f"pixel {tuple(p)} at ({x}, {y}) matches no marker colour"
    return best


def tone_hz(path) -> float:
    """Dominant frequency of the decoded audio: the source tone is 440 Hz, whatever the sample rate."""
    import av

    with av.open(str(path)) as c:
        frames = [f for f in c.decode(audio=0)]
        rate = frames[0].sample_rate
        samples = np.concatenate([f.to_ndarray()[0] for f in frames])
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))


def assert_h264_mp4(info: dict, width: int, height: int) -> dict:
    v = stream(info, "video")
    assert v["codec_name"] == "h264"
    assert v["profile"] == "High"
    assert v["pix_fmt"] == "yuv420p"
    assert (v["width"], v["height"]) == (width, height)
    assert "mp4" in info["format"]["format_name"]
    return v


def assert_clean_message(exc: ExportError) -> None:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text and len(text) < 300
    assert text.endswith("."), text


# -- output format ------------------------------------------------------------------------------------------
def test_small_export_is_h264_high_aac_constant_rate_with_moov_first(tmp_path, out_dir):
    src = clip(tmp_path / "src" / "pcm.mov", (320, 240), seconds=1.6, fps=25, audio="pcm_s16le", hz=48000)
    assert stream(ffprobe(src), "audio")["codec_name"] == "pcm_s16le"  # the source audio is not AAC
    fractions: list[float] = []
    result = export_video(
        src, preset(180, 320), out_dir / "sortie", focal=(0.5, 0.5), progress=lambda f, label: fractions.append(f)
    )

    out = Path(result.output)
    assert out == out_dir / "sortie.mp4"
    assert sorted(os.listdir(out_dir)) == ["sortie.mp4"]  # no temporary file left beside it
    assert result.bytes == out.stat().st_size and (result.width, result.height) == (180, 320)
    assert result.crop == crop_for(320, 240, 180, 320, even=True).as_tuple() == (92, 0, 136, 240)
    info = ffprobe(out)
    v = assert_h264_mp4(info, 180, 320)
    assert v["r_frame_rate"] == v["avg_frame_rate"] == "25/1"
    assert abs(float(v["duration"]) - 1.6) < 0.05
    pts = video_pts(out)
    assert len(pts) == 40 and np.allclose(np.diff(pts), 1 / 25, atol=1e-3)
    a = stream(info, "audio")
    assert a["codec_name"] == "aac" and int(a["sample_rate"]) == 48000 and a["channels"] == 1
    assert abs(float(a["duration"]) - 1.6) < 0.1
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert any(0.2 < f < 0.9 for f in fractions)  # progress follows the decoded timestamps in between


def test_real_instagram_story_preset_with_mp3_stereo_44k_in_matroska(tmp_path, out_dir):
    src = clip(
        tmp_path / "src" / "mp3.mkv",
        (320, 240),
        seconds=1.0,
        container="matroska",
        audio="libmp3lame",
        hz=44100,
        channels=2,
    )
    assert stream(ffprobe(src), "audio")["codec_name"] == "mp3"
    story = get_preset("instagram-story")
    result = export_video(src, story, out_dir / "story.mp4")

    info = ffprobe(result.output)
    v = assert_h264_mp4(info, 1080, 1920)
    assert Fraction(v["avg_frame_rate"]) == 25
    a = stream(info, "audio")
    assert a["codec_name"] == "aac" and int(a["sample_rate"]) == 44100 and a["channels"] == 2
    assert abs(float(a["duration"]) - 1.0) < 0.05 and abs(float(v["duration"]) - 1.0) < 0.05
    assert abs(tone_hz(result.output) - 440) < 5  # re-encoded at the right speed, not just relabelled
    assert "agrandissement : la source (136x240) est plus petite que le format (1080x1920)" in result.warnings
    assert "la vidéo dure 1 s ; Instagram demande au moins 3 s" in result.warnings


def test_audio_above_48khz_is_resampled_and_silent_source_stays_silent(tmp_path, out_dir):
    loud = clip(tmp_path / "src" / "hires.mov", (160, 120), audio="pcm_s16le", hz=96000, channels=2)
    a = stream(ffprobe(export_video(loud, preset(90, 160), out_dir / "hires").output), "audio")
    assert a["codec_name"] == "aac" and int(a["sample_rate"]) == 48000 and a["channels"] == 2
    assert abs(float(a["duration"]) - 1.0) < 0.05 and abs(tone_hz(out_dir / "hires.mp4") - 440) < 5

    silent = make_video(tmp_path / "src" / "silent.mp4", (160, 120), seconds=1.0)
    info = ffprobe(export_video(silent, preset(90, 160), out_dir / "silent").output)
    assert stream(info, "audio") is None
    assert_h264_mp4(info, 90, 160)


@pytest.mark.parametrize("source_fps, limits, expected", [(15, {}, 30), (120, {}, 60), (120, {"max_fps": 25}, 24)])
def test_frame_rate_is_constant_and_clamped(tmp_path, out_dir, source_fps, limits, expected):
    src = make_video(tmp_path / "src" / f"{source_fps}.mp4", (160, 120), seconds=1.0, fps=source_fps)
    info = ffprobe(export_video(src, preset(90, 160, **limits), out_dir / "rate").output)
    v = stream(info, "video")
    rate = Fraction(v["r_frame_rate"])
    assert rate == Fraction(v["avg_frame_rate"]) == expected
    # within the preset's limits (23–60 fps when it states none), and each source frame shown a whole
    # number of times or every n-th one kept: no stutter
    assert limits.get("min_fps", 23) <= rate <= limits.get("max_fps", 60)
    assert (rate / source_fps).denominator == 1 or (source_fps / rate).denominator == 1
    pts = video_pts(Path(out_dir / "rate.mp4"))
    assert abs(len(pts) - expected) <= 1  # 1 s of picture, duplicated or dropped by timestamp
    assert np.allclose(np.diff(pts), 1 / expected, atol=1e-3)


def test_variable_frame_rate_phone_clip_becomes_constant(tmp_path, out_dir):
    import av

    # A phone-style variable-rate clip: frames 25 to 45 ms apart (about 29 fps), millisecond timestamps.
    src = tmp_path / "src" / "vfr.mp4"
    src.parent.mkdir()
    rng = np.random.default_rng(7)
    gaps = rng.integers(25, 46, size=59)
    times = np.concatenate([[0], np.cumsum(gaps)])
    with av.open(str(src), "w", format="mp4") as out:
        vs = out.add_stream("libx264", rate=1000)
        vs.width, vs.height, vs.pix_fmt = 160, 120, "yuv420p"
        vs.options = {"preset": "ultrafast"}
        picture = np.asarray(marker_image((160, 120)))
        for t in times:
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = int(t)
            out.mux(vs.encode(frame))
        out.mux(vs.encode())
    source = stream(ffprobe(src), "video")
    assert Fraction(source["avg_frame_rate"]) != Fraction(source["r_frame_rate"])  # really variable

    info = ffprobe(export_video(src, preset(90, 160), out_dir / "vfr").output)
    v = stream(info, "video")
    rate = Fraction(v["avg_frame_rate"])
    assert Fraction(v["r_frame_rate"]) == rate == Fraction(30000, 1001)  # the standard rate nearest 27.8
    pts = video_pts(out_dir / "vfr.mp4")
    assert np.allclose(np.diff(pts), 1 / float(rate), atol=1e-3)
    span = (times[-1] + gaps.mean()) / 1000
    assert abs(float(v["duration"]) - span) < 0.1


@pytest.mark.parametrize("container", ["avi", "mkv", "m4v", "3gp", "mov"])
def test_every_indexed_container_exports(tmp_path, out_dir, container):
    src = make_video(
        tmp_path / "src" / f"clip.{container}", (160, 120), seconds=0.6, container=container, audio=container != "avi"
    )
    info = ffprobe(export_video(src, preset(90, 160), out_dir / container).output)
    assert_h264_mp4(info, 90, 160)
    assert (stream(info, "audio") is None) == (container == "avi")
    assert abs(float(info["format"]["duration"]) - 0.6) < 0.1


def test_output_rate_prefers_whole_multiples():
    assert output_rate(Fraction(15), 23, 60) == 30
    assert output_rate(Fraction(12), 23, 60) == 24
    assert output_rate(Fraction(120), 23, 60) == 60
    assert output_rate(Fraction(100), 23, 60) == 50
    assert output_rate(Fraction(2987, 100), 23, 60) == Fraction(30000, 1001)  # a phone's measured "29.87"
    assert output_rate(Fraction(5), 23, 24) == 23  # no whole multiple fits: clamp
    assert output_rate(Fraction(2776, 100), 23, 60) == 30000 / Fraction(1001)  # variable rate: nearest standard
    assert output_rate(Fraction(20), 23, 60) == 40  # exact doubling beats a "standard" 48 or 50
    assert output_rate(None, 23, 60) == 30


# -- geometry -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rotation, coded, target", [(90, (320, 180), (90, 160)), (270, (320, 180), (90, 160)), (180, (320, 180), (160, 90))]
)
def test_phone_rotation_exports_upright(tmp_path, out_dir, rotation, coded, target):
    src = make_video(tmp_path / "src" / f"rot{rotation}.mp4", coded, seconds=0.4, rotation=rotation)
    assert ffprobe_rotation(src) == rotation
    result = export_video(src, preset(*target), out_dir / f"rot{rotation}")
    assert ffprobe_rotation(result.output) == 0  # turned in the pixels, not by a flag players may ignore
    w, h = target
    display = (coded[1], coded[0]) if rotation in (90, 270) else coded
    assert result.crop == (0, 0, *display)  # the displayed frame already has the target's ratio
    px = frame_at(result.output)
    assert px.shape == (h, w, 3)
    # the factory's marker, upright: red band along the top, blue band down the left, base elsewhere
    assert colour(px, w // 2, 2) == "red"
    assert colour(px, 3, h * 6 // 10) == "blue"
    assert colour(px, w - 4, h * 6 // 10) == "base"
    assert colour(px, w // 2, h - 3) == "base"


@pytest.mark.parametrize("rotation", [90, 270])
@pytest.mark.parametrize("side", [90, 400])  # reduced (turned after the scale) or enlarged (turned before)
def test_focal_point_on_a_rotated_clip_is_in_displayed_coordinates(tmp_path, out_dir, rotation, side):
    src = make_video(tmp_path / "src" / "phone.mp4", (640, 360), seconds=0.4, rotation=rotation)
    p = preset(side, side)
    top = export_video(src, p, out_dir / "top", focal=(0.5, 0.05))
    bottom = export_video(src, p, out_dir / "bottom", focal=(0.5, 0.95))
    assert top.crop == (0, 0, 360, 360) and bottom.crop == (0, 280, 360, 360)  # displayed 360×640
    k = side / 90
    # The red band is the displayed frame's top 128 rows: in the top crop, absent from the bottom one.
    high, low = frame_at(top.output), frame_at(bottom.output)
    assert colour(high, int(60 * k), int(10 * k)) == "red"
    assert colour(high, int(60 * k), int(70 * k)) == "base"
    assert colour(low, int(60 * k), int(10 * k)) == "base"
    assert colour(low, int(5 * k), int(45 * k)) == "blue"  # the left band runs the whole height
    assert colour(low, int(85 * k), int(45 * k)) == "base"


def test_focal_point_and_override_move_the_crop(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "wide.mp4", (640, 360), seconds=0.4)
    p = preset(90, 160)
    left = export_video(src, p, out_dir / "left", focal=(0.05, 0.5))
    right = export_video(src, p, out_dir / "right", focal=(0.95, 0.5))
    assert left.crop == crop_for(640, 360, 90, 160, focal=(0.05, 0.5), even=True).as_tuple() == (0, 0, 202, 360)
    assert right.crop == (438, 0, 202, 360)
    # The blue band covers the source's left 128 px: most of the left crop, none of the right one.
    assert colour(frame_at(left.output), 20, 100) == "blue"
    assert colour(frame_at(right.output), 20, 100) == "base"

    box = apply_override(640, 360, 90, 160, (0.0, 0.0, 0.25, 1.0), even=True)
    over = export_video(src, p, out_dir / "override", override=(0.0, 0.0, 0.25, 1.0), focal=(0.95, 0.5))
    assert over.crop == box.as_tuple() and box.x == 0  # the override wins over the focal point
    assert colour(frame_at(over.output), 20, 100) == "blue"


def detail_on_the_left(size: tuple[int, int]) -> np.ndarray:
    """Flat grey with a saturated, detailed band on the left quarter: where a smart crop must look."""
    w, h = size
    picture = np.full((h, w, 3), 128, np.uint8)
    picture[:, : w // 4] = np.random.default_rng(7).integers(0, 256, (h, w // 4, 3), dtype=np.uint8)
    return picture


def test_without_focal_point_a_video_gets_the_smart_crop_of_its_poster_frame(tmp_path, out_dir):
    size = (640, 360)
    src = clip(tmp_path / "src" / "vitrine.mov", size, seconds=1.0, picture=detail_on_the_left(size))
    centred = crop_for(*size, 180, 320, even=True)
    labels: list[str] = []

    result = export_video(src, preset(180, 320), out_dir / "auto", progress=lambda f, label: labels.append(label))

    assert "Cadrage automatique" in labels
    assert result.crop[0] < centred.x // 2  # moved well towards the detailed band
    assert result.crop[2] % 2 == 0 and result.crop[3] % 2 == 0
    # The detail is the left quarter (x < 160): the largest 180:320 window with even sides (202×360 of the
    # 640×360 frame) holds all of it only from the left edge.
    assert result.crop == (0, 0, 202, 360)
    pixels = frame_at(Path(result.output))
    band, grey = pixels[:, : pixels.shape[1] // 3], pixels[:, -pixels.shape[1] // 10 :]
    assert band.std() > 20 > 4 * grey.std()  # the band is in the exported picture, the grey beside it
    assert not any("cadrage" in w for w in result.warnings)

    # a focal point set by the person wins over the automatic frame
    chosen = export_video(src, preset(180, 320), out_dir / "focal", focal=(0.5, 0.5))
    assert chosen.crop == centred.as_tuple()


def test_when_the_automatic_frame_fails_the_clip_is_centred_and_the_warning_says_so(tmp_path, out_dir, monkeypatch):
    from lectoure_media.core.export import smartcrop

    def broken(*args, **kwargs):
        raise RuntimeError("détecteur de visages absent")

    monkeypatch.setattr(smartcrop, "smart_boxes", broken)
    size = (640, 360)
    src = clip(tmp_path / "src" / "vitrine.mov", size, seconds=0.5, picture=detail_on_the_left(size))
    result = export_video(src, preset(180, 320), out_dir / "auto")
    assert result.crop == crop_for(*size, 180, 320, even=True).as_tuple()
    assert "cadrage automatique impossible : la vidéo est cadrée au centre" in result.warnings


def test_fit_mode_keeps_the_whole_frame_over_a_blurred_background(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "wide.mp4", (640, 360), seconds=0.4)
    result = export_video(src, preset(180, 320), out_dir / "fit", mode="fit", focal=(0.0, 0.0))
    assert result.crop == (0, 0, 640, 360)
    px = frame_at(result.output)
    assert px.shape == (320, 180, 3)
    top = (320 - 102) // 2  # the whole 640×360 frame scaled to 180×102, centred
    assert colour(px, 90, top + 5) == "red"
    assert colour(px, 4, top + 60) == "blue"  # the source's left edge is in the picture…
    assert colour(px, 175, top + 60) == "base"  # …and so is its right edge
    assert colour(px, 90, top + 95) == "base"
    # Above and below, a blurred enlargement of the frame, not black bars.
    assert px[40, 90].sum() > 150 and px[300, 90].sum() > 150


# -- duration limits ------------------------------------------------------------------------------------------
def test_too_long_warns_or_trims_and_too_short_warns(tmp_path, out_dir):
    src = clip(tmp_path / "src" / "long.mov", (160, 120), seconds=2.0, audio="pcm_s16le")
    p = preset(90, 160, max_seconds=1.0)

    kept = export_video(src, p, out_dir / "kept")
    assert "la vidéo dure 2 s ; Test accepte au plus 1 s" in kept.warnings
    assert abs(float(ffprobe(kept.output)["format"]["duration"]) - 2.0) < 0.1

    cut = export_video(src, p, out_dir / "cut", trim=True)
    assert any("coupée à 1 s" in w for w in cut.warnings), cut.warnings
    info = ffprobe(cut.output)
    assert abs(float(stream(info, "video")["duration"]) - 1.0) < 0.05
    assert abs(float(stream(info, "audio")["duration"]) - 1.0) < 0.05
    assert len(video_pts(cut.output)) == 25

    short = export_video(src, preset(90, 160, min_seconds=3.0), out_dir / "short")
    assert "la vidéo dure 2 s ; Test demande au moins 3 s" in short.warnings


# -- cancel and failures: never a partial file ----------------------------------------------------------------
def test_cancel_event_stops_promptly_and_leaves_nothing(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "long.mp4", (320, 240), seconds=4.0)
    cancel = threading.Event()
    seen: list[float] = []

    during: list[list[str]] = []

    def progress(fraction: float, label: str) -> None:
        assert not cancel.is_set(), "progress reported after the cancel"
        seen.append(fraction)
        if fraction >= 0.3:
            during.append(os.listdir(out_dir))
            cancel.set()

    with pytest.raises(Cancelled) as info:
        export_video(src, preset(180, 320), out_dir / "annule", progress=progress, cancel=cancel)
    assert_clean_message(info.value)
    assert max(seen) < 0.5  # stopped within a frame or two of the request, not at the end
    # While it ran, the only file was a hidden temporary one that a folder watcher ignores; now nothing.
    assert len(during) == 1 and len(during[0]) == 1
    assert during[0][0].startswith(".annule.") and during[0][0].endswith(".part")
    assert os.listdir(out_dir) == []


def test_cancelled_raised_by_the_callback_leaves_nothing(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "long.mp4", (320, 240), seconds=2.0, audio=True)

    def progress(fraction: float, label: str) -> None:
        if fraction > 0.5:
            raise Cancelled()

    with pytest.raises(Cancelled):
        export_video(src, preset(180, 320), out_dir / "annule", progress=progress)
    assert os.listdir(out_dir) == []


@pytest.mark.parametrize("room", ["none", "all but the last byte"])
def test_disk_full_leaves_nothing_and_says_so(tmp_path, out_dir, monkeypatch, room):
    src = make_video(tmp_path / "src" / "clip.mp4", (320, 240), seconds=1.0, audio=True)
    p = preset(180, 320)
    size = 0
    if room != "none":
        reference = export_video(src, p, tmp_path / "reference")
        size = reference.bytes
    real_write = video_mod._OutputFile.write
    failed_at: list[int] = []

    def full_disk(self, data):
        # A disk with room for `size - 1` bytes: any write that would make the file reach `size` fails.
        # With room for all but the last byte, that is the +faststart pass moving the index to the front.
        if self.tell() + len(data) >= max(size, 1):
            failed_at.append(self.tell())
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(video_mod._OutputFile, "write", full_disk)
    with pytest.raises(ExportError) as info:
        export_video(src, p, out_dir / "plein")
    assert failed_at, "the simulated full disk was never reached"
    assert (failed_at[0] == 0) == (room == "none")
    assert "Le disque du dossier" in str(info.value) and "est plein" in str(info.value)
    assert_clean_message(info.value)
    assert os.listdir(out_dir) == []


def test_existing_output_is_never_replaced(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "clip.mp4", (160, 120), seconds=0.4)
    (out_dir / "clip.mp4").write_bytes(b"keep me")
    result = export_video(src, preset(90, 160), out_dir / "clip.mov")  # a video suffix becomes .mp4
    assert Path(result.output).name == "clip (2).mp4"
    assert (out_dir / "clip.mp4").read_bytes() == b"keep me"


# -- hostile input ----------------------------------------------------------------------------------------------
def _truncated(path: Path, keep: float, **kw) -> Path:
    full = clip(path.with_name("full_" + path.name), (320, 240), seconds=4.0, container="mp4", **kw)
    data = full.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _audio_only(path: Path) -> Path:
    import av

    with av.open(str(path), "w", format="mp4") as out:
        a = out.add_stream("aac", rate=48000)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 48000), np.float32), format="fltp", layout="mono")
        frame.sample_rate, frame.pts = 48000, 0
        out.mux(a.encode(frame))
        out.mux(a.encode())
    return path


@pytest.mark.parametrize(
    "kind", ["random", "zero", "text", "truncated index", "truncated data", "audio only", "folder", "missing"]
)
def test_hostile_inputs_raise_a_french_sentence(tmp_path, out_dir, kind):
    folder = tmp_path / "src"
    folder.mkdir()
    src = folder / "video.mp4"
    if kind == "random":
        make_random_bytes(src, 50_000)
    elif kind == "zero":
        make_zero_byte(src)
    elif kind == "text":
        src.write_text("ceci n'est pas une vidéo\n" * 200, encoding="utf-8")
    elif kind == "truncated index":
        _truncated(src, 0.6)  # index at the end, cut off: nothing says where the frames are
    elif kind == "truncated data":
        _truncated(src, 0.5, faststart=True)  # index first, data cut off: only half the clip decodes
    elif kind == "audio only":
        _audio_only(src)
    elif kind == "folder":
        src.mkdir()
    with pytest.raises(ExportError) as info:
        export_video(src, preset(90, 160), out_dir / "hostile")
    assert not isinstance(info.value, Cancelled)
    assert_clean_message(info.value)
    assert "video.mp4" in str(info.value)
    assert os.listdir(out_dir) == []


def test_timestamp_jump_of_an_hour_is_closed_not_filled(tmp_path, out_dir):
    src = clip(tmp_path / "src" / "jump.mp4", (160, 120), seconds=2.0, container="mp4", pts_jump_at=25)
    assert float(ffprobe(src)["format"]["duration"]) > 3600  # the file claims an hour
    result = export_video(src, preset(90, 160), out_dir / "jump")
    info = ffprobe(result.output)
    assert abs(float(info["format"]["duration"]) - 2.0) < 0.1  # not an hour of copies of one frame
    assert any("saut" in w for w in result.warnings), result.warnings


def test_wrong_preset_or_mode_is_refused_before_any_work(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "clip.mp4", (160, 120), seconds=0.4)
    photo_only = ExportPreset(id="photo", label="Photo seule", width=100, height=100)
    for kwargs in (
        {"preset": photo_only},
        {"preset": preset(90, 160), "mode": "stretch"},
        {"preset": ExportPreset(id="odd", label="Impair", width=91, height=160, kind=("video",))},
    ):
        with pytest.raises(ExportError) as info:
            export_video(src, out_path=out_dir / "x", **kwargs)
        assert_clean_message(info.value)
    assert os.listdir(out_dir) == []


def test_progress_labels_are_french_and_bounded(tmp_path, out_dir):
    src = make_video(tmp_path / "src" / "clip.mp4", (160, 120), seconds=1.0, audio=True)
    calls: list[tuple[float, str]] = []
    export_video(src, preset(90, 160), out_dir / "p", progress=lambda f, label: calls.append((f, label)))
    assert all(0.0 <= f <= 1.0 and not math.isnan(f) for f, _ in calls)
    labels = {label for _, label in calls}
    assert {"Ouverture de la vidéo", "Encodage de la vidéo", "Terminé"} <= labels


def test_video_keeps_artist_and_copyright_not_private_tags(tmp_path, out_dir):
    """The clip's own artist/copyright (or its sidecar's, which win) reach the MP4 as ©ART/cprt, which
    exiftool and ffprobe read; its GPS location and comment stay behind."""
    tagged = tmp_path / "tagged.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:rate=25",
            "-t",
            "1",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-metadata",
            "artist=Éloïse Martin",
            "-metadata",
            "copyright=© Éloïse Martin",
            "-metadata",
            "location=+43.9330+000.6210/",
            "-metadata",
            "comment=Série 0042",
            str(tagged),
        ],
        check=True,
    )
    side = tmp_path / "side.mp4"
    side.write_bytes(tagged.read_bytes())
    (tmp_path / "side.mp4.xmp").write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:creator><rdf:Seq><rdf:li>Service communication</rdf:li></rdf:Seq></dc:creator>"
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Ville de Lectoure</rdf:li></rdf:Alt></dc:rights>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    for src, artist, rights in (
        (tagged, "Éloïse Martin", "© Éloïse Martin"),
        (side, "Service communication", "© Ville de Lectoure"),
    ):
        result = export_video(src, preset(320, 240), out_dir / src.name)
        tags = ffprobe(result.output)["format"]["tags"]
        assert (tags.get("artist"), tags.get("copyright")) == (artist, rights)
        assert not any(k in tags for k in ("location", "location-eng", "comment"))
        out = subprocess.run(["exiftool", "-j", "-a", "-G1", result.output], check=True, capture_output=True, text=True)
        meta = json.loads(out.stdout)[0]
        assert (meta.get("ItemList:Artist"), meta.get("ItemList:Copyright")) == (artist, rights)
        assert not any("GPS" in k or "Comment" in k for k in meta)
