"""Focal point and per-preset crops (sidecar + catalog, shared between PCs) and the publication log."""

import pytest

from lectoure_media.core import sidecar
from lectoure_media.core.library import Library, LibraryError
from lectoure_media.core.search import Filter
from tests.media_factory import make_jpeg


def test_focal_and_crops_reach_the_sidecar_and_another_pc(lib, library_root, tmp_path):
    p = str(make_jpeg(library_root / "cathedrale.jpg", size=(400, 300)))
    lib.scan(library_root)
    lib.set_focal([p], (0.25, 0.75))
    lib.set_crop(p, "instagram-portrait", (0.1, 0.0, 0.6, 1.0))
    assert lib.get_by_path(p)["focal"] == (0.25, 0.75)  # at once, before the sidecar is written
    assert lib.wait_sidecars()
    own = sidecar.read_sidecar(p).own
    assert own["focalPoint"] == "0.2500,0.7500"
    assert "instagram-portrait" in own["crops"]
    # Another PC, with its own catalog, frames the picture the same way.
    with Library(tmp_path / "other-pc", probe_workers=1) as other:
        other.scan(library_root)
        asset = other.get_by_path(p)
        assert asset["focal"] == (0.25, 0.75)
        assert asset["crops"] == {"instagram-portrait": (0.1, 0.0, 0.6, 1.0)}
    lib.set_crop(p, "instagram-portrait", None)
    lib.set_focal([p], None)
    lib.wait_sidecars()
    assert lib.get_by_path(p)["focal"] is None and lib.get_by_path(p)["crops"] == {}
    assert "focalPoint" not in sidecar.read_sidecar(p).own


def test_bad_framing_is_refused_in_french(lib, library_root):
    p = str(make_jpeg(library_root / "a.jpg", size=(40, 30)))
    lib.scan(library_root)
    with pytest.raises(LibraryError, match="intérieur"):
        lib.set_focal([p], (1.5, 0.2))
    with pytest.raises(LibraryError, match="intérieur"):
        lib.set_crop(p, "tiktok", (0.5, 0.5, 0.8, 0.8))


def test_hostile_framing_in_a_sidecar_is_ignored(lib, library_root):
    p = str(make_jpeg(library_root / "a.jpg", size=(40, 30)))
    sidecar.update_sidecar(p, own={"focalPoint": "NaN,2", "crops": '{"tiktok": [0, 0, 9, 9], "x": "y"}'})
    lib.scan(library_root)
    asset = lib.get_by_path(p)
    assert asset["focal"] is None and asset["crops"] == {}


def test_publication_log_filters_and_survives_renames(lib, library_root):
    a = str(make_jpeg(library_root / "a.jpg", size=(40, 30), taken_at="2024:01:01 10:00:00"))
    str(make_jpeg(library_root / "b.jpg", size=(40, 30), color=(10, 200, 10), taken_at="2024:01:02 10:00:00"))
    lib.scan(library_root)
    lib.record_export(
        a, "instagram-portrait", str(library_root.parent / "out" / "a_ig.jpg"), width=1080, height=1350, size=1234
    )
    names = lambda **f: sorted(d["relpath"] for d in lib.query(Filter(**f)))  # noqa: E731 -- a one-line query, local to this test
    assert names(exported_to="instagram-portrait") == ["a.jpg"]
    assert names(exported_to="tiktok") == []
    assert names(not_exported_since="2000-01-01") == ["b.jpg"]
    assert names(not_exported_since="2999-01-01") == ["a.jpg", "b.jpg"]
    log = lib.export_log(a)
    assert [(e["preset"], e["width"], e["bytes"]) for e in log] == [("instagram-portrait", 1080, 1234)]
    (library_root / "a.jpg").rename(library_root / "renamed.jpg")
    lib.scan(library_root)
    assert names(exported_to="instagram-portrait") == ["renamed.jpg"]  # linked by content, not by name


def test_the_facade_gives_the_working_picture_and_the_frame_the_export_cuts(lib, library_root, tmp_path):
    from lectoure_media.core.export.image import export_photo
    from lectoure_media.core.export.presets import get_preset

    p = str(make_jpeg(library_root / "halle.jpg", size=(900, 600)))
    lib.scan(library_root)
    doc_id = int(lib.get_by_path(p)["id"])
    work = lib.working_image(doc_id)
    assert work.source_size == (900, 600) and work.image.mode == "RGB" and max(work.image.size) <= 1600
    out = tmp_path / "out"
    out.mkdir()
    preset = get_preset("instagram-portrait")
    # automatic, then on the focal point, then a hand-made frame: each time the box the export cuts
    assert lib.framing_for(doc_id, "instagram-portrait").as_tuple() == export_photo(p, preset, out / "a").crop
    lib.set_focal([p], (0.9, 0.5))
    assert (
        lib.framing_for(doc_id, "instagram-portrait").as_tuple()
        == export_photo(p, preset, out / "b", focal=(0.9, 0.5)).crop
    )
    lib.set_crop(p, "instagram-portrait", (0.1, 0.05, 0.4, 0.9))
    box = lib.framing_for(doc_id, "instagram-portrait")
    assert (
        box.as_tuple()
        == export_photo(p, preset, out / "c", override=lib.get_by_path(p)["crops"]["instagram-portrait"]).crop
    )
    with pytest.raises(LibraryError, match="inconnu"):
        lib.framing_for(doc_id, "pas-un-format")
    with pytest.raises(LibraryError, match="catalogue"):
        lib.working_image(doc_id + 999)


def test_the_working_picture_of_a_file_that_is_not_a_photo_is_refused(lib, library_root):
    from lectoure_media.core.media.frames import load_photo
    from lectoure_media.core.media.sniff import ProbeError

    p = make_jpeg(library_root / "faux.jpg", size=(40, 30))
    lib.scan(library_root)
    p.write_bytes(b"GIF89a" + b"\0" * 64)  # replaced after the scan by something that is not a photo we read
    with pytest.raises((ProbeError, OSError)):
        lib.working_image(int(lib.get_by_path(str(p))["id"]))
    with pytest.raises(ProbeError, match="photo"):
        load_photo(str(p))


def _busy_picture(w: int, h: int, seed: int):
    """Flat grey with four detailed squares at random places: the smart crop has something to choose."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    a = np.full((h, w, 3), 120, np.uint8)
    for _ in range(4):
        x, y, s = int(rng.integers(0, w - 200)), int(rng.integers(0, h - 200)), int(rng.integers(100, 600))
        a[y : y + s, x : x + s] = rng.integers(0, 256, (min(s, h - y), min(s, w - x), 3), dtype=np.uint8)
    return Image.fromarray(a)


@pytest.mark.parametrize(
    "size, seed, preset_id", [((1800, 2400), 1, "facebook-post"), ((2400, 1800), 0, "instagram-story")]
)
def test_the_automatic_frame_of_a_large_photo_is_the_one_the_editor_shows(
    lib, library_root, tmp_path, size, seed, preset_id
):
    """Larger than the editor's working copy: the photo export used to analyse its own full decode and cut
    a window 9 or 10 px away from the automatic frame the editor showed."""
    from lectoure_media.core.export.image import export_photo
    from lectoure_media.core.export.presets import get_preset

    p = library_root / "marche.jpg"
    _busy_picture(*size, seed).save(p, quality=90)
    lib.scan(library_root)
    shown = lib.framing_for(int(lib.get_by_path(str(p))["id"]), preset_id)
    (tmp_path / "out").mkdir()
    assert export_photo(str(p), get_preset(preset_id), tmp_path / "out" / "marche").crop == shown.as_tuple()
