"""A sidecar whose name differs from its media's only in case (`IMG_0003.jpg.xmp` beside `IMG_0003.JPG`, as
a share written from Windows holds them) is read, written back to, and followed by scan and watch (issue 8,
item 7). On a case-sensitive file system both spellings may exist: the exact one wins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from lectoure_media.core.library import Library
from lectoure_media.core.sidecar import find_sidecar, read_sidecar, update_sidecar
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.skipif(os.name == "nt", reason="two spellings of one name need a case-sensitive FS")

FOREIGN = '<xmp:Rating xmlns:xmp="http://ns.adobe.com/xap/1.0/">4</xmp:Rating>'


def xmp(*keywords: str) -> str:
    items = "".join(f"<rdf:li>{k}</rdf:li>" for k in keywords)
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>{FOREIGN}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


def replace_text(path, text: str) -> None:
    """Another PC rewrites the sidecar: new content, and a later mtime even on a coarse clock."""
    before = os.stat(path).st_mtime_ns
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def xmp_files(folder) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.lower().endswith(".xmp"))


def run(*args, data_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def keywords_by_name(data_dir) -> dict[str, list[str]]:
    out = run("list", "--json", data_dir=data_dir).stdout
    items = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {os.path.basename(i["path"]): i["tags"]["keywords"] for i in items}


def test_case_variant_is_read_and_written_back_without_a_second_file(tmp_path):
    media = make_jpeg(tmp_path / "IMG_0003.JPG")
    variant = tmp_path / "IMG_0003.jpg.xmp"
    variant.write_text(xmp("Remparts"), encoding="utf-8")
    assert find_sidecar(str(media)) == str(variant)
    data = read_sidecar(str(media))
    assert data.error is None and data.path == str(variant) and data.tags["keywords"] == ["Remparts"]

    written = update_sidecar(str(media), add={"keywords": ["Halle"]})
    assert written.path == str(variant)
    assert xmp_files(tmp_path) == ["IMG_0003.jpg.xmp"]  # no IMG_0003.JPG.xmp beside it
    assert read_sidecar(str(media)).tags["keywords"] == ["Remparts", "Halle"]
    assert "Rating" in variant.read_text(encoding="utf-8")  # the other tool's field is kept


def test_adobe_style_case_variant_is_read(tmp_path):
    media = make_jpeg(tmp_path / "IMG_0004.JPG")
    (tmp_path / "img_0004.XMP").write_text(xmp("Cathédrale"), encoding="utf-8")
    data = read_sidecar(str(media))
    assert data.path == str(tmp_path / "img_0004.XMP") and data.tags["keywords"] == ["Cathédrale"]


def test_exact_name_wins_over_a_case_variant_and_is_the_one_written(tmp_path):
    media = make_jpeg(tmp_path / "IMG_0005.JPG")
    (tmp_path / "IMG_0005.JPG.xmp").write_text(xmp("Exact"), encoding="utf-8")
    (tmp_path / "img_0005.jpg.xmp").write_text(xmp("Variante"), encoding="utf-8")
    (tmp_path / "IMG_0005.jpg.xmp").write_text(xmp("Autre"), encoding="utf-8")
    assert read_sidecar(str(media)).tags["keywords"] == ["Exact"]
    update_sidecar(str(media), add={"keywords": ["Neuf"]})
    assert read_sidecar(str(tmp_path / "IMG_0005.JPG")).tags["keywords"] == ["Exact", "Neuf"]
    os.remove(tmp_path / "IMG_0005.JPG.xmp")
    # without the exact name, the first other spelling in sorted order, on every PC alike
    assert find_sidecar(str(media)) == str(tmp_path / "IMG_0005.jpg.xmp")
    assert find_sidecar(str(media), listing=os.listdir(tmp_path)) == str(tmp_path / "IMG_0005.jpg.xmp")
    # any spelling of IMG_0005.JPG.xmp wins over the Adobe-style name, however that one is spelled
    (tmp_path / "IMG_0005.xmp").write_text(xmp("Adobe"), encoding="utf-8")
    assert find_sidecar(str(media)) == str(tmp_path / "IMG_0005.jpg.xmp")
    assert read_sidecar(str(media)).tags["keywords"] == ["Autre"]


def test_scan_and_tag_follow_the_case_variant(tmp_path):
    root, data = tmp_path / "Photos", tmp_path / "data"
    make_jpeg(root / "IMG_0003.JPG", size=(48, 32))
    make_jpeg(root / "IMG_0004.JPG", size=(48, 32), seed=1)
    variant = root / "IMG_0003.jpg.xmp"
    variant.write_text(xmp("Remparts"), encoding="utf-8")
    (root / "img_0004.XMP").write_text(xmp("Cathédrale"), encoding="utf-8")
    run("scan", str(root), data_dir=data)
    assert keywords_by_name(data) == {"IMG_0003.JPG": ["Remparts"], "IMG_0004.JPG": ["Cathédrale"]}

    run("tag", str(root / "IMG_0003.JPG"), "--keyword", "Halle", data_dir=data)
    assert xmp_files(root) == ["IMG_0003.jpg.xmp", "img_0004.XMP"]
    assert read_sidecar(str(root / "IMG_0003.JPG")).tags["keywords"] == ["Remparts", "Halle"]

    replace_text(variant, xmp("Marché"))  # another PC edits it
    summary = json.loads(run("scan", str(root), "--json", data_dir=data).stdout)
    assert summary["updated"] == 1 and summary["errors"] == []
    assert keywords_by_name(data)["IMG_0003.JPG"] == ["Marché"]
    summary = json.loads(run("scan", str(root), "--json", data_dir=data).stdout)
    assert summary["updated"] == 0  # the signatures of the two ways of finding the sidecar agree


def test_watch_follows_changes_of_the_case_variant(tmp_path):
    root, data = tmp_path / "Photos", tmp_path / "data"
    make_jpeg(root / "IMG_0003.JPG", size=(48, 32))
    make_jpeg(root / "IMG_0004.JPG", size=(48, 32), seed=1)
    variant = root / "IMG_0003.jpg.xmp"
    adobe = root / "img_0004.XMP"
    variant.write_text(xmp("Remparts"), encoding="utf-8")
    adobe.write_text(xmp("Cathédrale"), encoding="utf-8")
    cond = threading.Condition()
    updates = []

    def on_update(summary):
        with cond:
            updates.append(summary)
            cond.notify_all()

    def keywords(lib, name):
        return lib.get_by_path(str(root / name))["tags"]["keywords"]

    with Library(data, probe_workers=1) as lib:
        lib.scan(root)
        # No periodic reconcile: only the watcher's event for the sidecar can bring the change in.
        handle = lib.watch(
            root,
            on_update=on_update,
            mode="native",
            reconcile_interval=3600,
            stable_seconds=0.3,
            health_interval=0.3,
            retry_interval=0.5,
        )
        try:
            with cond:  # the reconcile made once watching has started
                assert cond.wait_for(lambda: updates, timeout=30)
            replace_text(variant, xmp("Marché"))
            replace_text(adobe, xmp("Lavoir"))
            with cond:
                assert cond.wait_for(
                    lambda: keywords(lib, "IMG_0003.JPG") == ["Marché"] and keywords(lib, "IMG_0004.JPG") == ["Lavoir"],
                    timeout=30,
                )
        finally:
            handle.stop()
    assert xmp_files(root) == ["IMG_0003.jpg.xmp", "img_0004.XMP"]
