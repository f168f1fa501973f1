"""Picks (issue 12 item 6): xmp:Rating / xmp:Label in the sidecar, on the record, in the index; what
exiftool (the reference reader) sees, what Lightroom-style files give, and hostile values."""

from __future__ import annotations

from pathlib import Path

import pytest

from lectoure_media.core.picks import InvalidPick, parse_label, parse_rating
from lectoure_media.core.search import Filter
from lectoure_media.core.sidecar import read_sidecar, sidecar_path_for, update_sidecar
from tests.media_factory import make_jpeg
from tests.test_sidecar import exiftool, exiftool_write


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    media = tmp_path / "IMG_0042.JPG"
    media.write_bytes(b"\xff\xd8\xff\xd9")
    return media


def test_rating_and_label_written_are_read_by_exiftool(photo: Path) -> None:
    update_sidecar(str(photo), add={"keywords": ["marché"]}, picks={"Rating": "4", "Label": "Red"})
    info = exiftool(sidecar_path_for(str(photo)))
    assert info["XMP-xmp:Rating"] == 4
    assert info["XMP-xmp:Label"] == "Red"
    assert info["XMP-dc:Subject"] in ("marché", ["marché", "Mots-clés"], ["Mots-clés", "marché"])
    data = read_sidecar(str(photo))
    assert (data.rating, data.label) == (4, "Red")

    update_sidecar(str(photo), picks={"Rating": "-1", "Label": None})
    info = exiftool(sidecar_path_for(str(photo)))
    assert info["XMP-xmp:Rating"] == -1
    assert "XMP-xmp:Label" not in info
    assert read_sidecar(str(photo)).tags["keywords"] == ["marché"]  # the tags were kept


def test_rating_written_by_exiftool_is_read_and_changed_in_place(photo: Path) -> None:
    side = sidecar_path_for(str(photo))
    exiftool_write("-o", side, "-XMP-xmp:Rating=2", "-XMP-xmp:Label=Blue", "-XMP-dc:Creator=Anne", str(photo))
    data = read_sidecar(str(photo))
    assert (data.rating, data.label) == (2, "Blue")
    update_sidecar(str(photo), picks={"Rating": "5"})
    info = exiftool(side)
    assert info["XMP-xmp:Rating"] == 5 and info["XMP-xmp:Label"] == "Blue"
    assert info["XMP-dc:Creator"] in ("Anne", ["Anne"])  # foreign fields survive


@pytest.mark.parametrize(
    ("raw", "rating"),
    [
        ("3", 3),
        (" 4 ", 4),
        ("3.0", 3),
        ("-1", -1),
        ("0", 0),
        ("6", None),
        ("-2", None),
        ("abc", None),
        ("nan", None),
        ("inf", None),
        ("", None),
        ("9" * 400, None),
    ],
)
def test_hostile_ratings_read_as_absent(raw: str, rating: int | None) -> None:
    assert parse_rating(raw) == rating


def test_labels_are_normalised_and_hostile_ones_ignored() -> None:
    assert parse_label("red") == "Red"
    assert parse_label("Rouge") == "Red"
    assert parse_label("  Violet ") == "Purple"
    assert parse_label("À retoucher") == "À retoucher"  # a custom Lightroom label set is kept as text
    assert parse_label("x" * 500) is None
    assert parse_label("a\x07b") is None
    assert parse_label("") is None


def test_hostile_sidecar_values_do_not_break_reading(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    side.write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="beaucoup"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><xmp:Label><rdf:Bag><rdf:li>Red</rdf:li></rdf:Bag>'
        "</xmp:Label><dc:subject><rdf:Bag><rdf:li>fête</rdf:li></rdf:Bag></dc:subject></rdf:Description>"
        "</rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    data = read_sidecar(str(photo))
    assert data.error is None and (data.rating, data.label) == (None, None)
    assert data.tags["keywords"] == ["fête"]
    update_sidecar(str(photo), picks={"Rating": "1"})  # the bad value is replaced, the rest kept
    data = read_sidecar(str(photo))
    assert data.rating == 1 and data.tags["keywords"] == ["fête"]


def test_library_rate_record_index_sidecar_and_undo(lib, library_root: Path) -> None:
    a = make_jpeg(library_root / "a.jpg")
    b = make_jpeg(library_root / "b.jpg", color=(10, 200, 10))
    c = make_jpeg(library_root / "c.jpg", color=(200, 200, 10))
    lib.scan(str(library_root))
    out = lib.rate([str(a), str(b)], stars=4, label="rouge")
    assert [(x["rating"], x["label"]) for x in out] == [(4, "Red"), (4, "Red")]
    lib.rate([str(c)], reject=True)
    assert lib.wait_sidecars()
    assert (read_sidecar(str(a)).rating, read_sidecar(str(a)).label) == (4, "Red")
    assert read_sidecar(str(c)).rating == -1

    def paths(**kw):
        return sorted(Path(d["path"]).name for d in lib.query(Filter(**kw)))

    assert paths(stars_min=3) == ["a.jpg", "b.jpg"]
    assert paths(stars_min=5) == []
    assert paths(rejected=True) == ["c.jpg"]
    assert paths(label="Rouge") == ["a.jpg", "b.jpg"]
    assert paths(stars_min=0) == ["a.jpg", "b.jpg"]

    ids = [lib.get_by_path(str(a))["id"], lib.get_by_path(str(c))["id"]]
    change = lib.set_picks([int(i) for i in ids], stars=1, label="")
    assert paths(stars_min=1) == ["a.jpg", "b.jpg", "c.jpg"] and paths(label="Red") == ["b.jpg"]
    lib.revert_picks(change)
    assert paths(stars_min=3) == ["a.jpg", "b.jpg"] and paths(rejected=True) == ["c.jpg"]
    assert lib.wait_sidecars()
    assert read_sidecar(str(c)).rating == -1 and read_sidecar(str(a)).label == "Red"


def test_rating_from_another_pc_reaches_the_record(lib, library_root: Path) -> None:
    a = make_jpeg(library_root / "a.jpg")
    lib.scan(str(library_root))
    exiftool_write("-o", sidecar_path_for(str(a)), "-XMP-xmp:Rating=3", "-XMP-xmp:Label=Green", str(a))
    lib.scan(str(library_root))
    doc = lib.get_by_path(str(a))
    assert (doc["rating"], doc["label"]) == (3, "Green")
    assert lib.to_json(doc)["rating"] == 3 and lib.to_json(doc)["label"] == "Green"


def test_bad_picks_are_refused_in_french(lib, library_root: Path) -> None:
    a = make_jpeg(library_root / "a.jpg")
    lib.scan(str(library_root))
    with pytest.raises(InvalidPick, match="étoiles"):
        lib.rate([str(a)], stars=7)
    with pytest.raises(InvalidPick, match="rejetée"):
        lib.rate([str(a)], stars=2, reject=True)
    with pytest.raises(InvalidPick):
        lib.rate([str(a)], label="a\x00b")
