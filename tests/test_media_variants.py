"""Media as they really come, not only modern and clean: old QuickTime without ftyp, HEVC and 10-bit video,
tiled (grid) HEIC, progressive and CMYK JPEG. Each is probed right, gets an upright thumbnail in the right
colours, and exports to a photo or video preset with the right colours and orientation."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest
from PIL import Image

from lectoure_media.core.export import ExportError
from lectoure_media.core.export.image import export_photo
from lectoure_media.core.export.presets import ExportPreset, VideoLimits
from lectoure_media.core.export.video import export_video
from lectoure_media.core.media.frames import load_video_frame
from lectoure_media.core.media.probe import probe_file
from lectoure_media.core.media.sniff import HEAD_SIZE, detect_format
from lectoure_media.core.media.thumbs import ThumbCache
from tests.media_factory import (
    BASE,
    BLUE,
    OLD_QUICKTIME_FIRST_ATOMS,
    RED,
    heif_primary_type,
    make_cmyk_jpeg,
    make_heic,
    make_old_quicktime,
    make_progressive_jpeg,
    make_random_bytes,
    make_truncated_heic,
    make_video,
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def thumbs(tmp_path):
    return ThumbCache(tmp_path / "thumbs")


@pytest.fixture
def utc(monkeypatch):
    """Local time zone fixed to UTC, so video dates (stored in UTC) have one right answer."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def out_dir(tmp_path):
    d = tmp_path / "exports"
    d.mkdir()
    return d


def video_preset(width: int, height: int) -> ExportPreset:
    return ExportPreset(
        id="test",
        label="Test",
        platform="Test",
        width=width,
        height=height,
        kind=("photo", "video"),
        video=VideoLimits(),
    )


def photo_preset(width: int, height: int) -> ExportPreset:
    return ExportPreset(id="test", label="Test", width=width, height=height)


