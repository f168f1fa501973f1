"""A reader (`list`) that restored a damaged catalog from its backup writes the repair only when no other
process holds the catalog: while a writer (another process) holds it, the reader reads the backup as is and
leaves the files to that writer (Library._repair_restored_stores: the held lock, and nothing else, is let go)."""

from __future__ import annotations

import subprocess
import sys

from tests.media_factory import make_jpeg
from tests.test_cli import run

# Another process holding this data dir's writer lock until its stdin closes (what `watch` or the app does).
HOLD = (
    "import sys\n"
    "from filelock import FileLock\n"
    "lock = FileLock(sys.argv[1])\n"
    "lock.acquire(timeout=30)\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
    "lock.release()\n"
)


def test_a_reader_leaves_the_repair_to_the_process_holding_the_catalog(tmp_path):
    root, data = tmp_path / "photos", tmp_path / "d"
    root.mkdir()
    for i in range(2):
        make_jpeg(root / f"p{i}.jpg", seed=i)
    run("scan", str(root), data_dir=data)
    run("tag", str(root / "p0.jpg"), "--keyword", "un", data_dir=data)  # catalog.json.bak now exists
    damaged = b'{"assets": {"1": '
    (data / "catalog.json").write_bytes(damaged)

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data / "writer.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for _ in range(2):
            proc = run("list", data_dir=data)
            assert len(proc.stdout.splitlines()) == 2  # read from the backup
            assert "restauré depuis la sauvegarde" in proc.stderr  # and said so: nothing was written back
        assert (data / "catalog.json").read_bytes() == damaged  # the files are the holder's to repair
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0

    repaired = run("list", data_dir=data)  # nobody holds the catalog now: this reader writes the repair
    assert "restauré depuis la sauvegarde" in repaired.stderr
    again = run("list", data_dir=data)
    assert again.stderr == "" and again.stdout == repaired.stdout
