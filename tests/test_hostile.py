"""Broken and hostile files: each becomes a record with a French reason, quickly, never a traceback or hang."""

from __future__ import annotations

import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from lectoure_media.core.media.pool import ProbePool
from lectoure_media.core.media.probe import RECORD_KEYS, probe_file
from lectoure_media.core.media.sniff import detect_format
from lectoure_media.core.media.thumbs import ThumbCache
from tests.media_factory import (
    make_exif_garbage_jpeg,
    make_exif_ifd_loop,
    make_heic,
    make_jpeg,
    make_png_bomb,
    make_random_bytes,
    make_truncated_heic,
    make_truncated_jpeg,
    make_video,
    make_zero_byte,
    marker_image,
)

pytestmark = pytest.mark.timeout(120)

# A probe of a small hostile file that takes longer than this has gone wrong (a hang, a bomb decoded).
QUICK = 5.0


def probe_quickly(path, thumbs=None):
    t0 = time.monotonic()
    rec = probe_file(str(path), thumbs)
    elapsed = time.monotonic() - t0
    assert elapsed < QUICK, f"{path} took {elapsed:.1f} s"
    assert set(rec) == set(RECORD_KEYS)
    return rec


def assert_error(rec, *fragments):
    assert rec["status"] == "error"
    reason = rec["error"]
    assert isinstance(reason, str) and reason.strip()
    assert "Traceback" not in reason and "\n" not in reason
    for fragment in fragments:
        assert fragment in reason, reason
    for key in ("format", "width", "height", "taken_at", "gps", "duration", "thumb"):
        assert rec[key] is None, key


@pytest.fixture
def thumbs(tmp_path):
    return ThumbCache(tmp_path / "thumbs")


def test_truncated_jpeg(tmp_path, thumbs):
    path = make_truncated_jpeg(tmp_path / "coupe.jpg", size=(256, 192))
    rec = probe_quickly(path, thumbs)
    assert_error(rec, "tronquées")
    assert rec["kind"] == "photo"
    assert rec["size"] == path.stat().st_size
    assert rec["fingerprint"]  # readable, so identifiable: a retry happens only when the file changes


def test_truncated_jpeg_without_thumbnail_cache_is_still_an_error(tmp_path):
    path = make_truncated_jpeg(tmp_path / "coupe.jpg", size=(256, 192))
    assert_error(probe_quickly(path, None), "tronquées")


def test_random_bytes_named_jpg(tmp_path, thumbs):
    rec = probe_quickly(make_random_bytes(tmp_path / "photo.jpg", 5000), thumbs)
    assert_error(rec)
    assert rec["error"] == "format non reconnu"
    assert rec["kind"] == "photo" and rec["size"] == 5000


def test_zero_byte_file(tmp_path, thumbs):
    rec = probe_quickly(make_zero_byte(tmp_path / "vide.mp4"), thumbs)
    assert_error(rec, "vide")
    assert rec["kind"] == "video" and rec["size"] == 0


def test_text_file_named_mp4(tmp_path, thumbs):
    path = tmp_path / "film.mp4"
    path.write_text("ceci n'est pas une vidéo\n" * 50, encoding="utf-8")
    assert probe_quickly(path, thumbs)["error"] == "format non reconnu"


def test_gif_is_not_in_the_allow_list(tmp_path, thumbs):
    path = tmp_path / "anim.jpg"
    marker_image((32, 24)).save(path, "GIF")
    assert probe_quickly(path, thumbs)["error"] == "format non reconnu"


def test_png_bomb_20000_squared(tmp_path, thumbs):
    path = make_png_bomb(tmp_path / "bombe.png", 20000, 20000)
    assert path.stat().st_size < 200_000  # small on disk, 400 megapixels once decoded
    rec = probe_quickly(path, thumbs)
    assert_error(rec, "trop grande")


def test_image_in_pillows_warning_band_is_refused(tmp_path, thumbs):
    # 108 MP: above MAX_IMAGE_PIXELS but below 2x, where Pillow on its own only warns and decodes anyway
    assert Image.MAX_IMAGE_PIXELS < 12000 * 9000 < 2 * Image.MAX_IMAGE_PIXELS
    path = make_png_bomb(tmp_path / "large.png", 12000, 9000)
    assert_error(probe_quickly(path, thumbs), "trop grande")


def test_exif_ifd_loop_does_not_hang(tmp_path, thumbs):
    # the pixels are fine: a photo with looping EXIF stays a photo, with what metadata could be read
    path = make_exif_ifd_loop(tmp_path / "boucle.jpg")
    rec = probe_quickly(path, thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["width"], rec["height"]) == (64, 48)
    assert rec["camera"] == {"make": "Cam", "model": None}
    assert rec["taken_at"] is None and rec["gps"] is None
    assert thumbs.get(rec["thumb"]) is not None


