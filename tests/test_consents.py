"""Consent register, export gate and withdrawal (issue 11), through real processes on real files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lectoure_media.core.consents import Consent, ConsentError, ConsentRegister
from lectoure_media.core.rights_gate import platform_scope, reasons
from lectoure_media.core.sidecar import read_sidecar
from lectoure_media.core.team.paths import CONSENT_FORMS, CONSENTS, team_dir
from lectoure_media.core.withdrawal import report
from tests.media_factory import make_jpeg

TODAY = dt.date.today()


def cli(data_dir: Path, *args: str, pc: str = "PC-Accueil") -> subprocess.CompletedProcess:
    env = {**os.environ, "LECTOURE_MEDIA_LANG": "fr", "LECTOURE_MEDIA_PC_NAME": pc}
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "Partage"
    colours = {"marche": (200, 120, 40), "ecole": (40, 160, 90), "rue": (90, 90, 200)}
    photos = {n: make_jpeg(root / f"{n}.jpg", size=(320, 240), color=c) for n, c in colours.items()}
    data = tmp_path / "pcA"
    ok(cli(data, "scan", str(root)))
    return root, photos, data


def test_consent_add_list_show_with_form(share, tmp_path):
    root, _, data = share
    form = make_jpeg(tmp_path / "scan formulaire.jpg")
    proc = ok(
        cli(
            data,
            "consent",
            "add",
            "Émilie Lefèvre",
            "--contact",
            "06 12 34 56 78",
            "--signed",
            "2024-05-02",
            "--expires",
            "2026-05-02",
            "--scope",
            "social",
            "--scope",
            "web",
            "--minor",
            "--guardian",
            "Marc Lefèvre",
            "--form",
            str(form),
            "--json",
        )  # fmt: skip
    )
    added = json.loads(proc.stdout)
    assert added["name"] == "Émilie Lefèvre" and added["scope"] == ["social", "web"]
    assert added["minor"] is True and added["guardian"] == "Marc Lefèvre" and added["withdrawn"] is False
    assert added["id"].startswith("emilie-lefevre-")
    stored = team_dir(root) / CONSENTS / f"{added['id']}.json"
    assert stored.is_file()
    copied = Path(added["form"])
    assert copied.parent == team_dir(root) / CONSENT_FORMS and copied.read_bytes() == form.read_bytes()
    assert json.loads(ok(cli(data, "consent", "show", added["id"], "--json")).stdout) == added
    assert json.loads(ok(cli(data, "consent", "list", "--json")).stdout) == [added]
    # Without --json, `add` prints the new id alone.
    plain = ok(cli(data, "consent", "add", "Paul Durand")).stdout.strip()
    assert plain.startswith("paul-durand-") and (team_dir(root) / CONSENTS / f"{plain}.json").is_file()


def test_consent_add_refuses_bad_input(share, tmp_path):
    root, _, data = share
    fake = tmp_path / "formulaire.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    for args, words in (
        (["Léo", "--minor"], "représentant légal"),
        (["Léo", "--expires", "2024-13-01"], "AAAA-MM-JJ"),
        (["Léo", "--form", str(fake)], "ni un PDF"),
        (["Léo", "--form", str(tmp_path / "absent.pdf")], "introuvable"),
    ):
        proc = cli(data, "consent", "add", *args)
        assert proc.returncode == 1 and words in proc.stderr, proc.stderr
    assert not list((team_dir(root) / CONSENTS).glob("*.json"))
    assert cli(data, "consent", "show", "../../etc/passwd").returncode == 1


def test_hostile_consent_files_are_reported_not_fatal(share):
    root, _, data = share
    good = json.loads(ok(cli(data, "consent", "add", "Anne Bon", "--json")).stdout)
    folder = team_dir(root) / CONSENTS
    (folder / "broken-0001.json").write_bytes(b"{not json")
    (folder / "huge-0002.json").write_bytes(b'{"id": "huge-0002", "name": "' + b"x" * 200_000 + b'"}')
    (folder / "types-0003.json").write_text(json.dumps({"id": "types-0003", "name": ["a"], "minor": "yes"}))
    (folder / "other-0004.json").write_text(json.dumps({"id": "../../x", "name": "Z"}))
    (folder / "form-0005.json").write_text(json.dumps({"id": "form-0005", "name": "F", "form": "../../../etc/passwd"}))
    (folder / "Bad Name.json").write_text(json.dumps({"id": "Bad Name", "name": "B"}))
    (folder / "dir-0006.json").mkdir()
    (folder / "list-0007.json").write_text("[1, 2, 3]")
    proc = ok(cli(data, "consent", "list", "--json"))
    assert json.loads(proc.stdout) == [good]
    assert proc.stderr.count("ignoré") == 8, proc.stderr
    assert cli(data, "consent", "show", "broken-0001").returncode == 1


def consent(cid: str, **kw) -> Consent:
    return Consent(id=cid, name=kw.pop("name", "Jean Dupont"), **kw)


def test_gate_reasons_pure():
    people = {"people": "yes", "consents": ["c1"]}
    assert reasons(people, {"c1": consent("c1")}, "instagram-portrait", TODAY) == []
    assert reasons({"people": "yes"}, {}, "facebook-post", TODAY) == ["Personnes visibles sans consentement."]
    # Expiry exactly today: still valid through today; yesterday: expired.
    assert reasons(people, {"c1": consent("c1", expires=TODAY.isoformat())}, "tiktok", TODAY) == []
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    got = reasons(people, {"c1": consent("c1", expires=yesterday)}, "tiktok", TODAY)
    assert got and "expiré" in got[0]
    assert "retiré" in reasons(people, {"c1": consent("c1", withdrawn=True)}, "tiktok", TODAY)[0]
    web_only = {"c1": consent("c1", scope=["web"])}
    assert "réseaux sociaux" in reasons(people, web_only, "instagram-square", TODAY)[0]
    assert reasons(people, web_only, "website-banner", TODAY) == []
    assert "introuvable" in reasons(people, {}, "website-banner", TODAY)[0]
    kids = {"people": "yes", "consents": ["c1"], "minors": True}
    assert "représentant légal" in reasons(kids, {"c1": consent("c1")}, "web", TODAY)[0]
    assert reasons(kids, {"c1": consent("c1", minor=True, guardian="M. Dupont")}, "web", TODAY) == []
    assert reasons({"licence_end": TODAY.isoformat()}, {}, "tiktok", TODAY) == []
    assert "Licence expirée" in reasons({"licence_end": yesterday}, {}, "tiktok", TODAY)[0]
    assert "Creative Commons" in reasons({"licence": "cc-by-4.0"}, {}, "tiktok", TODAY)[0]
    assert "ne pas publier" in reasons({"do_not_publish": True}, {}, "tiktok", TODAY)[0]
    assert [platform_scope(p) for p in ("instagram-story", "facebook-cover", "tiktok", "website-banner")] == [
        "social", "social", "social", "web",
    ]  # fmt: skip


def test_export_strict_refuses_and_reports(share, tmp_path):
    root, photos, data = share
    cid = ok(cli(data, "consent", "add", "Jean Dupont", "--expires", TODAY.isoformat(), "--scope", "social")).stdout
    cid = cid.strip()
    ok(cli(data, "rights", str(photos["marche"]), "--people", "yes", "--consent", cid))
    ok(cli(data, "rights", str(photos["ecole"]), "--people", "yes", "--minors", "yes", "--consent", cid))
    out = tmp_path / "out"
    files = [str(photos[n]) for n in ("marche", "ecole", "rue")]
    proc = cli(data, "export", *files, "--preset", "instagram-square", "--out", str(out), "--strict", "--json")
    assert proc.returncode == 1
    rows = {Path(r["source"]).stem: r for r in json.loads(proc.stdout)}
    # Consent expiring today covers today: exported. The minor without a guardian's consent: refused.
    assert rows["marche"]["rights"] == [] and rows["marche"]["output"] and Path(rows["marche"]["output"]).is_file()
    assert rows["ecole"]["refused"] is True and rows["ecole"]["output"] is None
    assert any("représentant légal" in r for r in rows["ecole"]["rights"])
    assert rows["rue"]["rights"] == [] and "refused" not in rows["rue"]
    assert sorted(p.name for p in out.iterdir()) == ["marche_instagram-square.jpg", "rue_instagram-square.jpg"]
    # Without --strict: the same reasons are reported, every file is written, exit 0.
    proc = ok(cli(data, "export", *files, "--preset", "instagram-square", "--out", str(tmp_path / "o2"), "--json"))
    rows = {Path(r["source"]).stem: r for r in json.loads(proc.stdout)}
    assert rows["ecole"]["output"] and any("représentant légal" in r for r in rows["ecole"]["rights"])
    assert "droits" in proc.stderr


def test_strict_setting_refuses_without_the_flag(share, tmp_path):
    root, photos, data = share
    ok(cli(data, "rights", str(photos["rue"]), "--do-not-publish"))
    settings = data / "settings.json"
    doc = json.loads(settings.read_text()) if settings.exists() else {}
    settings.write_text(json.dumps({**doc, "rights_strict": True}))
    proc = cli(data, "export", str(photos["rue"]), "--preset", "tiktok", "--out", str(tmp_path / "o"), "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)[0]["refused"] is True
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_withdrawal_marks_assets_and_reports_exports_from_two_pcs(share, tmp_path):
    root, photos, data_a = share
    data_b = tmp_path / "pcB"
    ok(cli(data_b, "scan", str(root), pc="PC-Mairie"))
    cid = ok(cli(data_a, "consent", "add", "Jean Dupont")).stdout.strip()
    ok(cli(data_a, "rights", str(photos["marche"]), str(photos["ecole"]), "--people", "yes", "--consent", cid))
    # PC B does not rescan: the withdrawal brings its catalog up to date with the sidecars PC A wrote.
    out_a, out_b = tmp_path / "exports-a", tmp_path / "exports-b"
    ok(cli(data_a, "export", str(photos["marche"]), "--preset", "instagram-square", "--out", str(out_a)))
    ok(cli(data_b, "export", str(photos["marche"]), "--preset", "facebook-post", "--out", str(out_b), pc="PC-Mairie"))
    ok(cli(data_b, "export", str(photos["ecole"]), "--preset", "tiktok", "--out", str(out_b), pc="PC-Mairie"))

    # PC B withdraws (the consent was added on PC A: the register is the shared folder's).
    proc = ok(cli(data_b, "consent", "withdraw", cid, "--json", pc="PC-Mairie"))
    got = json.loads(proc.stdout)
    assert got["id"] == cid
    by_path = {Path(a["path"]).stem: a for a in got["assets"]}
    assert sorted(by_path) == ["ecole", "marche"]
    # Both PCs' exports, from the team's publication log (one file per PC in the shared folder).
    assert sorted((e["preset"], e["pc"]) for e in by_path["marche"]["exports"]) == [
        ("facebook-post", "PC-Mairie"),
        ("instagram-square", "PC-Accueil"),
    ]
    assert [(e["preset"], e["pc"]) for e in by_path["ecole"]["exports"]] == [("tiktok", "PC-Mairie")]
    assert json.loads(ok(cli(data_a, "consent", "show", cid, "--json")).stdout)["withdrawn"] is True
    for name in ("marche", "ecole"):
        assert read_sidecar(str(photos[name])).rights["do_not_publish"] is True
    # PC A rescans: its gate refuses both now, whatever the platform.
    ok(cli(data_a, "scan", str(root)))
    proc = cli(data_a, "export", str(photos["marche"]), "--preset", "website-banner", "--out", str(out_a), "--strict")
    assert proc.returncode == 1 and "ne pas publier" in proc.stderr
    listed = ok(cli(data_a, "list", "--do-not-publish", "--json")).stdout.splitlines()
    assert sorted(Path(json.loads(x)["path"]).stem for x in listed) == ["ecole", "marche"]


def test_withdrawal_through_the_facade_with_the_other_pcs_log(share, tmp_path, monkeypatch):
    """The facade takes the team's log as a function of the path (the lead wires lib.publications): here PC A's
    own export log, read from its data dir, stands for it."""
    from lectoure_media.core.library import Library

    root, photos, data_a = share
    cid = ok(cli(data_a, "consent", "add", "Jean Dupont")).stdout.strip()
    ok(cli(data_a, "rights", str(photos["marche"]), "--people", "yes", "--consent", cid))
    ok(cli(data_a, "export", str(photos["marche"]), "--preset", "instagram-square", "--out", str(tmp_path / "a")))
    data_b = tmp_path / "pcB"
    ok(cli(data_b, "scan", str(root), pc="PC-Mairie"))
    ok(cli(data_b, "export", str(photos["marche"]), "--preset", "tiktok", "--out", str(tmp_path / "b"), pc="PC-Mairie"))
    with Library(data_a, read_only=True) as pc_a:
        rows_a = {str(photos["marche"]): [{**r, "pc": "PC-Accueil"} for r in pc_a.export_log(str(photos["marche"]))]}
    monkeypatch.setenv("LECTOURE_MEDIA_PC_NAME", "PC-Mairie")
    with Library(data_b, probe_workers=1) as pc_b:
        got = pc_b.withdraw_consent(cid, lambda path: rows_a.get(path, []))
    exports = got["assets"][0]["exports"]
    assert sorted((e["preset"], e["pc"]) for e in exports) == [
        ("instagram-square", "PC-Accueil"),
        ("tiktok", "PC-Mairie"),
    ]
    assert all(Path(e["output"]).is_file() for e in exports)


def test_withdrawal_report_merges_both_pcs_logs_and_publications():
    local = {"/p/a.jpg": [{"preset": "tiktok", "output": "/o/a_tiktok.mp4", "at": "2024-05-02T10:00:00"}]}
    team = {
        "/p/a.jpg": [
            {"preset": "tiktok", "output": "/o/a_tiktok.mp4", "date": "2024-05-02T10:00:00", "pc": "PC-Accueil"},
            {"preset": "facebook-post", "output": "/o/b/a_fb.jpg", "date": "2024-06-01T09:00:00", "pc": "PC-Mairie"},
            {"platform": "facebook", "date": "2024-06-02", "url": "https://facebook.com/p/1"},
            {"platform": 3},
            "garbage",
        ]
    }
    got = report("c-1", ["/p/a.jpg"], lambda p: local.get(p, []), lambda p: team.get(p, []), pc="PC-Accueil")
    asset = got["assets"][0]
    assert [(e["preset"], e["pc"]) for e in asset["exports"]] == [
        ("facebook-post", "PC-Mairie"),
        ("tiktok", "PC-Accueil"),
    ]
    assert asset["published"] == [{"platform": "facebook", "date": "2024-06-02", "url": "https://facebook.com/p/1"}]


def test_register_two_pcs_add_at_once_never_share_an_id(tmp_path):
    reg_a, reg_b = ConsentRegister(tmp_path), ConsentRegister(tmp_path)
    ids = {reg_a.add("Jean Dupont").id for _ in range(20)} | {reg_b.add("Jean Dupont").id for _ in range(20)}
    assert len(ids) == 40 and len(reg_a.list().consents) == 40
    with pytest.raises(ConsentError):
        reg_a.withdraw("absent-0000")


def test_rights_and_withdraw_work_while_watch_owns_the_catalog(share, tmp_path):
    """`rights` and `consent withdraw` write the sidecars while another process owns the catalog; the
    watching process picks the change up from there (as for `tag`)."""
    import signal

    from tests.polling import wait_until

    root, photos, data = share
    watch = subprocess.Popen(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data), "watch", str(root), "--polling",
         "--interval", "0.3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip

    def listed(*flags: str) -> list[str]:
        proc = cli(data, "list", "--json", *flags)
        return (
            sorted(Path(json.loads(x)["path"]).stem for x in proc.stdout.splitlines()) if proc.returncode == 0 else []
        )

    try:
        assert wait_until(lambda: listed() == ["ecole", "marche", "rue"], timeout=30)
        cid = ok(cli(data, "consent", "add", "Jean Dupont")).stdout.strip()
        ok(cli(data, "rights", str(photos["rue"]), "--people", "yes", "--consent", cid))
        ok(cli(data, "rights", str(photos["marche"]), "--people", "yes"))
        assert wait_until(lambda: listed("--no-consent") == ["marche"], timeout=30)
        got = json.loads(ok(cli(data, "consent", "withdraw", cid, "--json")).stdout)
        assert [Path(a["path"]).stem for a in got["assets"]] == ["rue"]
        assert wait_until(lambda: listed("--do-not-publish") == ["rue"], timeout=30)
    finally:
        watch.send_signal(signal.SIGTERM)
        _out, err = watch.communicate(timeout=30)
    assert watch.returncode == 0 and "Traceback" not in err


def test_two_pcs_linking_consents_at_once_keep_both(tmp_path):
    """Two PCs (two data dirs, two processes) link different consents to the same photos at the same
    moment: the sidecar lock and the union merge keep both on every photo."""
    root = tmp_path / "Partage"
    photos = [str(make_jpeg(root / f"p{i:02d}.jpg", color=(i * 8, 90, 200 - i * 8))) for i in range(24)]
    data_a, data_b = tmp_path / "pcA", tmp_path / "pcB"
    ok(cli(data_a, "scan", str(root)))
    ok(cli(data_b, "scan", str(root), pc="PC-Mairie"))
    env = {**os.environ, "LECTOURE_MEDIA_LANG": "fr"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lectoure_media",
                "--data-dir",
                str(d),
                "rights",
                *photos,
                "--consent",
                cid,
                "--credit",
                f"Crédit {cid}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for d, cid in ((data_a, "accueil-0001"), (data_b, "mairie-0002"))
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    for path in photos:
        rights = read_sidecar(path).rights
        assert sorted(rights["consents"]) == ["accueil-0001", "mairie-0002"], path
        assert rights["credit"] in ("Crédit accueil-0001", "Crédit mairie-0002")  # last writer wins
