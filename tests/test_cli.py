"""The command-line contract of ../shared/docs/CLI.md, driven as real processes."""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests import polling
from tests.media_factory import make_jpeg, make_random_bytes

SCAN_KEYS = {"root", "seen", "added", "updated", "moved", "unchanged", "missing", "errors", "seconds"}
LIST_KEYS = {
    "id",
    "path",
    "relpath",
    "kind",
    "format",
    "size",
    "width",
    "height",
    "orientation",
    "taken_at",
    "camera",
    "gps",
    "duration",
    "status",
    "error",
    "tags",
    "rights",  # issue 11 (CLI.md additions)
    "exports",  # the publication log (CLI.md additions)
    "published",
    "rating",
    "label",
}


def run(*args, data_dir, check=True, timeout=120):
    proc = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


def list_json(data_dir, *args):
    out = run("list", "--json", *args, data_dir=data_dir).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def wait_until(predicate, timeout=30.0, interval=0.2):
    """Another process's visible state (its catalog, its output), polled: nothing else to wait on."""
    value = polling.wait_until(predicate, timeout, interval)
    if not value:
        raise AssertionError("condition not met in time")
    return value


@pytest.fixture
def tree(library_root):
    make_jpeg(
        library_root / "cathedrale.jpg",
        size=(400, 300),
        taken_at="2024:05:01 10:00:00",
        gps=(43.93389, 0.62389, None),
        make="Canon",
        model="EOS R6",
        orientation=6,
    )
    make_jpeg(library_root / "sub" / "bistrot.jpg", size=(300, 200), taken_at="2023:12:24 19:30:00")
    make_random_bytes(library_root / "bad.jpg", 3000)
    return library_root


def test_scan_and_list_json_shapes(tmp_path, tree):
    data = tmp_path / "d"
    proc = run("scan", str(tree), "--json", data_dir=data)
    summary = json.loads(proc.stdout)
    assert set(summary) == SCAN_KEYS
    assert (summary["seen"], summary["added"]) == (3, 3)
    assert summary["errors"][0]["path"] == str(tree / "bad.jpg") and summary["errors"][0]["reason"]
    items = list_json(data)
    assert all(set(i) == LIST_KEYS for i in items)
    cat = next(i for i in items if i["relpath"] == "cathedrale.jpg")
    # stored 300x400 with orientation 6 (rotate 90°): displayed 400x300
    assert (cat["width"], cat["height"], cat["orientation"]) == (400, 300, 6)
    assert cat["taken_at"] == "2024-05-01T10:00:00"
    assert cat["camera"] == {"make": "Canon", "model": "EOS R6"}
    assert cat["gps"]["lat"] == pytest.approx(43.93389, abs=1e-4) and cat["gps"]["alt"] is None
    assert cat["tags"] == {"business": [], "heritage": [], "campaign": [], "keywords": []}
    assert [i["relpath"] for i in items if i["status"] == "ok"] == ["cathedrale.jpg", "sub/bistrot.jpg"]
    bad = next(i for i in items if i["relpath"] == "bad.jpg")
    assert bad["status"] == "error" and bad["error"]
    # ROOT makes relpath relative to it
    sub = list_json(data, str(tree / "sub"))
    assert [i["relpath"] for i in sub] == ["bistrot.jpg"]


