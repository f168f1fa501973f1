"""What the command line says when things go wrong: one French sentence on stderr, the right exit status, no
traceback. Disk faults are real: the data dir lives on a small tmpfs, filled up or remounted read-only (the
tests run as root, so chmod would not stop a write)."""

import errno
import json
import subprocess
from pathlib import Path

import pytest

from tests.media_factory import make_exif_corrupted_field, make_jpeg
from tests.test_cli import list_json, run


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted for the test, always unmounted afterwards."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], check=True, capture_output=True)
    try:
        yield mnt
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mnt)], check=True, capture_output=True)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk`; delete the returned file to free them."""
    filler = disk / "filler"
    chunk = b"\0" * 65536
    with open(filler, "wb", buffering=0) as fh:
        while chunk:
            try:
                fh.write(chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                chunk = chunk[: len(chunk) // 2]
    return filler


def remount_read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Errno" not in stderr and "Erreur inattendue" not in stderr
    return lines[0]


def photos(folder: Path, start: int, n: int) -> None:
    for i in range(start, start + n):
        make_jpeg(folder / f"p{i:02d}.jpg", size=(160, 120), taken_at="2024:05:01 10:00:00")


def test_a_full_disk_at_the_end_of_a_scan_is_said_once_and_fails(small_disk, library_root):
    data = small_disk / "d"
    photos(library_root, 0, 3)
    run("scan", str(library_root), data_dir=data)
    filler = fill(small_disk)
    photos(library_root, 3, 20)  # the catalog grows: its save needs space that is not there

    proc = run("scan", str(library_root), data_dir=data, check=False)
    assert proc.returncode == 1
    line = one_line(proc.stderr)
    assert "n'a pas pu être enregistré" in line and "le disque est plein" in line and "rien n'est perdu" in line
    assert "retenté" not in line  # the process is exiting: nothing will be retried
    assert len(list_json(data)) == 3  # the previous catalog is intact

    filler.unlink()
    summary = json.loads(run("scan", str(library_root), "--json", data_dir=data).stdout)
    assert summary["added"] == 20 and len(list_json(data)) == 23


def test_a_tag_on_a_full_disk_fails_and_the_sidecar_keeps_it(small_disk, library_root):
    data = small_disk / "d"
    photos(library_root, 0, 2)
    run("scan", str(library_root), data_dir=data)
    # tmpfs counts pages: a save that rotates an older backup frees the page it needs, and whether the scan
    # left one depends on how many saves it made. Without any, the full disk is full for this save too.
    for backup in data.glob("*.bak"):
        backup.unlink()
    filler = fill(small_disk)

    proc = run("tag", str(library_root / "p01.jpg"), "--keyword", "marché", data_dir=data, check=False)
    assert proc.returncode == 1  # it used to exit 0 with the catalog unsaved
    assert "n'a pas pu être enregistré" in one_line(proc.stderr)
    assert "marché" in (library_root / "p01.jpg.xmp").read_text(encoding="utf-8")

    filler.unlink()
    run("scan", str(library_root), data_dir=data)
    assert [i["relpath"] for i in list_json(data, "--keyword", "marché")] == ["p01.jpg"]


def test_a_read_only_data_folder_is_one_clear_sentence_and_list_still_works(small_disk, library_root):
    data = small_disk / "d"
    photos(library_root, 0, 2)
    run("scan", str(library_root), data_dir=data)
    remount_read_only(small_disk)

    for args in (("scan", str(library_root)), ("tag", str(library_root / "p00.jpg"), "--keyword", "x")):
        proc = run(*args, data_dir=data, check=False)
        assert proc.returncode == 1
        line = one_line(proc.stderr)
        assert "lecture seule" in line and str(data) in line and "writer.lock" not in line
    assert len(list_json(data)) == 2


def test_exifread_warnings_on_a_damaged_exif_block_stay_off_stderr(tmp_path, library_root):
    make_exif_corrupted_field(library_root / "abime.jpg")
    proc = run("scan", str(library_root), data_dir=tmp_path / "d")
    assert proc.stderr == ""
    assert [(i["relpath"], i["status"]) for i in list_json(tmp_path / "d")] == [("abime.jpg", "ok")]


def test_an_invalid_name_template_is_a_usage_error(tmp_path, library_root):
    photos(library_root, 0, 1)
    data = tmp_path / "d"
    run("scan", str(library_root), data_dir=data)
    out = tmp_path / "exports"
    for template in ("{nope}", "{name", "{name!r}", "{preset:%Y}"):
        proc = run(
            "export",
            str(library_root / "p00.jpg"),
            "--preset",
            "tiktok",
            "--out",
            str(out),
            "--name",
            template,
            data_dir=data,
            check=False,
        )
        assert proc.returncode == 2, template
        assert one_line(proc.stderr).startswith("--name : ")
    assert not out.exists()


def test_a_catalog_restored_from_its_backup_is_announced_once(tmp_path, library_root):
    data = tmp_path / "d"
    photos(library_root, 0, 2)
    run("scan", str(library_root), data_dir=data)
    run("tag", str(library_root / "p00.jpg"), "--keyword", "un", data_dir=data)  # catalog.json.bak now exists
    (data / "catalog.json").write_bytes(b'{"assets": {"1": ')

    first = run("list", data_dir=data)
    assert "restauré depuis la sauvegarde" in one_line(first.stderr)
    assert len(first.stdout.splitlines()) == 2
    second = run("list", data_dir=data)
    assert second.stderr == "" and second.stdout == first.stdout
    assert len(list(data.glob("catalog.json.corrupt-*"))) == 1  # the damaged file is kept aside


def test_a_deleted_catalog_and_backup_are_announced_until_rebuilt(tmp_path, library_root):
    data = tmp_path / "d"
    photos(library_root, 0, 2)
    run("scan", str(library_root), data_dir=data)
    run("tag", str(library_root / "p00.jpg"), "--keyword", "un", data_dir=data)
    for name in ("catalog.json", "catalog.json.bak"):
        (data / name).unlink()

    empty = run("list", data_dir=data)
    assert empty.stdout == "" and "introuvable" in one_line(empty.stderr)
    # A command that writes before the rebuild does not make the next start believe the catalog complete.
    run("tag", str(library_root / "p01.jpg"), "--keyword", "deux", data_dir=data)
    assert "pas encore été reconstruit" in one_line(run("list", data_dir=data).stderr)

    scan = run("scan", str(library_root), data_dir=data)
    assert "Reconstruction du catalogue" in scan.stderr
    after = run("list", "--json", data_dir=data)
    assert after.stderr == ""
    items = {i["relpath"]: i["tags"]["keywords"] for i in map(json.loads, after.stdout.splitlines())}
    assert items == {"p00.jpg": ["un"], "p01.jpg": ["deux"]}
