"""The probe pool with real worker processes: hangs are killed at the budget, crashes cost one file,
cancellation is prompt, and results match an in-process probe."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from lectoure_media.core.media import pool as pool_mod
from lectoure_media.core.media.pool import REASON_CRASH, PoolStartError, ProbePool, timeout_reason
from lectoure_media.core.media.probe import probe_file
from lectoure_media.core.media.thumbs import ThumbCache
from tests.media_factory import make_jpeg, make_video, marker_image

pytestmark = pytest.mark.timeout(120)


# -- hooks run INSIDE the workers (installed by the pool's initializer) ---------------------------------------


def install_hooks() -> None:
    """Wrap probe_file so that some file names misbehave the way hostile files do."""
    from lectoure_media.core.media import probe

    real = probe.probe_file

    def hooked(path, thumbs):
        name = os.path.basename(path)
        if name.startswith("hang"):
            threading.Event().wait()  # blocks forever, like a decoder stuck in a loop
        if name.startswith("crash"):
            os._exit(3)  # like a native library calling abort() or exit()
        if name.startswith("segv"):
            os.kill(os.getpid(), signal.SIGSEGV)
        if name.startswith("greedy"):
            bytearray(3 * 1024**3)  # 3 GiB: must fail under the address-space limit
        if name.startswith("slow"):
            threading.Event().wait(1.5)  # a slow (not hung) file
        return real(path, thumbs)

    probe.probe_file = hooked


def failing_initializer() -> None:
    raise RuntimeError("installation cassée")


# -- helpers -----------------------------------------------------------------------------------------------


def photos(folder, n, prefix="photo"):
    return [
        str(
            make_jpeg(
                folder / f"{prefix}{i:02d}.jpg",
                size=(64, 48),
                taken_at=f"2024:05:{i + 1:02d} 10:00:00",
                color=(40 + i * 9, 120, 140),
            )
        )
        for i in range(n)
    ]


def stub_file(folder, name):
    """A real photo under a name that triggers a hook."""
    return str(make_jpeg(folder / name, size=(32, 24)))


def pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# -- tests ---------------------------------------------------------------------------------------------------


def test_results_match_in_process_probe(tmp_path):
    files = photos(tmp_path, 5) + [str(make_video(tmp_path / "clip.mp4", size=(64, 48), rotation=90))]
    reference = {p: probe_file(p, ThumbCache(tmp_path / "ref_thumbs")) for p in files}
    with ProbePool(workers=2, thumb_dir=tmp_path / "thumbs") as pool:
        results = list(pool.map(files))
    assert sorted(p for p, _ in results) == sorted(files)  # each exactly once
    for path, record in results:
        assert record == reference[path]
    cache = ThumbCache(tmp_path / "thumbs")
    assert all(cache.has(r["thumb"]) for _, r in results)


def test_workers_start_lazily(tmp_path):
    files = photos(tmp_path, 1)
    with ProbePool(workers=4) as pool:
        assert pool.worker_pids == []
        assert [r["status"] for _, r in pool.map(files)] == ["ok"]
        assert len(pool.worker_pids) == 1  # one file needed one worker, not four
        assert list(pool.map([])) == []


def test_hung_worker_is_killed_at_the_budget_and_replaced(tmp_path):
    hang = stub_file(tmp_path, "hang.jpg")
    good = photos(tmp_path, 3)
    with ProbePool(workers=1, time_budget=1.0, initializer=install_hooks) as pool:
        t0 = time.monotonic()
        results = {}
        hung_pid = None
        for path, record in pool.map([good[0], hang] + good[1:]):
            results[path] = (record, time.monotonic() - t0)
            if path == good[0]:
                hung_pid = pool.worker_pids[0]  # the only worker, now on the hung file
        record, at = results[hang]
        assert record["status"] == "error"
        assert record["error"] == timeout_reason(1.0) == "l'analyse a dépassé 1 s"
        assert record["kind"] == "photo" and record["size"] == os.path.getsize(hang)
        assert 1.0 <= at - results[good[0]][1] < 15
        # the single worker was replaced, and the files after the hang went through
        assert [results[p][0]["status"] for p in good] == ["ok", "ok", "ok"]
        assert pid_gone(hung_pid)
        assert hung_pid not in pool.worker_pids and len(pool.worker_pids) == 1


def test_crashing_worker_costs_only_that_file(tmp_path):
    crash = stub_file(tmp_path, "crash.jpg")
    segv = stub_file(tmp_path, "segv.jpg")
    good = photos(tmp_path, 3)
    with ProbePool(workers=1, initializer=install_hooks) as pool:
        results = dict(pool.map([crash, good[0], segv, good[1], good[2]]))
    assert results[crash]["status"] == "error" and results[crash]["error"] == REASON_CRASH
    assert results[segv]["error"] == "le fichier a fait échouer l'analyse"
    assert results[crash]["size"] == os.path.getsize(crash)
    assert [results[p]["status"] for p in good] == ["ok", "ok", "ok"]


def test_worker_killed_while_idle_does_not_blame_the_next_file(tmp_path):
    from multiprocessing.connection import wait

    files = photos(tmp_path, 2)
    with ProbePool(workers=1) as pool:
        assert [r["status"] for _, r in pool.map(files[:1])] == ["ok"]
        # something outside (an admin, the OOM killer) kills the idle worker
        (worker,) = pool._pool
        os.kill(worker.proc.pid, signal.SIGKILL)
        assert wait([worker.proc.sentinel], timeout=10), "the worker did not die"
        results = dict(pool.map(files[1:]))
    assert results[files[1]]["status"] == "ok", results[files[1]]["error"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is a Linux limit")
def test_memory_limit_applies_in_workers(tmp_path):
    greedy = stub_file(tmp_path, "greedy.jpg")
    good = photos(tmp_path, 1)
    with ProbePool(workers=1, memory_limit_mb=800, initializer=install_hooks) as pool:
        results = dict(pool.map([greedy] + good))
    assert results[greedy]["status"] == "error"
    assert "MemoryError" in results[greedy]["error"]
    assert results[good[0]]["status"] == "ok"


def test_results_come_as_they_complete(tmp_path):
    slow = stub_file(tmp_path, "slow.jpg")
    good = photos(tmp_path, 4)
    with ProbePool(workers=2, initializer=install_hooks) as pool:
        order = [p for p, _ in pool.map([slow] + good)]
    assert order[-1] == slow  # one worker sat on the slow file while the other did the rest
    assert sorted(order[:-1]) == sorted(good)


def test_cancel_stops_handing_out_files_and_the_pool_stays_usable(tmp_path):
    hangs = [stub_file(tmp_path, f"hang{i}.jpg") for i in range(2)]
    good = photos(tmp_path, 6)
    cancel = threading.Event()
    with ProbePool(workers=2, time_budget=2.0, initializer=install_hooks) as pool:
        got = []
        for path, _record in pool.map([good[0]] + hangs + good[1:], cancel=cancel):
            got.append(path)
            cancel.set()  # the GUI's cancel button, pressed while both workers sit on hung files
        assert got == [good[0]]
        # next batch: the abandoned hung files are killed at their budget, their workers replaced,
        # and only this batch's own results come back
        extra = photos(tmp_path, 2, prefix="extra")
        results = dict(pool.map(extra))
        assert set(results) == set(extra)
        assert all(r["status"] == "ok" for r in results.values())


def test_cancel_timing(tmp_path):
    hangs = [stub_file(tmp_path, f"hang{i}.jpg") for i in range(2)]
    cancel = threading.Event()
    with ProbePool(workers=2, time_budget=30.0, initializer=install_hooks) as pool:
        it = pool.map(hangs, cancel=cancel)
        done = threading.Event()
        results = []

        def consume():
            results.extend(it)
            done.set()

        threading.Thread(target=consume, daemon=True).start()
        # let the workers start and take the hung files, then cancel
        deadline = time.monotonic() + 30
        while len(pool.worker_pids) < 2 and time.monotonic() < deadline:
            done.wait(0.02)
        cancel.set()
        t0 = time.monotonic()
        assert done.wait(5.0), "map() did not return after cancel"
        assert time.monotonic() - t0 < 1.0
    assert results == []


def test_breaking_out_of_map_drops_unfinished_results(tmp_path):
    files = photos(tmp_path, 8)
    with ProbePool(workers=2) as pool:
        for _ in pool.map(files):
            break  # caller stops after one result; the other worker's file is abandoned
        again = photos(tmp_path, 3, prefix="again")
        results = [p for p, _ in pool.map(again)]
    assert sorted(results) == sorted(again)


def test_one_map_at_a_time(tmp_path):
    files = photos(tmp_path, 2)
    with ProbePool(workers=1) as pool:
        it = pool.map(files)
        next(it)
        with pytest.raises(RuntimeError):
            pool.map(files)
        list(it)
        assert len(list(pool.map(files))) == 2


def test_close_stops_the_workers(tmp_path):
    pool = ProbePool(workers=2)
    list(pool.map(photos(tmp_path, 4)))
    pids = pool.worker_pids
    assert len(pids) == 2
    pool.close()
    assert all(pid_gone(pid) for pid in pids)
    with pytest.raises(RuntimeError):
        pool.map([])


def test_broken_installation_is_reported_not_blamed_on_files(tmp_path):
    files = photos(tmp_path, 2)
    with ProbePool(workers=1, initializer=failing_initializer) as pool, pytest.raises(PoolStartError):
        list(pool.map(files))


def test_pool_prunes_the_thumbnail_cache(tmp_path):
    files = []
    for i in range(12):
        path = tmp_path / f"n{i:02d}.jpg"
        marker_image((640, 480), texture=True, seed=i).save(path, "JPEG", quality=92)
        files.append(str(path))
    cap = 40_000
    with ProbePool(workers=2, thumb_dir=tmp_path / "thumbs", thumb_max_bytes=cap) as pool:
        results = list(pool.map(files))
    assert all(r["thumb"] for _, r in results)
    sizes = [p.stat().st_size for p in (tmp_path / "thumbs").rglob("*.jpg")]
    assert sum(r["thumb"] is not None for _, r in results) * min(sizes) > cap  # more was written than fits
    assert sum(sizes) <= cap


def test_timeout_reason_wording():
    assert timeout_reason(20.0) == "l'analyse a dépassé 20 s"
    assert timeout_reason(2.5) == "l'analyse a dépassé 2.5 s"
    assert pool_mod.DEFAULT_TIME_BUDGET == 20.0
