"""Hostile or unreadable sidecars are reported, not silent (issue 8, item 6): `scan --json` lists them in its
errors, `list --errors` lists their assets, and `tag` says in French where it kept the unreadable file before
writing a new one. Real files and real CLI processes (another PC's junk on the shared folder)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from lectoure_media.core.sidecar import read_sidecar
from tests.media_factory import make_jpeg

XMP_HEAD = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>'
)
XMP_TAIL = b"</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>"

BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE x:xmpmeta [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    + b']><x:xmpmeta xmlns:x="adobe:ns:meta/">&i;</x:xmpmeta>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x:xmpmeta [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&xxe;</x:xmpmeta>'
)


def _write(content: bytes):
    def make(path: str) -> None:
        with open(path, "wb") as fh:
            fh.write(content)

    return make


def _huge(path: str) -> None:  # 46 MB of a real XMP packet: only its size is wrong
    with open(path, "wb") as fh:
        fh.write(XMP_HEAD + b"x")
        chunk = b" " * (1024 * 1024)
        for _ in range(46):
            fh.write(chunk)
        fh.write(XMP_TAIL)


# kind -> (how to plant it at the sidecar's name, a fragment of the French reason)
HOSTILE = {
    "xxe": (_write(XXE), "(DTD)"),
    "bomb": (_write(BOMB), "(DTD)"),
    "huge": (_huge, "trop volumineux"),
    "utf8": (_write(XMP_HEAD + b"Caf\xc3\x28 \xff\xfe" + XMP_TAIL), "n'est pas du XML valide"),
    "deep": (
        _write(b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + b"<a>" * 20000 + b"</a>" * 20000 + b"</x:xmpmeta>"),
        "imbriqué trop profondément",
    ),
    "dir": (os.mkdir, "c'est un dossier"),
}
if hasattr(os, "mkfifo"):
    HOSTILE["fifo"] = (os.mkfifo, "c'est un tube nommé")


def run(*args, data_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One folder holding every hostile kind next to a photo, driven through scan, list, tag, list, scan."""
    base = tmp_path_factory.mktemp("hostile")
    root, data = base / "Photos", base / "data"
    root.mkdir()
    for kind, (plant, _) in HOSTILE.items():
        make_jpeg(root / f"{kind}.jpg", size=(48, 32))
        plant(str(root / f"{kind}.jpg.xmp"))
    make_jpeg(root / "fine.jpg", size=(48, 32))
    out = {"root": root}
    out["scan"] = json.loads(run("scan", str(root), "--json", data_dir=data).stdout)
    out["errors"] = {i["path"]: i for i in json_lines(run("list", "--errors", "--json", data_dir=data).stdout)}
    out["errors_text"] = run("list", "--errors", data_dir=data).stdout
    files = [str(root / f"{kind}.jpg") for kind in HOSTILE]
    tagged = run("tag", *files, "--keyword", "Remparts", "--json", data_dir=data)
    out["tag"] = {i["path"]: i for i in json.loads(tagged.stdout)}
    out["tag_stderr"] = tagged.stderr
    out["errors_after"] = json_lines(run("list", "--errors", "--json", data_dir=data).stdout)
    out["scan_after"] = json.loads(run("scan", str(root), "--json", data_dir=data).stdout)
    return out


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_scan_json_lists_the_hostile_sidecar_with_its_reason(hostile, kind):
    sidecar = str(hostile["root"] / f"{kind}.jpg.xmp")
    found = [e for e in hostile["scan"]["errors"] if e["path"] == sidecar]
    assert len(found) == 1, hostile["scan"]["errors"]
    assert HOSTILE[kind][1] in found[0]["reason"] and f"« {kind}.jpg.xmp »" in found[0]["reason"]
    assert "\n" not in found[0]["reason"] and "Traceback" not in found[0]["reason"]


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_list_errors_includes_the_asset_with_the_sidecar_reason(hostile, kind):
    media = str(hostile["root"] / f"{kind}.jpg")
    item = hostile["errors"].get(media)
    assert item is not None, sorted(hostile["errors"])
    assert item["status"] == "error" and HOSTILE[kind][1] in item["error"]
    assert f"{kind}.jpg [error]" in hostile["errors_text"]
    assert str(hostile["root"] / "fine.jpg") not in hostile["errors"]


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_tag_says_where_the_unreadable_sidecar_was_kept_and_writes_a_new_one(hostile, kind):
    name = f"{kind}.jpg.xmp"
    media = hostile["root"] / f"{kind}.jpg"
    item = hostile["tag"][str(media)]
    replaced = item["sidecar_replaced"]
    assert replaced is not None
    assert replaced["sidecar"] == replaced["written"] == str(media) + ".xmp"
    assert HOSTILE[kind][1] in replaced["reason"]
    kept = replaced["kept_as"]
    assert os.path.dirname(kept) == str(hostile["root"])
    assert os.path.basename(kept).startswith(name + ".corrupt-")
    # what was set aside is the hostile thing itself, untouched
    mode = os.lstat(kept).st_mode
    if kind == "dir":
        assert stat.S_ISDIR(mode)
    elif kind == "fifo":
        assert stat.S_ISFIFO(mode)
    elif kind == "huge":
        assert os.path.getsize(kept) > 46 * 1024 * 1024
    assert (
        f"Le fichier XMP illisible « {name} » a été conservé sous le nom « {os.path.basename(kept)} »"
        in hostile["tag_stderr"]
    )
    new = read_sidecar(str(media))
    assert new.error is None and new.tags["keywords"] == ["Remparts"]
    assert item["status"] == "ok" and item["error"] is None and item["tags"]["keywords"] == ["Remparts"]
    # repaired: no longer an error anywhere
    assert str(media) not in {i["path"] for i in hostile["errors_after"]}
    assert str(media) + ".xmp" not in {e["path"] for e in hostile["scan_after"]["errors"]}


