"""The publication log in the team folder (issue 10 items 1, 4, 5, 8; issue 12 item 3): one append-only file
per PC, read as the union on every PC, real processes on two data dirs (two PCs) on one folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from lectoure_media.core.library import EXPORTS, SETTINGS, Library
from lectoure_media.core.search import Filter
from lectoure_media.core.team.paths import TEAM_DIR
from lectoure_media.core.team.publog import CACHE_FILE, QUEUE_FILE
from tests.media_factory import make_jpeg
from tests.polling import wait_until

ROOT_DIR = Path(__file__).resolve().parents[1]


def cli(data_dir: Path, *args: str, pc: str, prefix: tuple[str, ...] = (), timeout: float = 120):
    env = {**os.environ, "LECTOURE_MEDIA_PC_NAME": pc, "PYTHONPATH": str(ROOT_DIR)}
    env.pop("LECTOURE_MEDIA_DATA_DIR", None)
    cmd = [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args]
    return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=timeout, env=env)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr
    return proc


def listing(data_dir: Path, root: Path, *flags: str, pc: str) -> dict[str, dict]:
    out = ok(cli(data_dir, "list", str(root), "--json", *flags, pc=pc)).stdout
    return {(o := json.loads(line))["relpath"]: o for line in out.splitlines() if line.strip()}


def log_lines(root: Path) -> list[bytes]:
    return [line for f in sorted((root / TEAM_DIR / "publog").glob("*.jsonl")) for line in f.read_bytes().splitlines()]


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "Partage"
    root.mkdir()
    make_jpeg(root / "a.jpg", size=(120, 90), taken_at="2024:01:01 10:00:00")
    make_jpeg(root / "b.jpg", size=(120, 90), color=(10, 200, 10), taken_at="2024:01:02 10:00:00")
    return root


def test_both_pcs_logs_appear_on_both_and_on_a_new_pc(tmp_path, share):
    pc_a, pc_b, pc_new = tmp_path / "pcA", tmp_path / "pcB", tmp_path / "pcNew"
    ok(cli(pc_a, "scan", str(share), pc="PC-A"))
    ok(cli(pc_b, "scan", str(share), pc="PC-B"))
    ok(
        cli(
            pc_a,
            "export",
            str(share / "a.jpg"),
            "--preset",
            "instagram-portrait",
            "--out",
            str(tmp_path / "o"),
            pc="PC-A",
        )
    )
    url = "https://www.facebook.com/lectoure/posts/1"
    posted = ok(
        cli(
            pc_b,
            "posted",
            str(share / "b.jpg"),
            "--platform",
            "facebook",
            "--date",
            "2024-05-02",
            "--url",
            url,
            "--json",
            pc="PC-B",
        )
    )
    assert json.loads(posted.stdout)[0]["platform"] == "facebook"
    # Two files, one per PC: two PCs never write the same file.
    assert len(list((share / TEAM_DIR / "publog").glob("*.jsonl"))) == 2
    for data_dir, pc in ((pc_a, "PC-A"), (pc_b, "PC-B")):
        ok(cli(data_dir, "scan", str(share), pc=pc))
        items = listing(data_dir, share, pc=pc)
        (export,) = items["a.jpg"]["exports"]
        assert export["preset"] == "instagram-portrait" and export["pc"] == "PC-A"
        assert export["output"].endswith(".jpg") and export["date"].startswith("20")
        assert items["a.jpg"]["published"] == [] and items["b.jpg"]["exports"] == []
        assert items["b.jpg"]["published"] == [{"platform": "facebook", "date": "2024-05-02", "url": url}]
    # A new PC (a fresh data dir) gets the whole history back from the folder.
    ok(cli(pc_new, "scan", str(share), pc="PC-NEW"))
    items = listing(pc_new, share, pc="PC-NEW")
    assert [e["pc"] for e in items["a.jpg"]["exports"]] == ["PC-A"]
    assert [p["platform"] for p in items["b.jpg"]["published"]] == ["facebook"]
    assert set(listing(pc_new, share, "--never-exported", pc="PC-NEW")) == {"b.jpg"}
    assert set(listing(pc_new, share, "--not-published-since", "2024-05-01", pc="PC-NEW")) == {"a.jpg"}
    assert set(listing(pc_new, share, "--not-published-since", "2024-06-01", pc="PC-NEW")) == {"a.jpg", "b.jpg"}
    assert set(listing(pc_new, share, "--exported-to", "instagram-portrait", pc="PC-NEW")) == {"a.jpg"}


def test_posted_refuses_a_bad_platform_date_or_url(tmp_path, share):
    pc = tmp_path / "pc"
    ok(cli(pc, "scan", str(share), pc="PC"))
    assert cli(pc, "posted", str(share / "a.jpg"), "--platform", "myspace", pc="PC").returncode == 2
    bad_date = cli(pc, "posted", str(share / "a.jpg"), "--platform", "x", "--date", "2024-13-01", pc="PC")
    assert bad_date.returncode == 1 and "AAAA-MM-JJ" in bad_date.stderr
    bad_url = cli(pc, "posted", str(share / "a.jpg"), "--platform", "x", "--url", "javascript:alert(1)", pc="PC")
    assert bad_url.returncode == 1 and "http" in bad_url.stderr
    assert log_lines(share) == []


@pytest.mark.parametrize("mode", ["native", "polling"])
def test_a_watching_pc_picks_up_the_other_pcs_lines(tmp_path, share, monkeypatch, mode):
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "PC-B")
    pc_a = tmp_path / "pcA"
    ok(cli(pc_a, "scan", str(share), pc="PC-A"))
    updates = []
    with Library(tmp_path / "pcB", probe_workers=1) as lib:
        lib.scan(share)
        b = str(share / "b.jpg")
        doc_id = int(lib.get_by_path(b)["id"])
        watch = lib.watch(share, mode=mode, poll_interval=0.5, on_update=updates.append)
        try:
            wait_until(lambda: watch.status.state in ("watching", "polling"), timeout=10)
            ok(cli(pc_a, "posted", str(share / "b.jpg"), "--platform", "instagram", "--date", "2024-06-03", pc="PC-A"))
            # ≤ 10 s on a polled share; the update names the asset, so the inspector repaints it.
            assert wait_until(lambda: any(doc_id in u.changed for u in updates), timeout=10)
            assert [(p["platform"], p["pc"]) for p in lib.publications(b)] == [("instagram", "PC-A")]
            assert [lib.asset(i)["path"] for i in lib.query_ids(Filter(published_since="2024-06-01"))] == [b]
        finally:
            watch.stop()


def test_kill_9_during_an_append_loop_keeps_every_whole_line(tmp_path, share):
    pc_a = tmp_path / "pcA"
    ok(cli(pc_a, "scan", str(share), pc="PC-A"))
    script = textwrap.dedent(
        f"""
        import sys
        from lectoure_media.core.library import Library
        lib = Library({str(pc_a)!r}, read_only=True)
        n = 0
        while True:
            lib.mark_published([{str(share / "a.jpg")!r}], "website", "2024-01-0" + str(n % 9 + 1))
            n += 1
            if n == 5:
                print("ready", flush=True)
        """
    )
    env = {**os.environ, "LECTOURE_MEDIA_PC_NAME": "PC-A", "PYTHONPATH": str(ROOT_DIR)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        wait_until(lambda: len(log_lines(share)) >= 40, timeout=30)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    (log_file,) = (share / TEAM_DIR / "publog").glob("*.jsonl")
    whole = [json.loads(line) for line in log_file.read_bytes().split(b"\n")[:-1]]
    # A write cut by a crash on a share: the tail of a line is missing. Simulate it on top of the kill.
    with open(log_file, "ab") as fh:
        fh.write(b'{"type": "published", "id": "torn-li')
    ok(cli(pc_a, "posted", str(share / "b.jpg"), "--platform", "x", "--date", "2024-02-02", pc="PC-A"))
    with Library(tmp_path / "fresh", probe_workers=1) as lib:
        lib.scan(share)
        published = lib.publications()
    ids = {p["id"] for p in published}
    assert {e["id"] for e in whole} <= ids  # every complete line is kept
    assert "torn-li" not in ids and len(ids) == len(whole) + 1
    assert [p["platform"] for p in published if p["source"].endswith("b.jpg")] == ["x"]
    assert log_file.read_bytes().endswith(b"\n")  # the append started on a new line


def _read_only_prefix(root: Path) -> tuple[str, ...] | None:
    """Run a command in a mount namespace where `root` is mounted read-only (a read-only share: EROFS)."""
    if shutil.which("unshare") is None:
        return None
    r = str(root)
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f'mount --bind "{r}" "{r}" && mount -o remount,bind,ro "{r}" "{r}" && true'],
        capture_output=True,
    )
    if probe.returncode != 0:
        return None
    return (
        "unshare",
        "-m",
        "sh",
        "-c",
        f'mount --bind "{r}" "{r}" && mount -o remount,bind,ro "{r}" "{r}" && exec "$@"',
        "sh",
    )


def test_a_read_only_share_queues_the_lines_and_writes_them_later(tmp_path, share):
    prefix = _read_only_prefix(share)
    if prefix is None and os.geteuid() == 0:
        pytest.skip("no way to make a read-only folder here (root, without mount namespaces)")
    pc_a = tmp_path / "pcA"
    ok(cli(pc_a, "scan", str(share), pc="PC-A"))
    (share / TEAM_DIR).mkdir(exist_ok=True)
    if prefix is None:
        os.chmod(share, 0o555)
        os.chmod(share / TEAM_DIR, 0o555)
    try:
        done = cli(
            pc_a,
            "posted",
            str(share / "a.jpg"),
            "--platform",
            "tiktok",
            "--date",
            "2024-03-03",
            pc="PC-A",
            prefix=prefix or (),
        )
        assert done.returncode == 0, done.stderr
        assert "lecture seule" in done.stderr
        assert log_lines(share) == [] and (pc_a / QUEUE_FILE).exists()
        # The queued line is part of what this PC reads, even before the share takes it.
        items = listing(pc_a, share, pc="PC-A")
        assert [p["platform"] for p in items["a.jpg"]["published"]] == ["tiktok"]
    finally:
        os.chmod(share, 0o755)
        os.chmod(share / TEAM_DIR, 0o755)
    ok(cli(pc_a, "scan", str(share), pc="PC-A"))  # the share is writable again: the queue goes to it
    assert len(log_lines(share)) == 1 and not (pc_a / QUEUE_FILE).exists()
    ok(cli(tmp_path / "pcNew", "scan", str(share), pc="PC-NEW"))
    items = listing(tmp_path / "pcNew", share, pc="PC-NEW")
    assert [p["platform"] for p in items["a.jpg"]["published"]] == ["tiktok"]


def test_an_unreachable_share_queues_across_close_and_reopen(tmp_path, share, monkeypatch):
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "PC-A")
    data = tmp_path / "pcA"
    a = str(share / "a.jpg")
    with Library(data, probe_workers=1) as lib:
        lib.scan(share)
        away = share.with_name("Partage-away")
        share.rename(away)  # the share dropped
        lib.record_export(a, "tiktok", str(tmp_path / "o.mp4"), width=1080, height=1920, size=10)
        assert lib.export_log(a)[0]["preset"] == "tiktok"
    with Library(data, probe_workers=1) as lib:  # closed and reopened, still out of reach: still there
        assert [e["preset"] for e in lib.export_log()] == ["tiktok"]
        away.rename(share)
        assert log_lines(share) == []
        lib.scan(share)
        assert len(log_lines(share)) == 1
    with Library(tmp_path / "pcNew", probe_workers=1) as lib:
        lib.scan(share)
        assert [(e["preset"], e["pc"]) for e in lib.export_log(a)] == [("tiktok", "PC-A")]


def _legacy_rows(data: Path, share: Path) -> None:
    """A data dir of the previous version: exports in registry.json."""
    with Library(data, probe_workers=1) as lib:
        lib.scan(share)
        fp = lib.get_by_path(str(share / "a.jpg"))["fingerprint"]
        for n, preset in enumerate(("facebook-post", "instagram-portrait"), 1):
            row = {
                "fingerprint": fp,
                "source": str(share / "a.jpg"),
                "preset": preset,
                "output": f"/o/{n}.jpg",
                "width": 1080,
                "height": 1080,
                "bytes": 99,
                "at": f"2023-0{n}-01T10:00:00",
            }
            lib._registry.put(EXPORTS, lib._registry.next_id(EXPORTS), row)
        lib._registry.put(
            SETTINGS, 1, {k: v for k, v in (lib._registry.get(SETTINGS, 1) or {}).items() if k != "publog_migrated"}
        )


def test_the_old_export_log_is_migrated_once_even_from_two_pcs(tmp_path, share, monkeypatch):
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "PC-A")
    pc_a, pc_b = tmp_path / "pcA", tmp_path / "pcB"
    _legacy_rows(pc_a, share)
    assert log_lines(share) == []
    for _ in range(2):
        with Library(pc_a, probe_workers=1) as lib:
            assert sorted(e["preset"] for e in lib.export_log()) == ["facebook-post", "instagram-portrait"]
    assert len(log_lines(share)) == 2
    # Run again after the flag is lost (a restored backup): the deterministic ids still prevent duplicates.
    with Library(pc_a, probe_workers=1) as lib:
        lib._registry.put(SETTINGS, 1, {**(lib._registry.get(SETTINGS, 1) or {}), "publog_migrated": 0})
    with Library(pc_a, probe_workers=1) as lib:
        pass
    assert len(log_lines(share)) == 2
    # A second PC holding a copy of the same registry.json (its own pc id) adds nothing either.
    pc_b.mkdir()
    shutil.copy(pc_a / "registry.json", pc_b / "registry.json")
    with Library(pc_b, probe_workers=1) as lib:
        assert len(lib.export_log()) == 2
    assert len(log_lines(share)) == 2
    assert all(json.loads(line)["source"] == "a.jpg" for line in log_lines(share))  # relative to the root


def test_a_big_log_is_read_incrementally_from_the_cache(tmp_path, share, monkeypatch):
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "PC-A")
    data = tmp_path / "pcA"
    a = str(share / "a.jpg")
    with Library(data, probe_workers=1) as lib:
        lib.scan(share)
        lib.mark_published([a], "facebook", "2024-01-01")
    assert (data / CACHE_FILE).exists()
    (log_file,) = (share / TEAM_DIR / "publog").glob("*.jsonl")
    first = log_file.read_bytes()
    # Overwrite the bytes already read with same-length junk (only the cache still knows that line), then
    # append a line: a reopen reads only the appended bytes.
    log_file.write_bytes(b"#" * (len(first) - 40) + first[-40:])
    ok(cli(data, "posted", a, "--platform", "x", "--date", "2024-02-01", pc="PC-A"))
    with Library(data, probe_workers=1) as lib:
        assert sorted(p["platform"] for p in lib.publications(a)) == ["facebook", "x"]
    with Library(tmp_path / "fresh", probe_workers=1) as lib:  # no cache: the junk line is skipped
        lib.scan(share)
        assert [p["platform"] for p in lib.publications(a)] == ["x"]


def test_hostile_log_files_are_skipped_without_a_crash(tmp_path, share):
    folder = share / TEAM_DIR / "publog"
    folder.mkdir(parents=True)
    good = {
        "type": "published",
        "id": "g1",
        "at": "2024-01-01T10:00:00",
        "platform": "x",
        "date": "2024-01-01",
        "fingerprint": "f",
        "source": "../../etc/passwd",
        "pc": "P",
        "pc_id": "p",
    }
    lines = [
        b"not json",
        b"[1, 2]",
        json.dumps({**good, "id": 5}).encode(),
        json.dumps({**good, "id": "wrong-platform", "platform": "myspace"}).encode(),
        json.dumps({**good, "id": "bad-types", "width": "huge", "url": ["x"]}).encode(),
        b'{"x": "' + b"A" * 300_000 + b'"}',
        json.dumps(good).encode(),
        b"\xff\xfe garbage",
    ]
    (folder / "evil.jsonl").write_bytes(b"\n".join(lines) + b"\n" + b"B" * 200_000)
    (folder / "link.jsonl").symlink_to("/etc/passwd")
    (folder / "dir.jsonl").mkdir()
    with Library(tmp_path / "pc", probe_workers=1) as lib:
        lib.scan(share)
        ids = sorted(p["id"] for p in lib.publications())
        assert ids == ["bad-types", "g1"]
        bad = next(p for p in lib.publications() if p["id"] == "bad-types")
        assert bad["width"] is None and bad["url"] is None


def test_a_mark_taken_back_is_gone_on_every_pc(tmp_path, share, monkeypatch):
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "PC-A")
    a = str(share / "a.jpg")
    with Library(tmp_path / "pcA", probe_workers=1) as lib:
        lib.scan(share)
        kept, wrong = (lib.mark_published([a], p, "2024-03-01")[0] for p in ("facebook", "tiktok"))
        lib.unmark_published([wrong["id"], "not-an-id", kept["id"] + "x"])
        assert [p["platform"] for p in lib.publications(a)] == ["facebook"]
        assert lib.query_ids(Filter(published_to="tiktok")) == []
    assert [json.loads(line)["type"] for line in log_lines(share)] == ["published", "published", "retracted"]
    ok(cli(tmp_path / "pcB", "scan", str(share), pc="PC-B"))
    items = listing(tmp_path / "pcB", share, pc="PC-B")
    assert [p["platform"] for p in items["a.jpg"]["published"]] == ["facebook"]
    with Library(tmp_path / "pcA", probe_workers=1) as lib:  # from the cache too
        assert [p["platform"] for p in lib.publications(a)] == ["facebook"]


def test_posted_while_watch_owns_the_catalog_on_the_same_pc(tmp_path, share):
    data = tmp_path / "pcA"
    ok(cli(data, "scan", str(share), pc="PC-A"))
    env = {**os.environ, "LECTOURE_MEDIA_PC_NAME": "PC-A", "PYTHONPATH": str(ROOT_DIR)}
    cmd = [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "watch", str(share)]
    watch = subprocess.Popen([*cmd, "--polling", "--interval", "0.5", "--json"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        lines: list[str] = []
        assert watch.stdout is not None
        reader = threading.Thread(target=lambda: lines.extend(iter(watch.stdout.readline, "")), daemon=True)
        reader.start()
        assert wait_until(lambda: lines, timeout=30)  # the watcher's first reconcile: it is watching
        posted = cli(data, "posted", str(share / "a.jpg"), "--platform", "linkedin", "--date", "2024-04-04", pc="PC-A")
        assert posted.returncode == 0, posted.stderr
        assert "inaccessible" not in posted.stderr and not (data / QUEUE_FILE).exists()  # not queued
        assert len(log_lines(share)) == 1
        # The owner's watcher takes the change up (one more summary: the team folder's batch).
        assert wait_until(lambda: len(lines) >= 2, timeout=20), lines
    finally:
        watch.send_signal(signal.SIGTERM)
        watch.wait(30)
    cache = json.loads((data / CACHE_FILE).read_bytes())  # the owner's state, saved at its close
    assert any(row[0] == "published" and "linkedin" in row for row in cache["rows"])
    assert [p["platform"] for p in listing(data, share, pc="PC-A")["a.jpg"]["published"]] == ["linkedin"]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names are always Unicode")
def test_a_name_that_is_not_utf8_is_logged_as_valid_json(tmp_path, share):
    odd = os.fsdecode(bytes(share) + b"/photo\xe9t\xe9.jpg")
    shutil.copy(share / "a.jpg", odd)
    pc = tmp_path / "pc"
    ok(cli(pc, "scan", str(share), pc="PC"))
    done = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(pc), "posted", os.fsencode(odd), "--platform", "x",
         "--json"], capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT_DIR)}, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["source"].endswith("photo\ufffdt\ufffd.jpg")
    (entry,) = [json.loads(line) for line in log_lines(share)]
    assert entry["source"] == "photo\ufffdt\ufffd.jpg"
    with Library(pc, probe_workers=1) as lib:  # found by its content, like any other
        assert [p["platform"] for p in lib.publications(odd)] == ["x"]