def test_tag_then_filters(tmp_path, tree):
    data = tmp_path / "d"
    run("scan", str(tree), data_dir=data)
    run(
        "tag",
        str(tree / "cathedrale.jpg"),
        str(tree / "sub" / "bistrot.jpg"),
        "--business",
        "Le Bistrot",
        "--heritage",
        "Cathédrale Saint-Gervais-et-Saint-Protais",
        "--campaign",
        "Concours photo 2024",
        "--keyword",
        "été",
        data_dir=data,
    )
    assert os.path.exists(str(tree / "cathedrale.jpg") + ".xmp")
    assert len(list_json(data, "--business", "le bistrot")) == 2
    assert len(list_json(data, "--text", "cathedrale")) == 2  # heritage tag, accent-insensitive
    assert [i["relpath"] for i in list_json(data, "--since", "2024-01-01", "--until", "2025-12-31")] == [
        "cathedrale.jpg"
    ]
    # no capture date (bad.jpg): its file date, today, counts
    assert "bad.jpg" in [i["relpath"] for i in list_json(data, "--since", "2026-01-01")]
    assert [i["relpath"] for i in list_json(data, "--until", "2023-12-31", "--keyword", "ETE")] == ["sub/bistrot.jpg"]
    run("tag", str(tree / "sub" / "bistrot.jpg"), "--business", "Le Bistrot", "--remove", data_dir=data)
    assert [i["relpath"] for i in list_json(data, "--business", "Le Bistrot")] == ["cathedrale.jpg"]
    assert [i["relpath"] for i in list_json(data, "--untagged")] == ["bad.jpg"]
    assert list_json(data, "--kind", "video") == []


def test_errors_and_usage(tmp_path, tree):
    data = tmp_path / "d"
    missing = run("scan", str(tmp_path / "nowhere"), data_dir=data, check=False)
    assert missing.returncode == 1
    assert len(missing.stderr.strip().splitlines()) == 1 and "introuvable" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = run("list", "--kind", "sound", data_dir=data, check=False)
    assert usage.returncode == 2
    bad_date = run("list", "--since", "01/02/2024", data_dir=data, check=False)
    assert bad_date.returncode == 2 and "AAAA-MM-JJ" in bad_date.stderr
    stray = tmp_path / "stray.jpg"
    make_jpeg(stray, size=(20, 20))
    refused = run("tag", str(stray), "--keyword", "x", data_dir=data, check=False)
    assert refused.returncode == 1 and "scan" in refused.stderr
    run("scan", str(tree), data_dir=data)  # check=True: a failed scan raises here
    slash = run("tag", str(tree / "cathedrale.jpg"), "--business", "A/B", data_dir=data, check=False)
    assert slash.returncode == 1 and "/" in slash.stderr and "Traceback" not in slash.stderr
    assert list_json(data, "--business", "A/B") == [] and list_json(data, "--business", "A") == []


def test_list_scan_and_tag_work_while_watch_owns_the_catalog(tmp_path, tree):
    data = tmp_path / "d"
    watch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lectoure_media",
            "--data-dir",
            str(data),
            "watch",
            str(tree),
            "--polling",
            "--interval",
            "0.5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: len(list_json(data)) == 3)
        # a second writer gets a clear message
        second = run("watch", str(tree), data_dir=data, check=False, timeout=30)
        assert second.returncode == 1 and "déjà ouvert" in second.stderr
        # scan in another process reports without corrupting anything
        summary = json.loads(run("scan", str(tree), "--json", data_dir=data).stdout)
        assert summary["unchanged"] == 3
        # tag writes the sidecar; the watching process picks it up from there
        run("tag", str(tree / "sub" / "bistrot.jpg"), "--business", "Café des Sports", data_dir=data)
        wait_until(lambda: list_json(data, "--business", "Café des Sports"))
        # a new file copied in appears
        make_jpeg(tree / "neuf.jpg", size=(64, 48))
        wait_until(lambda: any(i["relpath"] == "neuf.jpg" for i in list_json(data)))
    finally:
        watch.send_signal(signal.SIGTERM)
        out, err = watch.communicate(timeout=30)
    assert watch.returncode == 0, err
    assert "Traceback" not in err
    # SIGTERM flushed the catalog: a fresh reader sees everything
    assert any(i["relpath"] == "neuf.jpg" for i in list_json(data))


