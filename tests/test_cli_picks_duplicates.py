"""`rate` and `list --stars-min` as real processes (CLI.md), including while `watch` owns the catalog."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from lectoure_media.core.sidecar import read_sidecar
from tests.media_factory import make_jpeg
from tests.test_cli import list_json, run, wait_until


def test_rate_then_list_filters_and_json(tmp_path, library_root):
    data = tmp_path / "d"
    a = make_jpeg(library_root / "a.jpg", size=(64, 48))
    b = make_jpeg(library_root / "b.jpg", size=(64, 48), color=(20, 200, 20))
    c = make_jpeg(library_root / "c.jpg", size=(64, 48), color=(200, 200, 20))
    run("scan", str(library_root), data_dir=data)
    out = json.loads(run("rate", str(a), str(b), "--stars", "4", "--label", "rouge", "--json", data_dir=data).stdout)
    assert [(i["rating"], i["label"]) for i in out] == [(4, "Red"), (4, "Red")]
    run("rate", str(b), "--stars", "2", data_dir=data)
    run("rate", str(c), "--reject", data_dir=data)
    assert read_sidecar(str(c)).rating == -1 and read_sidecar(str(a)).label == "Red"

    assert [i["relpath"] for i in list_json(data, "--stars-min", "3")] == ["a.jpg"]
    assert sorted(i["relpath"] for i in list_json(data, "--stars-min", "1")) == ["a.jpg", "b.jpg"]
    by_name = {i["relpath"]: (i["rating"], i["label"]) for i in list_json(data)}
    assert by_name == {"a.jpg": (4, "Red"), "b.jpg": (2, "Red"), "c.jpg": (-1, None)}


def test_rate_usage_errors_are_clear(tmp_path, library_root):
    data = tmp_path / "d"
    a = make_jpeg(library_root / "a.jpg", size=(64, 48))
    run("scan", str(library_root), data_dir=data)
    both = run("rate", str(a), "--stars", "3", "--reject", data_dir=data, check=False)
    assert both.returncode == 2
    none = run("rate", str(a), data_dir=data, check=False)
    assert none.returncode == 2
    seven = run("rate", str(a), "--stars", "7", data_dir=data, check=False)
    assert seven.returncode == 2
    bad_label = run("rate", str(a), "--stars", "1", "--label", "x" * 300, data_dir=data, check=False)
    assert bad_label.returncode == 1 and "étiquette" in bad_label.stderr and "Traceback" not in bad_label.stderr
    stray = tmp_path / "ailleurs.jpg"
    make_jpeg(stray, size=(20, 20))
    outside = run("rate", str(stray), "--stars", "1", data_dir=data, check=False)
    assert outside.returncode == 1 and "scan" in outside.stderr
    assert list_json(data)[0]["rating"] is None  # nothing was changed by the refused commands


def test_rate_works_while_watch_owns_the_catalog(tmp_path, library_root):
    data = tmp_path / "d"
    a = make_jpeg(library_root / "a.jpg", size=(64, 48))
    watch = subprocess.Popen(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "watch", str(library_root), "--polling",
         "--interval", "0.5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        wait_until(lambda: len(list_json(data)) == 1)
        run("rate", str(a), "--stars", "5", "--label", "Blue", data_dir=data)
        assert read_sidecar(str(a)).rating == 5
        # the watching process picks the change up from the sidecar and saves it in its catalog
        wait_until(lambda: list_json(data, "--stars-min", "5"))
    finally:
        watch.send_signal(signal.SIGTERM)
        _, err = watch.communicate(timeout=30)
    assert watch.returncode == 0, err
    assert [(i["rating"], i["label"]) for i in list_json(data)] == [(5, "Blue")]


def test_duplicates_json_and_threshold(tmp_path, library_root):
    import shutil

    from PIL import Image

    photos = __import__("pathlib").Path(__file__).parent / "fixtures" / "photos"
    data = tmp_path / "d"
    shutil.copy(photos / "chelsea.jpg", library_root / "chat.jpg")
    shutil.copy(photos / "chelsea.jpg", library_root / "chat copie.jpg")
    Image.open(photos / "chelsea.jpg").resize((225, 150)).save(library_root / "chat-petit.jpg", quality=70)
    Image.open(photos / "chelsea.jpg").crop((13, 6, 451, 300)).save(library_root / "chat-decale.jpg", quality=85)
    shutil.copy(photos / "coffee.jpg", library_root / "cafe.jpg")
    run("scan", str(library_root), data_dir=data)
    groups = json.loads(run("duplicates", str(library_root), "--json", data_dir=data).stdout)
    assert [set(g) for g in groups] == [{"kind", "assets", "keep"}] * 2
    exact, near = groups
    assert exact["kind"] == "exact" and {os.path.basename(p) for p in exact["assets"]} == {"chat.jpg", "chat copie.jpg"}
    assert exact["keep"] in exact["assets"] and os.path.isabs(exact["keep"])
    kept = os.path.basename(exact["keep"])
    assert near["kind"] == "near"
    assert {os.path.basename(p) for p in near["assets"]} == {"chat-petit.jpg", "chat-decale.jpg", kept}
    assert near["keep"] == exact["keep"]  # the full-size copy
    strict = json.loads(run("duplicates", "--json", "--threshold", "1", data_dir=data).stdout)
    assert [{os.path.basename(p) for p in g["assets"]} for g in strict][1] == {"chat-petit.jpg", kept}
    bad = run("duplicates", "--threshold", "99", data_dir=data, check=False)
    assert bad.returncode == 1 and "seuil" in bad.stderr
    human = run("duplicates", data_dir=data).stdout
    assert "à garder" in human


def test_a_rating_set_on_one_pc_is_seen_by_the_other(tmp_path, library_root):
    """Two data dirs on one shared folder = two PCs: the rating travels in the sidecar."""
    pc_a, pc_b = tmp_path / "pc-a", tmp_path / "pc-b"
    a = make_jpeg(library_root / "marche.jpg", size=(64, 48))
    run("scan", str(library_root), data_dir=pc_a)
    run("scan", str(library_root), data_dir=pc_b)
    run("rate", str(a), "--stars", "3", "--label", "vert", data_dir=pc_a)
    run("scan", str(library_root), data_dir=pc_b)
    assert [(i["rating"], i["label"]) for i in list_json(pc_b)] == [(3, "Green")]
    # the other PC changes only the label: the rating set by the first stays (scalars, last writer wins)
    run("rate", str(a), "--stars", "3", "--label", "", data_dir=pc_b)
    run("rate", str(a), "--reject", data_dir=pc_a)
    run("scan", str(library_root), data_dir=pc_b)
    assert [(i["rating"], i["label"]) for i in list_json(pc_b)] == [(-1, None)]


def test_duplicates_json_with_a_name_that_is_not_utf8(tmp_path, library_root):
    import shutil
    import sys as _sys

    if _sys.platform == "win32":
        pytest.skip("POSIX file names are bytes; Windows names are UTF-16")
    photos = __import__("pathlib").Path(__file__).parent / "fixtures" / "photos"
    data = tmp_path / "d"
    shutil.copy(photos / "moon.jpg", library_root / "lune.jpg")
    shutil.copy(photos / "moon.jpg", os.path.join(os.fsencode(library_root), b"lune \xe9t\xe9.jpg"))
    run("scan", str(library_root), data_dir=data)
    out = run("duplicates", "--json", data_dir=data)
    (group,) = json.loads(out.stdout)
    assert group["kind"] == "exact" and any("\ufffd" in p for p in group["assets"])