def ffprobe(path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def nearest(pixel) -> str:
    """Which marker colour a pixel shows (they are far apart; codecs and CMYK round trips shift a little)."""
    names = {"red": RED, "blue": BLUE, "base": BASE}
    dist = {name: sum(abs(int(a) - int(b)) for a, b in zip(pixel, rgb, strict=False)) for name, rgb in names.items()}
    best = min(dist, key=dist.get)
    assert dist[best] < 110, f"pixel {tuple(pixel)} matches no marker colour (a negative? a green tile?)"
    return best


def assert_upright(image: Image.Image) -> None:
    """The marker pattern as a viewer shows it: red on top, blue on the left, base colour on the right."""
    im = image.convert("RGB")
    w, h = im.size
    assert nearest(im.getpixel((w // 2, int(h * 0.07)))) == "red", "not upright"
    assert nearest(im.getpixel((int(w * 0.07), int(h * 0.65)))) == "blue", "turned or mirrored"
    assert nearest(im.getpixel((int(w * 0.8), int(h * 0.65)))) == "base"


def assert_thumb_upright(rec, thumbs, size) -> None:
    assert rec["thumb"], "no thumbnail"
    with Image.open(thumbs.get(rec["thumb"])) as im:
        assert max(im.size) == min(320, max(size))
        assert abs(im.width / im.height - size[0] / size[1]) < 0.05
        assert_upright(im)


def first_frame(path) -> Image.Image:
    import av

    with av.open(str(path)) as c:
        for frame in c.decode(video=0):
            return frame.to_image()
    raise AssertionError(f"no frame in {path}")


def tone_hz(path) -> float:
    """Dominant frequency of the decoded audio (the factory records a 440 Hz tone)."""
    import av

    with av.open(str(path)) as c:
        frames = list(c.decode(audio=0))
        rate = frames[0].sample_rate
        samples = np.concatenate([f.to_ndarray()[0] for f in frames])
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))


def assert_8bit_h264(path, width, height) -> None:
    info = ffprobe(path)
    video = [s for s in info["streams"] if s["codec_type"] == "video"][0]
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == (width, height)
    assert_upright(first_frame(path))


# -- old QuickTime: no ftyp, the file opens with another atom (issue 8, item 8) ------------------------------


@pytest.mark.parametrize("first", OLD_QUICKTIME_FIRST_ATOMS)
def test_old_quicktime_is_probed_thumbnailed_and_exported(tmp_path, thumbs, out_dir, utc, first):
    path = make_old_quicktime(
        tmp_path / f"100_0042_{first}.MOV",
        first,
        size=(160, 120),
        seconds=1.0,
        creation_time="2005-07-14T10:11:12Z",
        audio=True,
    )
    data = path.read_bytes()
    assert data[4:8] == first.encode() and b"ftyp" not in data
    # ffmpeg's own reader agrees it is a playable movie: an independent check of the factory's output.
    streams = {s["codec_type"]: s for s in ffprobe(path)["streams"]}
    assert (streams["video"]["codec_name"], streams["video"]["width"], streams["video"]["height"]) == (
        "mjpeg",
        160,
        120,
    )
    assert (streams["audio"]["codec_name"], streams["audio"]["sample_rate"]) == ("pcm_u8", "11025")

    assert detect_format(data[:HEAD_SIZE]) == "mov"
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["kind"], rec["format"], rec["width"], rec["height"]) == ("video", "mov", 160, 120)
    assert rec["duration"] == pytest.approx(1.0, abs=0.05)
    assert rec["taken_at"] == "2005-07-14T10:11:12"
    assert_thumb_upright(rec, thumbs, (160, 120))
    assert_upright(load_video_frame(str(path), 0.5).image)  # the crop editor's frame

    result = export_video(path, video_preset(160, 120), out_dir / "clip.mp4", focal=(0.5, 0.5))
    assert_8bit_h264(result.output, 160, 120)
    assert abs(tone_hz(result.output) - 440) < 20  # the camera's sound, read from the right offsets


def test_kodak_style_skip_atom_with_a_large_payload(tmp_path, thumbs):
    """The camera's skip atom can be longer than the bytes sniffed: the file is still offered to the demuxer."""
    small = make_old_quicktime(tmp_path / "small.mov", "skip").read_bytes()
    size = int.from_bytes(small[:4], "big")
    big = (size + 2 * HEAD_SIZE).to_bytes(4, "big") + b"skip" + small[8:size] + bytes(2 * HEAD_SIZE)
    rest = bytearray(small[size:])
    path = tmp_path / "kodak.mov"
    # Chunk offsets point into mdat: shift them by what the skip atom grew (the factory's own helper).
    from tests.media_factory import _boxes, _shift_chunk_offsets

    moov_at = next(s - 8 for kind, s, e in _boxes(bytes(rest)) if kind == b"moov")
    moov = bytearray(rest[moov_at:])
    _shift_chunk_offsets(moov, 2 * HEAD_SIZE)
    path.write_bytes(big + bytes(rest[:moov_at]) + bytes(moov))
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert_thumb_upright(rec, thumbs, (160, 120))


def _quicktime_lookalikes(tmp_path):
    good = make_old_quicktime(tmp_path / "good.mov", "skip").read_bytes()
    skip_len = int.from_bytes(good[:4], "big")
    random = make_random_bytes(tmp_path / "r.bin", 6000, seed=7).read_bytes()
    return {
        "skip then random bytes": good[:skip_len] + random,
        "free atom then random bytes": b"\x00\x00\x00\x10free" + bytes(8) + random,
        "only free space": b"\x00\x00\x00\x08wide" + b"\x00\x00\x00\x20free" + bytes(24),
        "skip then mdat, no movie header": good[: good.index(b"moov") - 4],
        "moov atom of random bytes": len(random[:3000]).to_bytes(4, "big") + b"moov" + random[:2992],
        "mdat of random bytes": (8 + 5000).to_bytes(4, "big") + b"mdat" + random[:5000],
    }


@pytest.mark.parametrize(
    "case",
    [
        "skip then random bytes",
        "free atom then random bytes",
        "only free space",
        "skip then mdat, no movie header",
        "moov atom of random bytes",
        "mdat of random bytes",
    ],
)
def test_quicktime_lookalike_without_a_movie_is_refused_with_a_reason(tmp_path, thumbs, out_dir, case):
    path = tmp_path / "faux.mov"
    path.write_bytes(_quicktime_lookalikes(tmp_path)[case])
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "error"
    assert rec["error"] and "\n" not in rec["error"] and "Traceback" not in rec["error"]
    assert rec["thumb"] is None and rec["width"] is None
    with pytest.raises(ExportError) as caught:
        export_video(path, video_preset(160, 120), out_dir / "x.mp4")
    assert "faux.mov" in str(caught.value) and "\n" not in str(caught.value)
    assert list(out_dir.iterdir()) == []


def test_random_bytes_are_not_quicktime(tmp_path, thumbs):
    path = make_random_bytes(tmp_path / "random.mov", 8192, seed=11)
    rec = probe_file(str(path), thumbs)
    assert (rec["status"], rec["error"]) == ("error", "format non reconnu")


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"\x00\x00\x00\x48skip" + b"KODAK DX4530".ljust(64, b"\x00") + b"\x00\x00\x10\x00mdat", "mov"),
        (b"\x00\x00\x20\x08skip" + bytes(HEAD_SIZE), "mov"),  # free space longer than the head: demuxer decides
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x20free" + bytes(24), None),  # a whole file of free space
        (b"\x00\x00\x00\x20free" + bytes(24) + b"\x00\x00\x10\x00mdat", "mov"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat", "mov"),
        (b"\x00\x00\x00\x14pnot\xbc\x19\x13\x80\x00\x00PICT\x00\x01", "mov"),
        (b"\x00\x00\x00\x01mdat\x00\x00\x00\x01\x00\x00\x00\x00", "mov"),  # 64-bit mdat size
        (b"\x00\x00\x03\xadmoov\x00\x00\x00\x6cmvhd", "mov"),
        (b"\x00\x00\x00\x08free\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "mov"),
        (b"\x00\x00\x00\x08free\x00\x00\x00\x14ftypisom\x00\x00\x02\x00isom", "mp4"),
        (b"\x00\x00\x00\x08free\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", None),  # HEIF wants ftyp first
        (b"\x00\x00\x00\x08skip\x00\x00\x00\x08ABCD", None),  # free space, then not a QuickTime atom
        (b"\x00\x00\x00\x04skip", None),  # impossible atom size
        (b"\x00\x00\x00\x00free", None),  # free space to the end of the file: nothing else
        (b"\x00\x00\x00\x01mdat\x00\x00\x00\x00\x00\x00\x00\x03", None),  # 64-bit size smaller than its header
        (b"\x00\x00\x00\x01free\x00\x00\x00\x00\x00\x00\x00\x18" + bytes(8) + b"\x00\x00\x00\x08moov", "mov"),
    ],
)
def test_detect_old_quicktime(head, expected):
    assert detect_format(head) == expected


