"""Windows-only code paths of fsutil, unit-tested with fakes (CI runs on Linux), and atomic writes."""

import errno
import os
import stat

import pytest

from lectoure_media.core import fsutil


def test_replace_retries_while_another_program_holds_the_file():
    calls = []

    def fake_replace(src, dst):
        calls.append((src, dst))
        if len(calls) < 3:
            raise PermissionError(errno.EACCES, "used by another process")

    sleeps = []
    fsutil.replace_with_retry("a", "b", windows=True, _replace=fake_replace, _sleep=sleeps.append)
    assert len(calls) == 3
    assert sleeps == [0.05, 0.1]  # exponential back-off


def test_replace_gives_up_after_the_last_attempt_and_does_not_retry_on_linux():
    def always(src, dst):
        raise PermissionError(errno.EACCES, "locked")

    sleeps = []
    with pytest.raises(PermissionError):
        fsutil.replace_with_retry("a", "b", windows=True, attempts=4, _replace=always, _sleep=sleeps.append)
    assert len(sleeps) == 3
    sleeps.clear()
    with pytest.raises(PermissionError):
        fsutil.replace_with_retry("a", "b", windows=False, _replace=always, _sleep=sleeps.append)
    assert sleeps == []


def test_long_paths_get_the_extended_prefix_on_windows():
    long_dir = "C:\\Photos\\" + "\\".join(["dossier-tres-long"] * 16) + "\\IMG.JPG"
    assert fsutil.long_path(long_dir, windows=True).startswith("\\\\?\\C:\\Photos\\")
    unc = "\\\\serveur\\photos\\" + "x" * 250 + ".jpg"
    assert fsutil.long_path(unc, windows=True).startswith("\\\\?\\UNC\\serveur\\photos\\")
    assert fsutil.long_path("C:\\court.jpg", windows=True) == "C:\\court.jpg"
    assert fsutil.long_path(long_dir, windows=False) == long_dir
    assert fsutil.strip_long_prefix(fsutil.long_path(unc, windows=True)) == unc


def test_path_keys_are_case_insensitive_on_windows_only():
    assert fsutil.path_key("P:\\Photos\\IMG.JPG", windows=True) == fsutil.path_key("p:/photos/img.jpg", windows=True)
    assert fsutil.path_key("/srv/IMG.JPG", windows=False) != fsutil.path_key("/srv/img.jpg", windows=False)
    # NFD (as macOS writes names) and NFC are the same file name
    assert fsutil.path_key("/srv/e\u0301te\u0301.jpg", windows=False) == fsutil.path_key(
        "/srv/\u00e9t\u00e9.jpg", windows=False
    )


def test_atomic_write_keeps_permissions_and_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "x.xmp"
    fsutil.atomic_write_bytes(target, b"one")
    assert stat.S_IMODE(target.stat().st_mode) == fsutil.default_file_mode()  # not mkstemp's 0o600
    os.chmod(target, 0o640)
    fsutil.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two" and stat.S_IMODE(target.stat().st_mode) == 0o640

    def chunks():
        yield b"half"
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        fsutil.atomic_write_chunks(target, chunks())
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xmp"]