def test_tag_text_output_says_in_french_what_was_set_aside(tmp_path):
    root, data = tmp_path / "Photos", tmp_path / "data"
    make_jpeg(root / "mairie.jpg", size=(48, 32))
    make_jpeg(root / "halle.jpg", size=(48, 32))
    (root / "mairie.jpg.xmp").write_bytes(XXE)
    scanned = run("scan", str(root), data_dir=data).stdout
    assert "1 illisibles" in scanned
    assert f"illisible : {root / 'mairie.jpg.xmp'} — Le fichier XMP « mairie.jpg.xmp » contient" in scanned
    proc = run("tag", str(root / "mairie.jpg"), str(root / "halle.jpg"), "--keyword", "Marché", data_dir=data)
    lines = proc.stdout.splitlines()
    assert lines[0] == "Étiquettes ajoutées à 2 fichier(s)."
    assert len(lines) == 2, proc.stdout  # one notice: the clean photo has nothing to report
    assert (
        lines[1]
        .strip()
        .startswith("Le fichier XMP illisible « mairie.jpg.xmp » a été conservé sous le nom « mairie.jpg.xmp.corrupt-")
    )
    assert lines[1].strip().endswith("et un nouveau fichier « mairie.jpg.xmp » a été écrit.")
    kept = [n for n in os.listdir(root) if n.startswith("mairie.jpg.xmp.corrupt-")]
    assert len(kept) == 1 and (root / kept[0]).read_bytes() == XXE
    assert read_sidecar(str(root / "mairie.jpg")).tags["keywords"] == ["Marché"]


def test_an_unusable_adobe_style_sidecar_is_left_in_place_and_said_so(tmp_path):
    """`IMG.xmp` may belong to a RAW file too: never renamed; `IMG.JPG.xmp` is written beside it."""
    root, data = tmp_path / "Photos", tmp_path / "data"
    make_jpeg(root / "IMG_0007.JPG", size=(48, 32))
    (root / "IMG_0007.xmp").write_bytes(BOMB)
    scan = json.loads(run("scan", str(root), "--json", data_dir=data).stdout)
    assert [(e["path"], "(DTD)" in e["reason"]) for e in scan["errors"]] == [(str(root / "IMG_0007.xmp"), True)]
    tagged = json.loads(run("tag", str(root / "IMG_0007.JPG"), "--keyword", "Gers", "--json", data_dir=data).stdout)
    replaced = tagged[0]["sidecar_replaced"]
    assert replaced["sidecar"] == str(root / "IMG_0007.xmp") and replaced["kept_as"] is None
    assert replaced["written"] == str(root / "IMG_0007.JPG.xmp")
    assert (root / "IMG_0007.xmp").read_bytes() == BOMB
    assert json_lines(run("list", "--errors", "--json", data_dir=data).stdout) == []


def test_inspector_shows_why_the_sidecar_was_not_read(qtbot, tmp_path):
    from PySide6.QtGui import QUndoStack

    from lectoure_media.core.library import Library
    from lectoure_media.gui.inspector import Inspector

    root = tmp_path / "Photos"
    make_jpeg(root / "porte.jpg", size=(48, 32))
    (root / "porte.jpg.xmp").write_bytes(XXE)
    with Library(tmp_path / "data", flush_delay=0.05) as lib:
        lib.scan(root)
        (asset,) = lib.query()
        assert "(DTD)" in asset["sidecar_error"]
        inspector = Inspector(lib, QUndoStack())
        qtbot.addWidget(inspector)
        inspector.set_selection([int(asset["id"])])
        text = inspector.meta_labels["status"].text()
        assert text.startswith("XMP file not read: Le fichier XMP « porte.jpg.xmp » contient")
        inspector.wait_for_preview()


def test_a_missing_asset_is_not_reported_for_its_sidecar(tmp_path):
    from lectoure_media.core.library import Library
    from lectoure_media.core.search import Filter

    root = tmp_path / "Photos"
    make_jpeg(root / "tour.jpg", size=(48, 32))
    (root / "tour.jpg.xmp").write_bytes(BOMB)
    with Library(tmp_path / "data", flush_delay=0.05) as lib:
        assert [e["path"] for e in lib.scan(root).errors] == [str(root / "tour.jpg.xmp")]
        assert len(lib.query(Filter(errors=True))) == 1
        os.remove(root / "tour.jpg")  # the photo is gone: "missing" says it all
        summary = lib.scan(root)
        assert summary.missing == 1 and summary.errors == []
        assert lib.query(Filter(errors=True)) == []
    with Library(tmp_path / "data", read_only=True) as lib:  # the same after a reopen (bulk index load)
        assert lib.query(Filter(errors=True)) == [] and len(lib.query(Filter(missing=True))) == 1


def test_a_watcher_event_for_a_folder_under_a_sidecar_name_is_reported(tmp_path):
    """The watcher reports a folder as a folder: at a sidecar's name it must still be read as the sidecar."""
    from lectoure_media.core.library import Library
    from lectoure_media.core.search import Filter

    root = tmp_path / "Photos"
    make_jpeg(root / "lavoir.jpg", size=(48, 32))
    with Library(tmp_path / "data", flush_delay=0.05) as lib:
        lib.scan(root)
        assert lib.query(Filter(errors=True)) == []
        os.mkdir(root / "lavoir.jpg.xmp")
        lib.apply_changes(root, [str(root / "lavoir.jpg.xmp")])  # what the watcher hands over
        (asset,) = lib.query(Filter(errors=True))
        assert "c'est un dossier" in asset["sidecar_error"]