# -- HEVC and 10-bit video -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "container, codec, pix_fmt, rotation",
    [
        ("mov", "libx265", "yuv420p", None),  # iPhone "high efficiency"
        ("mov", "libx265", "yuv420p10le", 90),  # iPhone HDR portrait clip: 10-bit HEVC, turned
        ("mp4", "libx264", "yuv420p10le", None),  # 10-bit H.264 (cameras, screen recorders)
    ],
)
def test_hevc_and_10_bit_video(tmp_path, thumbs, out_dir, container, codec, pix_fmt, rotation):
    path = make_video(
        tmp_path / f"clip.{container}",
        (320, 240),
        seconds=1.0,
        container=container,
        codec=codec,
        pix_fmt=pix_fmt,
        rotation=rotation,
    )
    stream = [s for s in ffprobe(path)["streams"] if s["codec_type"] == "video"][0]
    assert (stream["codec_name"], stream["pix_fmt"]) == ({"libx265": "hevc", "libx264": "h264"}[codec], pix_fmt)
    shown = (240, 320) if rotation else (320, 240)

    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["kind"], rec["format"], rec["width"], rec["height"]) == ("video", container, *shown)
    assert rec["duration"] == pytest.approx(1.0, abs=0.05)
    assert_thumb_upright(rec, thumbs, shown)

    result = export_video(path, video_preset(*shown), out_dir / "clip.mp4", focal=(0.5, 0.5))
    assert_8bit_h264(result.output, *shown)


# -- photos: tiled HEIC, progressive JPEG, CMYK JPEG --------------------------------------------------------


