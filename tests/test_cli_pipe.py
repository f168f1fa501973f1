"""`lectoure-media list | head`: the reader stops early and closes the pipe; the command ends quietly."""

import subprocess
import sys

from tests.media_factory import make_random_bytes


def test_list_into_a_closed_pipe_exits_0_without_a_traceback(tmp_path):
    root, data = tmp_path / "root", tmp_path / "data"
    # Unreadable files are catalogued too (status error): many long names make `list` print more than the
    # pipe's buffer, so the write fails while the command runs (not only at the interpreter's last flush).
    for i in range(80):
        make_random_bytes(root / f"{'p' * 150}_{i:03}.jpg", n=64, seed=i)
    scan = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "scan", str(root)],
        capture_output=True,
        timeout=120,
    )
    assert scan.returncode == 0, scan.stderr.decode(errors="replace")

    proc = subprocess.Popen(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader went away before reading anything, like `head` after its lines
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode(errors="replace")
    assert err.decode(errors="replace") == ""  # no "Erreur inattendue", no "Exception ignored … BrokenPipeError"
