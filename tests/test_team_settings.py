"""Team-wide settings in `<root>/.lectoure-media/settings.json` (issue 10, item 1): default credit line,
file-name template and user presets are the team's; two PCs (two data dirs, real processes) changing
different keys both keep theirs, the same key keeps the overwritten value in the history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lectoure_media.core.library import Library
from lectoure_media.core.team.paths import TEAM_DIR
from lectoure_media.core.team.settings import PENDING_FILE
from tests.media_factory import make_jpeg

ROOT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "Partage"
    root.mkdir()
    make_jpeg(root / "a.jpg", size=(60, 40))
    return root


def team_file(share: Path) -> dict:
    return json.loads((share / TEAM_DIR / "settings.json").read_text(encoding="utf-8"))


def run_py(code: str, pc: str) -> subprocess.Popen:
    env = {**os.environ, "LECTOURE_MEDIA_PC_NAME": pc, "PYTHONPATH": str(ROOT_DIR)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, stderr=subprocess.PIPE, text=True)


def test_two_pcs_changing_different_keys_at_once_both_keep_theirs(tmp_path, share):
    for pc in ("pcA", "pcB"):
        with Library(tmp_path / pc, probe_workers=1) as lib:
            lib.scan(share)
    loop = """
        from lectoure_media.core.library import Library
        with Library({data!r}, probe_workers=1) as lib:
            for n in range(15):
                lib.update_settings(**{{{key!r}: {value!r} + str(n)}})
    """
    a = run_py(loop.format(data=str(tmp_path / "pcA"), key="default_credit", value="Photo Ville "), "PC-A")
    b = run_py(loop.format(data=str(tmp_path / "pcB"), key="name_template", value="{name}_{preset}_v"), "PC-B")
    assert a.wait(120) == 0, a.stderr.read() if a.stderr else ""
    assert b.wait(120) == 0, b.stderr.read() if b.stderr else ""
    values = team_file(share)["values"]
    assert values["default_credit"]["value"] == "Photo Ville 14" and values["default_credit"]["pc"] == "PC-A"
    assert values["name_template"]["value"] == "{name}_{preset}_v14" and values["name_template"]["pc"] == "PC-B"
    history = team_file(share)["history"]
    assert [h["value"] for h in history if h["key"] == "default_credit"] == [f"Photo Ville {n}" for n in range(14)]
    # A third PC gets both; its own per-PC settings stay its own.
    with Library(tmp_path / "pcC", probe_workers=1) as lib:
        lib.scan(share)
        lib.update_settings(poll_interval=42.0)
        s = lib.settings()
        assert (s.default_credit, s.name_template, s.poll_interval) == ("Photo Ville 14", "{name}_{preset}_v14", 42.0)
    assert "poll_interval" not in team_file(share)["values"]
    with Library(tmp_path / "pcA", probe_workers=1) as lib:
        assert lib.settings().name_template == "{name}_{preset}_v14" and lib.settings().poll_interval == 5.0


def test_the_same_key_later_write_wins_and_the_older_is_in_the_history(tmp_path, share, monkeypatch):
    with Library(tmp_path / "pcA", probe_workers=1) as a, Library(tmp_path / "pcB", probe_workers=1) as b:
        a.scan(share)
        b.scan(share)
        a.update_settings(default_credit="Crédit A")
        b.update_settings(default_credit="Crédit B")
        a.scan(share)  # a rescan (or the watcher) re-reads the team folder
        assert a.settings().default_credit == "Crédit B"
    (old,) = [h for h in team_file(share)["history"] if h["key"] == "default_credit"]
    assert old["value"] == "Crédit A" and "replaced_at" in old


def test_this_pcs_values_and_presets_are_migrated_to_the_team_once(tmp_path, share, monkeypatch):
    data = tmp_path / "pcA"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"default_credit": "Mairie de Lectoure", "poll_interval": 9}))
    preset = {"id": "bandeau-site", "label": "Bandeau du site", "width": 1600, "height": 500}
    (data / "presets.json").write_text(json.dumps([preset]))
    with Library(data, probe_workers=1) as lib:
        lib.scan(share)  # the first root: this PC's values go to the team folder
    values = team_file(share)["values"]
    assert values["default_credit"]["value"] == "Mairie de Lectoure" and "poll_interval" not in values
    assert values["presets"]["value"][0]["id"] == "bandeau-site"
    assert not (data / "presets.json").exists() and (data / "presets.json.migrated").exists()
    # Another PC, whose own default credit differs: the team's stays, its value is kept in the history.
    other = tmp_path / "pcB"
    other.mkdir()
    (other / "settings.json").write_text(json.dumps({"default_credit": "Office de tourisme"}))
    with Library(other, probe_workers=1) as lib:
        lib.scan(share)
        assert lib.settings().default_credit == "Mairie de Lectoure"
    history = team_file(share)["history"]
    assert [h["value"] for h in history] == ["Office de tourisme"]
    env = {**os.environ, "PYTHONPATH": str(ROOT_DIR)}
    out = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(other), "presets", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "bandeau-site" in [p["id"] for p in json.loads(out.stdout)]
    with Library(data, probe_workers=1) as lib:  # migrated once: a reopen writes nothing more
        lib.scan(share)
    assert team_file(share)["history"] == history


def test_a_damaged_team_file_is_set_aside_and_an_unreachable_share_queues(tmp_path, share):
    data = tmp_path / "pcA"
    with Library(data, probe_workers=1) as lib:
        lib.scan(share)
        lib.update_settings(default_credit="Un")
        (share / TEAM_DIR / "settings.json").write_text('{"values": {"default_credit": ')  # torn by hand
        lib.update_settings(default_credit="Deux")
        assert team_file(share)["values"]["default_credit"]["value"] == "Deux"
        (aside,) = (share / TEAM_DIR).glob("settings.json.damaged-*")
        assert aside.read_text() == '{"values": {"default_credit": '
        away = share.with_name("away")
        (share / TEAM_DIR).rename(away)
        (share / TEAM_DIR).write_text("not a folder")  # the team folder cannot be written
        lib.update_settings(default_credit="Trois")
        assert lib.settings().default_credit == "Trois" and (data / PENDING_FILE).exists()
    with Library(data, probe_workers=1) as lib:  # closed and reopened meanwhile: still this PC's value
        assert lib.settings().default_credit == "Trois"
        (share / TEAM_DIR).unlink()
        away.rename(share / TEAM_DIR)
        lib.scan(share)
    assert team_file(share)["values"]["default_credit"]["value"] == "Trois"
    assert not (data / PENDING_FILE).exists()


def test_a_watching_pc_takes_up_the_other_pcs_team_setting(tmp_path, share):
    from tests.polling import wait_until

    with Library(tmp_path / "pcB", probe_workers=1) as b:
        b.scan(share)
        watch = b.watch(share, mode="polling", poll_interval=0.5)
        try:
            wait_until(lambda: watch.status.state == "polling", timeout=10)
            other = run_py(
                f"""
                from lectoure_media.core.library import Library
                with Library({str(tmp_path / "pcA")!r}, probe_workers=1) as lib:
                    lib.scan({str(share)!r})
                    lib.update_settings(default_credit="Photo : Office de tourisme")
                """,
                "PC-A",
            )
            assert other.wait(120) == 0, other.stderr.read() if other.stderr else ""
            assert wait_until(lambda: b.settings().default_credit == "Photo : Office de tourisme", timeout=10)
        finally:
            watch.stop()


def test_hostile_team_values_are_skipped_without_a_crash(tmp_path, share):
    (share / TEAM_DIR).mkdir()
    (share / TEAM_DIR / "settings.json").write_text(
        json.dumps(
            {
                "values": {
                    "default_credit": {"value": 12},
                    "name_template": {"value": "../../{name}\u0000"},
                    "presets": {"value": [{"id": "../evil", "width": 10**9}, "x"]},
                    7: "x",
                },
                "history": "not a list",
            }
        )
    )
    data = tmp_path / "pc"
    with Library(data, probe_workers=1) as lib:
        lib.scan(share)
        s = lib.settings()
        assert (s.default_credit, s.name_template) == ("", "{name}_{preset}")
        lib.update_settings(default_credit="Ville de Lectoure")
        assert lib.settings().default_credit == "Ville de Lectoure"
    env = {**os.environ, "PYTHONPATH": str(ROOT_DIR)}
    out = subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "presets", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0 and "evil" not in out.stdout and "ignoré" in out.stderr


def test_the_coverage_period_and_the_rights_rule_are_the_teams(tmp_path, share):
    """Issue 12: "not featured for N months (team setting)"; issue 11: "a team setting makes it refuse"."""
    with Library(tmp_path / "pcA", probe_workers=1) as a, Library(tmp_path / "pcB", probe_workers=1) as b:
        a.scan(share)
        b.scan(share)
        a.update_settings(coverage_months=3, rights_strict=True)
        b.scan(share)  # a rescan (or the watcher) re-reads the team folder
        assert (b.settings().coverage_months, b.settings().rights_strict) == (3, True)
        assert b.coverage().rows is not None
    values = team_file(share)["values"]
    assert values["coverage_months"]["value"] == 3 and values["rights_strict"]["value"] is True