@pytest.mark.parametrize("bits", [8, 10])
def test_grid_heic_turned_with_thumbnail(tmp_path, thumbs, out_dir, bits):
    # 700 x 500 in 256 px tiles: the last row and column of tiles are cropped, as on a 4032 x 3024 iPhone photo.
    path = make_heic(
        tmp_path / "IMG_0100.HEIC",
        (700, 500),
        taken_at="2024:03:02 08:09:10",
        orientation=6,
        thumbnails=[160],
        grid_tile=256,
        bits=bits,
    )
    assert heif_primary_type(path) == b"grid"
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["kind"], rec["format"], rec["width"], rec["height"]) == ("photo", "heif", 700, 500)
    assert (rec["orientation"], rec["taken_at"]) == (6, "2024-03-02T08:09:10")
    assert_thumb_upright(rec, thumbs, (700, 500))
    result = export_photo(path, photo_preset(350, 250), out_dir / "out.jpg", focal=(0.5, 0.5))
    with Image.open(result.output) as im:
        assert im.size == (350, 250)
        assert_upright(im)
        # The bottom-right corner comes from the cropped last tile: the base colour, not a green fill.
        assert nearest(im.getpixel((345, 245))) == "base"


def test_progressive_jpeg_turned(tmp_path, thumbs, out_dir):
    path = make_progressive_jpeg(tmp_path / "web.jpg", (640, 480), taken_at="2021:09:18 14:00:00", orientation=6)
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["format"], rec["width"], rec["height"], rec["orientation"]) == ("jpeg", 640, 480, 6)
    assert rec["taken_at"] == "2021-09-18T14:00:00"
    assert_thumb_upright(rec, thumbs, (640, 480))
    result = export_photo(path, photo_preset(320, 240), out_dir / "out.jpg", focal=(0.5, 0.5))
    with Image.open(result.output) as im:
        assert im.size == (320, 240)
        assert_upright(im)


def test_cmyk_jpeg_is_not_shown_as_a_negative(tmp_path, thumbs, out_dir):
    path = make_cmyk_jpeg(tmp_path / "affiche.jpg", (640, 480), taken_at="2022:11:05 09:30:00")
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["format"], rec["width"], rec["height"], rec["taken_at"]) == ("jpeg", 640, 480, "2022-11-05T09:30:00")
    assert_thumb_upright(rec, thumbs, (640, 480))
    for fmt in ("jpeg", "png"):
        preset = ExportPreset(id="t", label="T", width=320, height=240, format=fmt)
        result = export_photo(path, preset, out_dir / f"out.{fmt}", focal=(0.5, 0.5))
        with Image.open(result.output) as im:
            assert im.mode == "RGB" and im.size == (320, 240)
            assert_upright(im)
            arr = np.asarray(im)
        assert abs(arr[120:, 200:].reshape(-1, 3).mean(axis=0) - np.array(BASE)).max() < 25


# -- end to end, through the command line ------------------------------------------------------------------


def test_cli_scan_list_and_export_of_old_quicktime_and_truncated_heic(tmp_path):
    root = tmp_path / "Partage"
    make_old_quicktime(root / "2005" / "100_0042.MOV", "skip", creation_time="2005-07-14T10:11:12Z")
    make_truncated_heic(root / "IMG_0042.HEIC", keep=0.75)
    make_truncated_heic(root / "IMG_0043.HEIC", keep=1.0)
    data = tmp_path / "data"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    scan = run("scan", str(root), "--json")
    assert scan.returncode == 0, scan.stderr
    errors = json.loads(scan.stdout)["errors"]
    assert [e["path"] for e in errors] == [str(root / "IMG_0042.HEIC")]
    assert "tronquée" in errors[0]["reason"]
    listed = {
        item["relpath"]: item
        for item in (json.loads(line) for line in run("list", "--json").stdout.splitlines() if line.strip())
    }
    assert (listed["2005/100_0042.MOV"]["status"], listed["2005/100_0042.MOV"]["kind"]) == ("ok", "video")
    assert listed["IMG_0043.HEIC"]["status"] == "ok"
    assert listed["IMG_0042.HEIC"]["status"] == "error" and "tronquée" in listed["IMG_0042.HEIC"]["error"]

    out = tmp_path / "exports"
    out.mkdir()
    refused = run("export", str(root / "IMG_0042.HEIC"), "--preset", "instagram-portrait", "--out", str(out))
    assert refused.returncode == 1
    assert "tronquée" in refused.stderr and "Traceback" not in refused.stderr
    assert list(out.iterdir()) == []
    done = run("export", str(root / "2005" / "100_0042.MOV"), "--preset", "x-post", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    assert_8bit_h264(json.loads(done.stdout)[0]["output"], 1600, 900)