def test_sigterm_during_a_scan_leaves_a_consistent_catalog(tmp_path, library_root):
    """A scan killed politely (SIGTERM) in the middle unwinds and saves what it did; the next run finds a
    sound catalog and does the rest."""
    import pty

    for i in range(40):
        make_jpeg(library_root / f"p{i:02d}.jpg", size=(800, 600), texture=True, seed=i)
    data = tmp_path / "d"
    # stderr on a terminal: the scan prints its progress there, so the signal can be sent once files are done
    # and (with 40 textured photos analysed on one core's share) well before the last one.
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "scan", str(library_root)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        text=True,
    )
    os.close(terminal)
    seen = b""
    try:
        while not any(f"analyse : {n}/40".encode() in seen for n in range(1, 30)):
            chunk = os.read(controller, 4096)
            assert chunk, f"the scan ended without reporting progress: {seen!r}"
            seen += chunk
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        try:
            while chunk := os.read(controller, 4096):
                seen += chunk
        except OSError:  # EIO once the process is gone
            pass
    finally:
        os.close(controller)
    err = seen.decode(errors="replace")
    assert "Traceback" not in err
    assert proc.returncode == 128 + signal.SIGTERM, err  # cut by the signal, not finished
    assert "40 fichiers vus" not in out
    reader = run("list", "--json", data_dir=data)
    assert reader.stderr == ""  # opens cleanly, no recovery message
    done = len(reader.stdout.splitlines())
    summary = json.loads(run("scan", str(library_root), "--json", data_dir=data).stdout)
    assert summary["seen"] == 40 and summary["added"] + summary["unchanged"] + summary["updated"] == 40
    assert 2 <= done < 40  # progress is printed after each file is applied: what was done is saved
    assert summary["added"] == 40 - done


def test_presets_and_export_photo_and_video(tmp_path, library_root):
    from tests.media_factory import make_video

    presets = json.loads(run("presets", "--json", data_dir=tmp_path / "d").stdout)
    ids = {p["id"] for p in presets}
    assert {"instagram-square", "instagram-portrait", "tiktok", "facebook-post", "website-banner"} <= ids
    assert all(set(p) == {"id", "label", "width", "height", "kind"} for p in presets)
    tiktok = next(p for p in presets if p["id"] == "tiktok")
    assert (tiktok["width"], tiktok["height"], sorted(tiktok["kind"])) == (1080, 1920, ["photo", "video"])

    data = tmp_path / "d"
    photo = make_jpeg(library_root / "cathedrale.jpg", size=(1600, 1200), gps=(43.9, 0.6, None), make="Canon")
    clip = make_video(library_root / "clip.mp4", size=(640, 360), seconds=1.0, fps=25)
    run("scan", str(library_root), data_dir=data)
    run("tag", str(photo), "--business", "Le Bistrot", data_dir=data)
    out = tmp_path / "exports"
    proc = run(
        "export",
        str(photo),
        str(clip),
        "--preset",
        "tiktok",
        "--preset",
        "instagram-story",
        "--out",
        str(out),
        "--name",
        "{business}_{name}_{preset}",
        "--json",
        data_dir=data,
        timeout=300,
    )
    rows = json.loads(proc.stdout)
    assert len(rows) == 4
    assert all({"source", "preset", "output", "width", "height"} <= set(r) for r in rows)
    assert all((r["width"], r["height"]) == (1080, 1920) for r in rows)
    assert {os.path.basename(r["output"]) for r in rows} == {
        "Le Bistrot_cathedrale_tiktok.jpg",
        "Le Bistrot_cathedrale_instagram-story.jpg",
        "clip_tiktok.mp4",
        "clip_instagram-story.mp4",
    }
    assert all(os.path.dirname(r["output"]) == str(out) for r in rows)
    # upscaling is flagged (640x360 video to 1080x1920)
    assert any("agrandissement" in w for r in rows for w in r["warnings"])
    # the publication log answers list filters
    assert sorted(i["relpath"] for i in list_json(data, "--exported-to", "tiktok")) == ["cathedrale.jpg", "clip.mp4"]
    assert list_json(data, "--exported-to", "facebook-post") == []
    assert list_json(data, "--not-exported-since", "2000-01-01") == []
    bad = run("export", str(photo), "--preset", "myspace", "--out", str(out), data_dir=data, check=False)
    assert bad.returncode == 2 and "tiktok" in bad.stderr


