"""File names that are not UTF-8 or not NFC, and what the walk and the watcher may follow (issue 8, items 3-4).

A Latin-1 name copied from an old share (b"photo\\xe9t\\xe9.jpg") is a str with lone surrogates on Linux;
macOS writes "é" decomposed (NFD) on a share. Both must be indexed and usable like any other file, and
must never stop the catalog from being saved."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests import polling
from tests.media_factory import make_jpeg

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(sys.platform == "win32", reason="byte file names are a POSIX matter"),
]

LATIN1 = b"photo\xe9t\xe9.jpg"
BROKEN = b"cass\xe9.jpg"


def run(*args, data_dir, check=True, timeout=120):
    proc = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')}")
    return proc


def json_lines(raw: bytes) -> list:
    # strict UTF-8 and strict JSON: what any script reading our output does
    return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]


def list_json(data_dir, *args) -> list[dict]:
    return json_lines(run("list", "--json", *args, data_dir=data_dir).stdout)


def real_path(item: dict) -> bytes:
    return base64.b64decode(item["path_bytes"]) if "path_bytes" in item else item["path"].encode()


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> bytes:
    path = os.fsencode(folder) + b"/" + name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return path


@pytest.fixture
def latin1_tree(library_root, tmp_path):
    make_jpeg(library_root / "ok.jpg", size=(64, 48))
    jpeg = tmp_path / "src.jpg"
    make_jpeg(jpeg, size=(80, 60))
    write_bytes_name(library_root, LATIN1, jpeg.read_bytes())
    write_bytes_name(library_root, BROKEN, os.urandom(3000))  # unreadable: reported, with its name
    return library_root


def test_latin1_name_through_scan_list_tag_export_processes(tmp_path, latin1_tree):
    data = tmp_path / "d"
    root_b = os.fsencode(latin1_tree)
    summary = json_lines(run("scan", str(latin1_tree), "--json", data_dir=data).stdout)[0]
    assert (summary["seen"], summary["added"]) == (3, 3)
    [error] = summary["errors"]
    assert error["reason"] and base64.b64decode(error["path_bytes"]) == root_b + b"/" + BROKEN
    assert error["path"] == str(latin1_tree) + "/cass\ufffd.jpg"

    items = list_json(data)
    by_bytes = {real_path(i): i for i in items}
    assert set(by_bytes) == {root_b + b"/ok.jpg", root_b + b"/" + LATIN1, root_b + b"/" + BROKEN}
    odd = by_bytes[root_b + b"/" + LATIN1]
    assert odd["relpath"] == "photo\ufffdt\ufffd.jpg" and odd["kind"] == "photo" and odd["status"] == "ok"
    assert "path_bytes" not in by_bytes[root_b + b"/ok.jpg"]
    text = run("list", data_dir=data).stdout.decode("utf-8")  # plain text: valid UTF-8, no crash
    assert "photo\ufffdt\ufffd.jpg" in text and "ok.jpg" in text
    plain = run("scan", str(latin1_tree), data_dir=data).stdout.decode("utf-8")
    assert "cass\\xe9.jpg" in plain  # the undecodable byte, escaped

    # the name as the shell gives it (raw bytes in argv)
    tagged = run("tag", root_b + b"/" + LATIN1, "--keyword", "Été", "--json", data_dir=data)
    [[t]] = json_lines(tagged.stdout)
    assert t["tags"]["keywords"] == ["Été"] and base64.b64decode(t["path_bytes"]) == root_b + b"/" + LATIN1
    assert os.path.isfile(root_b + b"/" + LATIN1 + b".xmp")
    assert [real_path(i) for i in list_json(data, "--keyword", "Été")] == [root_b + b"/" + LATIN1]

    out = tmp_path / "out"
    exported = run(
        "export", root_b + b"/" + LATIN1, "--preset", "instagram-square", "--out", str(out), "--json", data_dir=data
    )
    [[e]] = json_lines(exported.stdout)
    assert base64.b64decode(e["source_bytes"]) == root_b + b"/" + LATIN1
    [name] = os.listdir(os.fsencode(out))
    name.decode("utf-8")  # the output name is valid UTF-8
    assert os.path.join(os.fsencode(out), name) == e["output"].encode("utf-8")

    again = json_lines(run("scan", str(latin1_tree), "--json", data_dir=data).stdout)[0]
    assert (again["unchanged"], again["added"], again["missing"]) == (3, 0, 0)
    assert run("list", "--keyword", "Été", data_dir=data).returncode == 0


def test_watch_records_a_latin1_name_and_everything_after_it(tmp_path, library_root):
    data = tmp_path / "d"
    make_jpeg(library_root / "ok.jpg", size=(64, 48))
    watch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lectoure_media",
            "--data-dir",
            str(data),
            "watch",
            str(library_root),
            "--polling",
            "--interval",
            "0.3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert polling.wait_until(lambda: len(list_json(data)) == 1, 60, 0.2)
        jpeg = tmp_path / "src.jpg"
        make_jpeg(jpeg, size=(80, 60))
        write_bytes_name(library_root, LATIN1, jpeg.read_bytes())
        make_jpeg(library_root / "apres.jpg", size=(64, 48))
        # the watching process saved its catalog (list reads the file): the odd name did not block the save
        assert polling.wait_until(lambda: len(list_json(data)) == 3, 60, 0.2)
    finally:
        watch.send_signal(signal.SIGTERM)
        out, err = watch.communicate(timeout=30)
    assert watch.returncode == 0, err
    assert b"Traceback" not in err and b"Erreur" not in err
    names = {real_path(i).rsplit(b"/", 1)[1] for i in list_json(data)}
    assert names == {b"ok.jpg", LATIN1, b"apres.jpg"}


def test_nfd_and_nfc_spellings_find_the_same_file(lib, library_root):
    """macOS writes "é" as e + U+0301 on a share; Windows types it as one character. Tag, lookup and the
    sidecar must meet whichever spelling is on disk and whichever the user gives."""
    nfc, nfd = "église.jpg", unicodedata.normalize("NFD", "église.jpg")
    assert nfc != nfd
    make_jpeg(library_root / nfd, size=(64, 48))  # the media file: NFD on disk
    sub = library_root / "sub"
    make_jpeg(sub / nfc, size=(64, 48))  # another one NFC on disk, its sidecar written NFD (a Mac tagged it)
    summer = unicodedata.normalize("NFD", "Été")
    make_jpeg(library_root / summer / "plage.jpg", size=(64, 48))  # a folder NFD on disk
    lib.scan(library_root)
    assert len(lib.query()) == 3
    from lectoure_media.core.search import Filter

    for spelling in ("Été", summer):  # list ROOT, the GUI's folder filter
        assert [os.path.basename(d["path"]) for d in lib.query(Filter(root=str(library_root / spelling)))] == [
            "plage.jpg"
        ]
    assert len(lib.query(Filter(text="eglise"))) == 2
    for name in (nfc, nfd):
        assert lib.get_by_path(str(library_root / name)) is not None
        assert lib.get_by_path(str(sub / name)) is not None
    lib.tag([str(library_root / nfc)], add={"keywords": ["Cathédrale"]})  # typed NFC, on disk NFD
    assert lib.wait_sidecars(30) and not lib.sidecar_errors
    assert os.listdir(library_root).count(nfd + ".xmp") == 1  # next to the real file, in its spelling
    assert lib.get_by_path(str(library_root / nfd))["tags"]["keywords"] == ["Cathédrale"]

    from lectoure_media.core import sidecar
    from lectoure_media.core.library import Library

    make_jpeg(library_root / unicodedata.normalize("NFD", "café.jpg"), size=(64, 48))  # not scanned yet
    lib.tag([str(library_root / "café.jpg")], add={"keywords": ["Neuf"]})
    assert lib.wait_sidecars(30) and not lib.sidecar_errors
    assert lib.get_by_path(str(library_root / "café.jpg"))["tags"]["keywords"] == ["Neuf"]
    elsewhere = library_root.parent / "mac"
    elsewhere.mkdir()
    sidecar.update_sidecar(str(elsewhere / nfd), add={"keywords": ["Mac"]})
    os.replace(elsewhere / (nfd + ".xmp"), sub / (nfd + ".xmp"))
    lib.scan(library_root)
    assert lib.get_by_path(str(sub / nfc))["tags"]["keywords"] == ["Mac"]
    lib.tag([str(sub / nfd)], add={"keywords": ["PC"]})  # updates the Mac's sidecar, no second one
    assert lib.wait_sidecars(30) and not lib.sidecar_errors
    assert [n for n in os.listdir(sub) if n.endswith(".xmp")] == [nfd + ".xmp"]
    # a fresh catalog rebuilt from the folder reads both sidecars
    lib.close()
    fresh = Library(library_root.parent / "data2", probe_workers=1)
    try:
        fresh.scan(library_root)
        assert fresh.get_by_path(str(library_root / nfc))["tags"]["keywords"] == ["Cathédrale"]
        assert fresh.get_by_path(str(sub / nfd))["tags"]["keywords"] == ["Mac", "PC"]
    finally:
        fresh.close()


# -- item 4: the watcher indexes exactly what the scan indexes ------------------------------------------

FAST = dict(poll_interval=0.3, stable_seconds=0.3, health_interval=0.3, retry_interval=0.5)


def _hostile_entries(root: Path, outside: Path) -> None:
    """Links and special files the walk skips: loops, links out of the tree, a device, a FIFO."""
    (root / "d").mkdir(exist_ok=True)
    os.symlink("..", root / "d" / "up")  # out of d, back to the root
    os.symlink(".", root / "a")  # a loop
    os.symlink("..", root / "album.jpg")  # a link to a folder, named like a photo
    os.symlink("/dev/zero", root / "zero.jpg")  # a reader waits for ever
    os.mkfifo(root / "fifo.jpg")
    os.symlink(outside / "dehors.jpg", root / "dehors.jpg")  # a file outside the root
    os.symlink(outside, root / "ailleurs")  # a folder outside the root


def _indexed(lib) -> dict[str, str]:
    return {os.path.relpath(d["path"], d["root"]): d["status"] for d in lib.query()}


@pytest.mark.parametrize("mode", ["native", "polling"])
def test_watch_and_scan_skip_the_same_links_devices_and_fifos(data_dir, library_root, tmp_path, mode):
    from lectoure_media.core.library import Library

    outside = tmp_path / "outside"
    make_jpeg(outside / "dehors.jpg", size=(64, 48))
    make_jpeg(outside / "loin.jpg", size=(64, 48))
    make_jpeg(library_root / "ok.jpg", size=(64, 48))
    make_jpeg(library_root / "d" / "dans.jpg", size=(64, 48))
    # probe_time_budget: a FIFO or /dev/zero that gets probed would stall each batch this long
    with Library(data_dir, probe_workers=1, probe_time_budget=3) as lib:
        lib.scan(library_root)
        assert _indexed(lib) == {"ok.jpg": "ok", "d/dans.jpg": "ok"}
        updates = []
        handle = lib.watch(library_root, on_update=updates.append, mode=mode, **FAST)
        try:
            assert polling.wait_until(lambda: handle.status.state in ("watching", "polling"), 30)
            _hostile_entries(library_root, outside)
            make_jpeg(library_root / "d" / "apres.jpg", size=(64, 48))  # created last: a marker
            assert polling.wait_until(lambda: "d/apres.jpg" in _indexed(lib), 30)
            by_watcher = _indexed(lib)
            # the watcher has seen the links too (they came before the marker); a directory event for the
            # links, reported alone, is not followed either
            lib.apply_changes(
                str(library_root),
                [
                    str(library_root / n)
                    for n in (
                        "a",
                        "album.jpg",
                        "d/up",
                        "ailleurs",
                        "zero.jpg",
                        "fifo.jpg",
                        "dehors.jpg",
                        "d/up/ok.jpg",
                        "a/ok.jpg",
                        "ailleurs/loin.jpg",
                    )
                ],
            )
            watched = _indexed(lib)
        finally:
            handle.stop()
        assert by_watcher == watched == {"ok.jpg": "ok", "d/dans.jpg": "ok", "d/apres.jpg": "ok"}
        summary = lib.scan(library_root)
        assert (summary.missing, summary.added, summary.errors) == (0, 0, [])
        assert _indexed(lib) == watched


def test_a_file_replaced_by_a_link_or_a_fifo_is_missing_for_the_watcher_as_for_the_scan(lib, library_root, tmp_path):
    make_jpeg(tmp_path / "elsewhere.jpg", size=(64, 48))
    for name in ("lien.jpg", "fifo.jpg", "garde.jpg"):
        make_jpeg(library_root / name, size=(64, 48))
    lib.scan(library_root)
    os.unlink(library_root / "lien.jpg")
    os.symlink(tmp_path / "elsewhere.jpg", library_root / "lien.jpg")
    os.unlink(library_root / "fifo.jpg")
    os.mkfifo(library_root / "fifo.jpg")
    lib.apply_changes(str(library_root), [str(library_root / "lien.jpg"), str(library_root / "fifo.jpg")])
    after_watch = _indexed(lib)
    assert after_watch == {"lien.jpg": "missing", "fifo.jpg": "missing", "garde.jpg": "ok"}
    lib.scan(library_root)
    assert _indexed(lib) == after_watch


def test_gui_shows_a_latin1_name_and_drags_the_real_file(qtbot, lib, latin1_tree):
    from PySide6.QtGui import QUndoStack

    from lectoure_media.core.search import Filter
    from lectoure_media.gui.inspector import Inspector
    from lectoure_media.gui.models import AssetListModel

    lib.scan(latin1_tree)
    model = AssetListModel(lib)
    model.set_filter(Filter())
    shown = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert shown == {"ok.jpg", "photo\ufffdt\ufffd.jpg", "cass\ufffd.jpg"}
    odd_id = next(i for i in model.ids() if os.fsencode(lib.asset(i)["path"]).endswith(LATIN1))
    row = model.row_of(odd_id)
    tip = model.data(model.index(row, 0), 3)  # ToolTipRole
    assert tip.startswith("photo\ufffdt\ufffd.jpg")
    [url] = model.mimeData([model.index(row, 0)]).urls()
    assert url.toEncoded().data() == b"file://" + os.fsencode(latin1_tree).replace(b" ", b"%20") + b"/photo%E9t%E9.jpg"

    inspector = Inspector(lib, QUndoStack())
    qtbot.addWidget(inspector)
    inspector.set_selection([odd_id])
    assert inspector.title_label.text() == "photo\ufffdt\ufffd.jpg"
    inspector.wait_for_preview()


def test_a_windows_junction_is_not_walked_but_a_onedrive_folder_is():
    import stat
    from types import SimpleNamespace

    from lectoure_media.core.scan import is_walkable_dir_stat

    folder = SimpleNamespace(st_mode=stat.S_IFDIR | 0o755)
    assert is_walkable_dir_stat(folder)
    assert not is_walkable_dir_stat(SimpleNamespace(st_mode=stat.S_IFDIR, st_reparse_tag=0xA0000003))  # junction
    assert is_walkable_dir_stat(SimpleNamespace(st_mode=stat.S_IFDIR, st_reparse_tag=0x9000601A))  # OneDrive
    assert not is_walkable_dir_stat(SimpleNamespace(st_mode=stat.S_IFLNK | 0o777))


def test_a_log_line_naming_an_undecodable_file_is_written_not_a_traceback(tmp_path, latin1_tree):
    write_bytes_name(latin1_tree, LATIN1 + b".xmp", b"<x:xmpmeta garbage")  # warned about, with its name
    data = tmp_path / "d"
    proc = run("scan", str(latin1_tree), data_dir=data)
    assert b"Traceback" not in proc.stderr and b"Logging error" not in proc.stderr
    log_text = (data / "logs" / "lectoure-media.log").read_text(encoding="utf-8")
    assert "photo\\udce9t\\udce9.jpg" in log_text
