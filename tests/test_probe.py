"""Probing real files of every supported format: what the record says, and what the thumbnail shows."""

from __future__ import annotations

import subprocess
import time

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from lectoure_media.core.media.probe import RECORD_KEYS, probe_file
from lectoure_media.core.media.probe_image import parse_date, probe_image
from lectoure_media.core.media.probe_video import parse_iso6709, probe_video
from lectoure_media.core.media.sniff import detect_format
from lectoure_media.core.media.thumbs import THUMB_SIZE, ThumbCache
from tests.media_factory import (
    BASE,
    BLUE,
    RED,
    build_exif,
    ffprobe_rotation,
    make_heic,
    make_heic_named_jpg,
    make_jpeg,
    make_oriented_set,
    make_png,
    make_tiff,
    make_video,
    make_webp,
    marker_image,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def thumbs(tmp_path):
    return ThumbCache(tmp_path / "thumbs")


@pytest.fixture
def paris_time(monkeypatch):
    """Local time zone fixed to the town's, so UTC -> local conversions have one right answer."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def close_to(pixel, expected, tol=45):
    return all(abs(int(a) - int(b)) <= tol for a, b in zip(pixel, expected, strict=False))


def assert_upright(image_path):
    """The marker pattern as a viewer would show it: red on top, blue on the left, base on the right."""
    with Image.open(image_path) as im:
        im = im.convert("RGB")
        w, h = im.size
        top = im.getpixel((w // 2, int(h * 0.07)))
        left = im.getpixel((int(w * 0.07), int(h * 0.65)))
        right = im.getpixel((int(w * 0.8), int(h * 0.65)))
    assert close_to(top, RED), f"top {top} is not red: picture not upright"
    assert close_to(left, BLUE), f"left {left} is not blue: picture turned or mirrored"
    assert close_to(right, BASE), f"right {right} is not the base colour"


# -- format detection -------------------------------------------------------------------------------------


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00\x00\x00\x08free"


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"RIFF\x10\x00\x00\x00AVI LIST", "avi"),
        (b"RIFF\x10\x00\x00\x00WAVEfmt ", None),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "mkv"),
        (ftyp(b"heic", b"mif1", b"heic"), "heif"),
        (ftyp(b"mif1", b"mif1", b"heic", b"miaf"), "heif"),
        (ftyp(b"msf1", b"msf1", b"hevc"), "heif"),
        (ftyp(b"mif1", b"mif1", b"avif"), None),
        (ftyp(b"avif", b"mif1", b"avif"), None),
        (ftyp(b"qt  ", b"qt  "), "mov"),
        (ftyp(b"3gp4", b"3gp4", b"isom"), "3gp"),
        (ftyp(b"3gg6", b"3gg6"), "3gp"),
        (ftyp(b"M4V ", b"M4V ", b"isom"), "m4v"),
        (ftyp(b"isom", b"isom", b"avc1"), "mp4"),
        (ftyp(b"mp42", b"mp42", b"isom"), "mp4"),
        (ftyp(b"XYZW", b"XYZW", b"mp42"), "mp4"),  # unknown vendor brand, compatible with mp42
        (ftyp(b"M4A ", b"M4A ", b"isom"), "mp4"),  # audio-only brand: the probe then finds no video track
        (ftyp(b"crx ", b"crx "), None),  # Canon CR3 raw
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat", "mov"),  # QuickTime from before the ftyp box
        (b"GIF89a\x01\x00\x01\x00", None),
        (b"%PDF-1.7\n", None),
        (b"BM\x3a\x00\x00\x00", None),
        (b"", None),
        (b"\xff\xd8", None),
    ],
)
def test_detect_format(head, expected):
    assert detect_format(head) == expected


# -- photos -------------------------------------------------------------------------------------------------


def test_jpeg_full_metadata(tmp_path, thumbs):
    path = make_jpeg(
        tmp_path / "cathedrale.jpg",
        size=(400, 300),
        taken_at="2024:05:01 10:00:00",
        gps=(-43.93389, -0.62389, -12.5),
        make="Canon ",
        model="EOS R6\x00",
        orientation=1,
    )
    rec = probe_file(str(path), thumbs)
    assert set(rec) == set(RECORD_KEYS)
    assert rec["status"] == "ok" and rec["error"] is None
    assert (rec["kind"], rec["format"]) == ("photo", "jpeg")
    assert (rec["width"], rec["height"], rec["orientation"]) == (400, 300, 1)
    assert rec["taken_at"] == "2024-05-01T10:00:00"
    assert rec["camera"] == {"make": "Canon", "model": "EOS R6"}
    assert rec["gps"]["lat"] == pytest.approx(-43.93389, abs=1e-6)
    assert rec["gps"]["lon"] == pytest.approx(-0.62389, abs=1e-6)
    assert rec["gps"]["alt"] == pytest.approx(-12.5)
    assert rec["duration"] is None
    assert rec["size"] == path.stat().st_size
    assert rec["mtime_ns"] == path.stat().st_mtime_ns
    assert rec["fingerprint"].startswith(f"{path.stat().st_size:x}-")
    assert rec["thumb"] == rec["fingerprint"]
    thumb = thumbs.get(rec["thumb"])
    with Image.open(thumb) as im:
        assert im.size == (THUMB_SIZE, 240)
    assert_upright(thumb)


def test_gps_north_east_and_above_sea(tmp_path):
    path = make_jpeg(tmp_path / "a.jpg", gps=(43.9339, 0.6239, 150.0))
    assert probe_image(str(path), "jpeg")["gps"] == {
        "lat": pytest.approx(43.9339, abs=1e-6),
        "lon": pytest.approx(0.6239, abs=1e-6),
        "alt": 150.0,
    }


def test_gps_without_altitude(tmp_path):
    path = make_jpeg(tmp_path / "a.jpg", gps=(43.5, 0.5, None))
    assert probe_image(str(path), "jpeg")["gps"] == {"lat": 43.5, "lon": 0.5, "alt": None}


def test_gps_zero_denominator_gives_no_gps(tmp_path):
    exif = build_exif(taken_at="2024:01:01 12:00:00")
    g = exif.get_ifd(0x8825)
    g[1], g[2] = "N", (IFDRational(43, 0), IFDRational(56, 1), IFDRational(2, 1))
    g[3], g[4] = "E", (IFDRational(0, 1), IFDRational(37, 1), IFDRational(26, 1))
    path = tmp_path / "bad_gps.jpg"
    marker_image((64, 48)).save(path, "JPEG", exif=exif)
    fields = probe_image(str(path), "jpeg")
    assert fields["gps"] is None
    assert fields["taken_at"] == "2024-01-01T12:00:00"  # the rest of the EXIF still counts


def test_gps_zero_zero_is_no_fix(tmp_path):
    path = make_jpeg(tmp_path / "a.jpg", gps=(0.0, 0.0, 0.0))
    assert probe_image(str(path), "jpeg")["gps"] is None


@pytest.mark.parametrize(
    "dates, expected",
    [
        (
            {
                "taken_at": "2024:05:01 10:00:00",
                "digitized_at": "2024:05:02 10:00:00",
                "datetime_at": "2024:05:03 10:00:00",
            },
            "2024-05-01T10:00:00",
        ),
        ({"digitized_at": "2024:05:02 11:00:00", "datetime_at": "2024:05:03 10:00:00"}, "2024-05-02T11:00:00"),
        ({"datetime_at": "2024:05:03 12:30:45"}, "2024-05-03T12:30:45"),
        ({"taken_at": "0000:00:00 00:00:00", "datetime_at": "2021:07:14 22:00:00"}, "2021-07-14T22:00:00"),
        ({"taken_at": "2024:13:45 99:00:00"}, None),
        ({"taken_at": "    :  :     :  :  "}, None),
        ({}, None),
    ],
)
def test_taken_at_fallbacks(tmp_path, dates, expected):
    path = make_jpeg(tmp_path / "d.jpg", **dates)
    assert probe_image(str(path), "jpeg")["taken_at"] == expected


def test_parse_date_forms():
    assert parse_date("2024:05:01 10:00:00") == "2024-05-01T10:00:00"
    assert parse_date("2024-05-01T10:00:00+02:00") == "2024-05-01T10:00:00"
    assert parse_date("2024-05-01T10:00") == "2024-05-01T10:00:00"
    assert parse_date("2024:02:30 10:00:00") is None
    assert parse_date("garbage") is None
    assert parse_date(None) is None


@pytest.mark.parametrize("fmt", ["jpeg", "tiff", "webp", "heif"])
def test_eight_orientations_display_the_same(tmp_path, thumbs, fmt):
    files = make_oriented_set(tmp_path / "set", size=(90, 60), fmt=fmt)
    for orientation, path in files.items():
        rec = probe_file(str(path), thumbs)
        assert rec["status"] == "ok", rec["error"]
        assert rec["orientation"] == orientation
        assert (rec["width"], rec["height"]) == (90, 60), f"orientation {orientation}"
        with Image.open(thumbs.get(rec["thumb"])) as im:
            assert im.size == (90, 60)
        assert_upright(thumbs.get(rec["thumb"]))


def test_stored_pixels_really_differ_by_orientation(tmp_path):
    """Guards the test above: the factory must store turned pixels, or the test would prove nothing."""
    files = make_oriented_set(tmp_path / "set", size=(90, 60))
    sizes = {o: Image.open(p).size for o, p in files.items()}
    assert sizes[1] == (90, 60) and sizes[6] == (60, 90) and sizes[8] == (60, 90)
    with Image.open(files[3]) as im:  # stored upside down: red at the bottom
        assert close_to(im.convert("RGB").getpixel((45, 56)), RED)


def test_large_jpeg_thumbnail_is_reduced_and_upright(tmp_path, thumbs):
    path = make_jpeg(tmp_path / "big.jpg", size=(2000, 1500), orientation=6, texture=True)
    rec = probe_file(str(path), thumbs)
    assert (rec["width"], rec["height"]) == (2000, 1500)
    with Image.open(thumbs.get(rec["thumb"])) as im:
        assert im.format == "JPEG"
        assert im.size == (320, 240)
    assert_upright(thumbs.get(rec["thumb"]))


def test_heic_with_rotation(tmp_path, thumbs):
    path = make_heic(
        tmp_path / "IMG_0001.HEIC",
        size=(96, 64),
        taken_at="2023:05:04 12:13:14",
        orientation=6,
        gps=(43.9339, 0.6239, 150.0),
    )
    # the file really stores the picture turned: libheif reports the stored size in the ispe box
    assert b"irot" in path.read_bytes()
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["kind"], rec["format"]) == ("photo", "heif")
    assert (rec["width"], rec["height"]) == (96, 64)
    assert rec["orientation"] == 6
    assert rec["taken_at"] == "2023-05-04T12:13:14"
    assert rec["camera"] == {"make": "Apple", "model": "iPhone 12"}
    assert rec["gps"] == {"lat": pytest.approx(43.9339, abs=1e-6), "lon": pytest.approx(0.6239, abs=1e-6), "alt": 150.0}
    assert_upright(thumbs.get(rec["thumb"]))


def test_heic_with_embedded_thumbnail_reports_the_full_size(tmp_path, thumbs):
    # iPhone-like: a 320 px thumbnail inside; the probe uses it but must report the photo's own size
    path = make_heic(
        tmp_path / "IMG_0003.HEIC", size=(1200, 900), orientation=6, thumbnails=[320], taken_at="2024:07:14 11:00:00"
    )
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["width"], rec["height"], rec["orientation"]) == (1200, 900, 6)
    assert rec["taken_at"] == "2024-07-14T11:00:00"
    with Image.open(thumbs.get(rec["thumb"])) as im:
        assert im.size == (320, 240)
    assert_upright(thumbs.get(rec["thumb"]))


def test_heic_named_jpg_is_probed_as_heif(tmp_path, thumbs):
    path = make_heic_named_jpg(tmp_path / "export.jpg", size=(64, 48), taken_at="2022:08:15 09:00:00")
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["kind"], rec["format"]) == ("photo", "heif")
    assert (rec["width"], rec["height"]) == (64, 48)
    assert rec["taken_at"] == "2022-08-15T09:00:00"


def test_png_text_date_and_transparency(tmp_path, thumbs):
    path = make_png(tmp_path / "capture.png", size=(80, 60), creation_time="2024-03-10T08:30:00", mode="RGBA")
    rec = probe_file(str(path), thumbs)
    assert (rec["format"], rec["width"], rec["height"]) == ("png", 80, 60)
    assert rec["taken_at"] == "2024-03-10T08:30:00"
    assert rec["orientation"] is None and rec["gps"] is None
    assert rec["camera"] == {"make": None, "model": None}
    assert_upright(thumbs.get(rec["thumb"]))


def test_png_rfc1123_creation_time(tmp_path):
    path = make_png(tmp_path / "a.png", creation_time="Sat, 04 May 2024 10:00:00 GMT")
    assert probe_image(str(path), "png")["taken_at"] == "2024-05-04T10:00:00"


def test_png_16_bit_thumbnail_keeps_its_tones(tmp_path, thumbs):
    path = tmp_path / "scan16.png"
    Image.new("I;16", (40, 30), 32768).save(path)  # mid-grey in 16 bits
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok"
    with Image.open(thumbs.get(rec["thumb"])) as im:
        value = im.convert("L").getpixel((20, 15))
    assert 110 <= value <= 145, value  # not clipped to white


def test_tiff(tmp_path, thumbs):
    path = make_tiff(
        tmp_path / "scan.tif", size=(90, 60), taken_at="2021:01:02 03:04:05", orientation=8, make="Epson", model="V600"
    )
    rec = probe_file(str(path), thumbs)
    assert (rec["format"], rec["kind"]) == ("tiff", "photo")
    assert (rec["width"], rec["height"], rec["orientation"]) == (90, 60, 8)
    assert rec["taken_at"] == "2021-01-02T03:04:05"
    assert rec["camera"] == {"make": "Epson", "model": "V600"}
    assert_upright(thumbs.get(rec["thumb"]))


def test_webp(tmp_path, thumbs):
    path = make_webp(tmp_path / "a.webp", size=(80, 60), taken_at="2022:02:03 04:05:06", gps=(-33.5, -70.25, 10))
    rec = probe_file(str(path), thumbs)
    assert (rec["format"], rec["width"], rec["height"]) == ("webp", 80, 60)
    assert rec["taken_at"] == "2022-02-03T04:05:06"
    assert rec["gps"] == {"lat": -33.5, "lon": -70.25, "alt": 10.0}
    assert_upright(thumbs.get(rec["thumb"]))


def test_probe_without_thumbnail_cache(tmp_path):
    path = make_jpeg(tmp_path / "a.jpg", size=(120, 80), orientation=8)
    rec = probe_file(str(path), None)
    assert rec["status"] == "ok" and rec["thumb"] is None
    assert (rec["width"], rec["height"]) == (120, 80)


def test_thumbnail_failure_keeps_the_photo_valid(tmp_path):
    cache = ThumbCache(tmp_path / "thumbs")
    path = make_jpeg(tmp_path / "a.jpg", size=(64, 48))
    rec0 = probe_file(str(path), None)
    # a plain file where the shard folder of this key must go: the cache cannot write there
    cache.path_for(rec0["fingerprint"]).parent.write_bytes(b"in the way")
    rec = probe_file(str(path), cache)
    assert rec["status"] == "ok" and rec["error"] is None
    assert rec["thumb"] is None
    assert (rec["width"], rec["height"]) == (64, 48)


# -- videos -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("container", ["mp4", "mov", "m4v", "3gp", "mkv", "avi"])
def test_video_containers(tmp_path, thumbs, container):
    path = make_video(tmp_path / f"clip.{container}", size=(96, 64), seconds=1.0, fps=10, container=container)
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["kind"], rec["format"]) == ("video", container)
    assert (rec["width"], rec["height"]) == (96, 64)
    assert rec["duration"] == pytest.approx(1.0, abs=0.15)
    assert rec["orientation"] is None
    assert_upright(thumbs.get(rec["thumb"]))


@pytest.mark.parametrize("container", ["mp4", "mkv"])
def test_poster_is_taken_past_a_dark_opening(tmp_path, thumbs, container):
    # 6 s clip, black for its first second, a keyframe every second: the poster (~10 % in) shows the scene
    path = make_video(
        tmp_path / f"fondu.{container}", size=(96, 64), seconds=6.0, fps=10, container=container, black_seconds=1.0
    )
    rec = probe_file(str(path), thumbs)
    assert rec["duration"] == pytest.approx(6.0, abs=0.2)
    assert_upright(thumbs.get(rec["thumb"]))


def ffmpeg_displayed_size(path, tmp_path):
    """Size of a frame as ffmpeg shows it (it applies the display matrix by default): independent truth."""
    out = tmp_path / "ffmpeg_frame.png"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(path), "-frames:v", "1", str(out)], check=True)
    with Image.open(out) as im:
        return im.size


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_video(tmp_path, thumbs, rotation):
    path = make_video(
        tmp_path / f"portrait_{rotation}.mp4", size=(128, 96), seconds=1.0, fps=10, rotation=rotation, audio=True
    )
    assert ffprobe_rotation(path) in (rotation, rotation - 360), "the factory must write a display matrix"
    rec = probe_file(str(path), thumbs)
    assert rec["status"] == "ok", rec["error"]
    expected = (96, 128) if rotation in (90, 270) else (128, 96)
    assert (rec["width"], rec["height"]) == expected
    assert ffmpeg_displayed_size(path, tmp_path) == expected
    with Image.open(thumbs.get(rec["thumb"])) as im:
        assert im.size == expected
    assert_upright(thumbs.get(rec["thumb"]))


def test_video_creation_time_in_local_time(tmp_path, paris_time):
    path = make_video(tmp_path / "a.mp4", creation_time="2024-06-01T10:20:30.000000Z")
    assert probe_video(str(path), "mp4")["taken_at"] == "2024-06-01T12:20:30"  # CEST = UTC+2
    path = make_video(tmp_path / "b.mp4", creation_time="2024-01-15T10:00:00Z")
    assert probe_video(str(path), "mp4")["taken_at"] == "2024-01-15T11:00:00"  # CET = UTC+1


@pytest.mark.parametrize("stamp", ["1970-01-01T00:00:00Z", "1904-01-01T00:00:00Z"])
def test_video_epoch_zero_date_is_no_date(tmp_path, stamp):
    path = make_video(tmp_path / "a.mp4", creation_time=stamp)
    assert probe_video(str(path), "mp4")["taken_at"] is None


def test_iphone_style_mov(tmp_path, paris_time):
    path = make_video(
        tmp_path / "IMG_0002.MOV",
        size=(96, 64),
        container="mov",
        rotation=270,
        creation_time="2024-06-01T08:00:00Z",
        apple_creationdate="2024-06-01T12:20:30+0200",
        make="Apple",
        model="iPhone 12",
        location="+43.9339+000.6239+150.000/",
    )
    fields = probe_video(str(path), "mov")
    assert (fields["width"], fields["height"]) == (64, 96)
    # Apple's creationdate (local wall clock of the capture) wins over the UTC container date
    assert fields["taken_at"] == "2024-06-01T12:20:30"
    assert fields["camera"] == {"make": "Apple", "model": "iPhone 12"}
    assert fields["gps"] == {"lat": 43.9339, "lon": 0.6239, "alt": 150.0}


def test_mp4_location_tag(tmp_path):
    path = make_video(tmp_path / "a.mp4", location="-33.4500-070.6667/")
    assert probe_video(str(path), "mp4")["gps"] == {"lat": -33.45, "lon": -70.6667, "alt": None}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+43.9339+000.6239+150.000/", {"lat": 43.9339, "lon": 0.6239, "alt": 150.0}),
        ("-33.45-070.6667-12.5/", {"lat": -33.45, "lon": -70.6667, "alt": -12.5}),
        (
            "+4356.034+00037.434/",
            {"lat": pytest.approx(43.9339, abs=1e-4), "lon": pytest.approx(0.6239, abs=1e-4), "alt": None},
        ),
        (
            "+435602.04+0003726.04/",
            {"lat": pytest.approx(43.9339, abs=1e-4), "lon": pytest.approx(0.6239, abs=1e-4), "alt": None},
        ),
        ("+95.0+000.0/", None),
        ("+00.0000+000.0000/", None),
        ("nowhere", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso6709(text, expected):
    assert parse_iso6709(text) == expected


def test_embedded_keywords_are_read_and_hostile_blocks_ignored(tmp_path):
    """The probe reads a photo's own keywords (XMP, else IPTC); an entity-laden, oversized or garbage block
    costs only those keywords, never the photo."""
    from lectoure_media.core.sidecar import MAX_SIDECAR_BYTES

    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:lr="http://ns.adobe.com/lightroom/1.0/">'
        "<lr:hierarchicalSubject><rdf:Bag><rdf:li>Patrimoine|Halle</rdf:li>"
        "<rdf:li>Mots-clés|marché</rdf:li></rdf:Bag></lr:hierarchicalSubject>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    good = tmp_path / "good.jpg"
    Image.new("RGB", (64, 48), BASE).save(good, "JPEG", xmp=packet.encode())
    assert probe_file(str(good), None)["embedded"] == {
        "tags": {"heritage": ["Halle"], "keywords": ["marché"]},
        "categories": {},
    }
    entity = tmp_path / "entity.jpg"
    Image.new("RGB", (64, 48), BASE).save(entity, "JPEG", xmp=b'<!DOCTYPE x [<!ENTITY a "b">]>' + packet.encode())
    huge = tmp_path / "huge.tif"
    padded = packet.replace("</x:xmpmeta>", "<!--" + "x" * MAX_SIDECAR_BYTES + "--></x:xmpmeta>")
    Image.new("RGB", (64, 48), BASE).save(huge, "TIFF", tiffinfo={700: padded.encode()})
    garbage = tmp_path / "iptc.jpg"
    Image.new("RGB", (64, 48), BASE).save(garbage, "JPEG")
    # an APP13 Photoshop block whose IPTC resource announces more bytes than it holds
    data = garbage.read_bytes()
    body = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + (5000).to_bytes(4, "big") + b"\x1c\x02\x19\xff\xff"
    garbage.write_bytes(data[:2] + b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body + data[2:])
    for path in (entity, huge, garbage):
        rec = probe_file(str(path), None)
        assert (rec["status"], rec["embedded"]) == ("ok", None), path.name