def test_self_test_builds_the_window_offscreen_on_the_demo_library(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(tmp_path / "d"), "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "self-test ok" in proc.stdout
    assert "25 assets shown" in proc.stdout  # 24 demo photos and the demo video


def test_version_comes_from_the_package_metadata_and_only_when_asked(tmp_path):
    import tomllib
    from pathlib import Path

    # The version the project declares, read independently of the code under test (the set-up installs the
    # package, so its metadata must say the same; a stale or missing installation fails here).
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    expected = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    assert run("--version", data_dir=tmp_path).stdout.strip() == f"lectoure-media {expected}"
    # Start-up does not pay for importlib.metadata (~60 ms) unless the version is needed.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, lectoure_media.cli, lectoure_media.core.library; print('importlib.metadata' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.stdout.strip() == "False", probe.stderr


def test_export_writes_every_item_it_can_and_reports_the_others(tmp_path, library_root):
    """A missing file and a photo-only preset on a video fail their own rows; the rest is written (exit 1)."""
    from tests.media_factory import make_video

    data = tmp_path / "d"
    photo = make_jpeg(library_root / "halle.jpg", size=(800, 600))
    clip = make_video(library_root / "clip.mp4", size=(320, 180), seconds=0.5, fps=25)
    missing = library_root / "absent.jpg"
    out = tmp_path / "exports"
    proc = run(
        "export",
        str(photo),
        str(missing),
        str(clip),
        "--preset",
        "instagram-square",
        "--out",
        str(out),
        "--json",
        data_dir=data,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["source"], r["status"]) for r in rows] == [
        (str(photo), "ok"),
        (str(missing), "error"),
        (str(clip), "error"),
    ]
    assert all({"source", "preset", "output", "width", "height", "status", "error"} <= set(r) for r in rows)
    assert os.path.isfile(rows[0]["output"]) and rows[0]["error"] is None
    assert "introuvable" in rows[1]["error"] and rows[1]["output"] is None
    assert "ne s'applique pas aux vidéos" in rows[2]["error"] and rows[2]["output"] is None
    assert sorted(os.listdir(out)) == [os.path.basename(rows[0]["output"])]
    # text mode: the written file on stdout, each failure with its reason on stderr
    text = run(
        "export",
        str(missing),
        str(photo),
        "--preset",
        "instagram-square",
        "--out",
        str(out),
        data_dir=data,
        check=False,
        timeout=300,
    )
    assert text.returncode == 1
    assert text.stdout.count(str(out)) == 1
    assert f"{missing} (instagram-square) : " in text.stderr and "introuvable" in text.stderr
    assert "n'est pas une photo" not in text.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_cancels_a_video_export(tmp_path, library_root, signum):
    """SIGINT (Ctrl-C) or SIGTERM during a video export: the export stops, no file (not even a partial one)
    is left, « Export annulé », exit 128 + signal (130 for Ctrl-C)."""
    from tests.media_factory import make_video

    data = tmp_path / "d"
    clip = make_video(library_root / "long.mp4", size=(320, 180), seconds=40.0, fps=25)
    out = tmp_path / "exports"
    out.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lectoure_media",
            "--data-dir",
            str(data),
            "export",
            str(clip),
            "--preset",
            "tiktok",
            "--out",
            str(out),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the video's temporary file appears once frames are being encoded: the export is under way
        wait_until(
            lambda: any(n.endswith(".part") for n in os.listdir(out)) or proc.poll() is not None,
            timeout=120,
            interval=0.05,
        )
        assert proc.poll() is None, "the export ended before it could be interrupted"
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 128 + signum, stderr
    assert "Export annulé" in stderr and "Traceback" not in stderr
    assert os.listdir(out) == []
    rows = json.loads(stdout)
    assert [r["status"] for r in rows] == ["cancelled"] and rows[0]["output"] is None