def test_garbage_exif_is_ignored_not_fatal(tmp_path, thumbs):
    rec = probe_quickly(make_exif_garbage_jpeg(tmp_path / "exif.jpg"), thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert rec["camera"] == {"make": None, "model": None} and rec["gps"] is None


def test_jpeg_header_then_garbage(tmp_path, thumbs):
    path = tmp_path / "faux.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)
    assert_error(probe_quickly(path, thumbs))


def test_heic_header_then_garbage(tmp_path, thumbs):
    good = make_heic(tmp_path / "good.heic", (64, 48)).read_bytes()
    path = tmp_path / "faux.heic"
    path.write_bytes(good[:64] + b"\x00\xff" * 2000)
    assert_error(probe_quickly(path, thumbs))


@pytest.mark.parametrize("container", ["mp4", "mkv", "avi"])
def test_video_header_then_garbage(tmp_path, thumbs, container):
    good = make_video(tmp_path / f"good.{container}", container=container).read_bytes()
    path = tmp_path / f"faux.{container}"
    path.write_bytes(good[:48] + b"\x00\x01\x02\x03" * 3000)
    rec = probe_quickly(path, thumbs)
    assert_error(rec)
    assert rec["kind"] == "video"


def test_truncated_video(tmp_path, thumbs):
    good = make_video(tmp_path / "good.mp4", seconds=1.0).read_bytes()
    path = tmp_path / "coupe.mp4"
    path.write_bytes(good[: len(good) // 3])  # moov atom written last by this muxer: cut off
    assert_error(probe_quickly(path, thumbs))


def test_mp4_without_video_track(tmp_path, thumbs):
    import av
    import numpy as np

    path = tmp_path / "son.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 44100), np.float32), format="fltp", layout="mono")
        frame.sample_rate = 44100
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    assert detect_format(path.read_bytes()[:4096]) == "mp4"
    assert_error(probe_quickly(path, thumbs), "aucune piste vidéo")


def test_unreadable_path_is_a_record(tmp_path, thumbs):
    rec = probe_quickly(tmp_path / "disparu.jpg", thumbs)
    assert_error(rec, "disparu")
    assert rec["size"] is None and rec["fingerprint"] is None


def test_directory_named_like_a_photo(tmp_path, thumbs):
    folder = tmp_path / "dossier.jpg"
    folder.mkdir()
    assert_error(probe_quickly(folder, thumbs))


def test_hostile_set_through_the_pool(tmp_path):
    """The same files in worker processes: every one gets its record and the pool survives them all."""
    files = {
        "coupe.jpg": make_truncated_jpeg(tmp_path / "coupe.jpg"),
        "hasard.jpg": make_random_bytes(tmp_path / "hasard.jpg"),
        "vide.jpg": make_zero_byte(tmp_path / "vide.jpg"),
        "bombe.png": make_png_bomb(tmp_path / "bombe.png", 20000, 20000),
        "boucle.jpg": make_exif_ifd_loop(tmp_path / "boucle.jpg"),
        "bonne.jpg": make_jpeg(tmp_path / "bonne.jpg", size=(80, 60), taken_at="2024:05:01 10:00:00"),
    }
    with ProbePool(workers=2, time_budget=20, thumb_dir=tmp_path / "thumbs") as pool:
        results = dict(pool.map(str(p) for p in files.values()))
    assert set(results) == {str(p) for p in files.values()}
    status = {name: results[str(p)]["status"] for name, p in files.items()}
    assert status == {
        "coupe.jpg": "error",
        "hasard.jpg": "error",
        "vide.jpg": "error",
        "bombe.png": "error",
        "boucle.jpg": "ok",
        "bonne.jpg": "ok",
    }
    assert results[str(files["bombe.png"])]["error"].startswith("l'image est trop grande")
    assert results[str(files["bonne.jpg"])]["taken_at"] == "2024-05-01T10:00:00"


# -- fuzzing -------------------------------------------------------------------------------------------------


def _small_jpeg() -> bytes:
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8769)[0x9003] = "2024:05:01 10:00:00"
    marker_image((48, 32), texture=True).save(buf, "JPEG", quality=80, exif=exif)
    return buf.getvalue()


SMALL_JPEG = _small_jpeg()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, len(SMALL_JPEG) - 1), st.integers(0, 255)), min_size=1, max_size=12),
    st.one_of(st.none(), st.integers(1, len(SMALL_JPEG))),
)
def test_mutated_jpeg_always_gives_a_record(tmp_path, flips, cut):
    data = bytearray(SMALL_JPEG)
    for pos, value in flips:
        data[pos] = value
    if cut is not None:
        data = data[:cut]
    path = tmp_path / "fuzz.jpg"
    path.write_bytes(bytes(data))
    rec = probe_quickly(path, None)
    assert rec["status"] in ("ok", "error")
    if rec["status"] == "ok":
        assert rec["width"] > 0 and rec["height"] > 0
    else:
        assert rec["error"] and "\n" not in rec["error"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_detect_format_never_raises(head):
    assert detect_format(head) in (
        None,
        "jpeg",
        "png",
        "tiff",
        "webp",
        "heif",
        "mp4",
        "mov",
        "m4v",
        "3gp",
        "avi",
        "mkv",
    )


# -- truncated HEIC: the embedded thumbnail is whole, the main image is not ---------------------------------


def test_truncated_heic_thumbnail_still_decodes_but_the_main_image_is_green(tmp_path):
    """The trap itself, shown with the decoder alone: no error anywhere, green where tiles are missing."""
    from pillow_heif import register_heif_opener

    register_heif_opener(thumbnails=True)
    path = make_truncated_heic(tmp_path / "IMG_0042.HEIC", keep=0.75)  # the first tiles are whole
    with Image.open(path) as im:
        im.draft("RGB", (150, 100))
        im.load()  # the 160 px thumbnail: whole
        assert max(im.size) == 160
    with Image.open(path) as im:
        full = im.convert("RGB")  # libheif fills the tiles past the end of the file
    r, g, b = full.getpixel((full.width - 20, full.height - 20))
    assert g > 100 and r < 30 and b < 30, (r, g, b)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.75, 0.95, 0.9999])
def test_truncated_heic_is_an_error(tmp_path, thumbs, keep):
    path = make_truncated_heic(tmp_path / "IMG_0042.HEIC", keep=keep)
    rec = probe_quickly(path, thumbs)
    assert_error(rec, "tronquée")
    assert rec["kind"] == "photo" and rec["fingerprint"]
    assert probe_quickly(path, None)["error"] == rec["error"]  # with or without a thumbnail wanted


def test_whole_grid_heic_with_thumbnail_is_ok(tmp_path, thumbs):
    path = make_truncated_heic(tmp_path / "IMG_0042.HEIC", keep=1.0)
    rec = probe_quickly(path, thumbs)
    assert rec["status"] == "ok", rec["error"]
    assert (rec["width"], rec["height"], rec["taken_at"]) == (768, 512, "2024-06-21T18:30:00")
    assert rec["thumb"] and thumbs.has(rec["thumb"])


@pytest.mark.parametrize("cut", ["iloc", "meta"])
def test_heic_with_damaged_item_table_is_an_error(tmp_path, thumbs, cut):
    data = bytearray(make_truncated_heic(tmp_path / "good.heic", keep=1.0).read_bytes())
    if cut == "iloc":
        at = data.index(b"iloc") + 4
        data[at] = 7  # an iloc version that does not exist
    else:
        at = data.index(b"meta") - 4
        data[at : at + 4] = (len(data) * 4).to_bytes(4, "big")  # a meta box larger than the file
    path = tmp_path / "abime.heic"
    path.write_bytes(bytes(data))
    assert_error(probe_quickly(path, thumbs))


def test_truncated_heic_export_is_refused_with_the_reason(tmp_path):
    from lectoure_media.core.export import ExportError
    from lectoure_media.core.export.image import export_photo
    from lectoure_media.core.export.presets import ExportPreset

    out = tmp_path / "exports"
    out.mkdir()
    path = make_truncated_heic(tmp_path / "IMG_0042.HEIC", keep=0.75)  # decodes as a partly green picture
    with pytest.raises(ExportError) as caught:
        export_photo(path, ExportPreset(id="t", label="T", width=600, height=400), out / "x.jpg")
    message = str(caught.value)
    assert "IMG_0042.HEIC" in message and "tronquée" in message and "\n" not in message
    assert list(out.iterdir()) == []


def _grid_heic() -> bytes:
    from tests.media_factory import _grid_heic_bytes

    return _grid_heic_bytes((768, 512))  # what make_truncated_heic cuts


def test_every_cut_of_a_heic_is_reported():
    """Wherever an interrupted copy stops, the structural check notices (every byte of mdat is item data)."""
    from lectoure_media.core.media.heif_check import heif_damage

    data = _grid_heic()
    assert heif_damage(io.BytesIO(data)) is None
    missed = [cut for cut in range(len(data)) if heif_damage(io.BytesIO(data[:cut])) is None]
    assert missed == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1200), st.integers(0, 255)), min_size=1, max_size=8))
def test_heif_check_on_mutated_headers_never_raises(flips):
    from lectoure_media.core.media import heif_check

    data = bytearray(_grid_heic())
    for pos, value in flips:  # the first 1,200 bytes: ftyp, meta and its iloc
        data[pos] = value
    reasons = (None, heif_check.REASON_DAMAGED, heif_check.REASON_META_TOO_BIG, heif_check.REASON_TRUNCATED)
    assert heif_check.heif_damage(io.BytesIO(bytes(data))) in reasons
