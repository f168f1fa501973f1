"""Rights per asset (issue 11): the sidecar properties other tools read (exiftool), the merge rules, the
records and `list --json`, the list filters, and the credit chain of the export plan."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lectoure_media.core import rights
from lectoure_media.core.export.plan import asset_credit
from lectoure_media.core.sidecar import read_sidecar, sidecar_path_for, update_sidecar
from tests.media_factory import make_jpeg

EXIFTOOL = shutil.which("exiftool")


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "LECTOURE_MEDIA_LANG": "fr"},
    )


def exiftool(path: Path) -> dict:
    out = subprocess.run([EXIFTOOL, "-j", "-G1", "-a", str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)[0]


@pytest.mark.skipif(EXIFTOOL is None, reason="exiftool not installed")
def test_rights_written_by_the_cli_are_read_by_exiftool(tmp_path):
    root = tmp_path / "Photos"
    photo = make_jpeg(root / "fête.jpg")
    data = tmp_path / "data"
    assert cli(data, "scan", str(root)).returncode == 0
    proc = cli(
        data,
        "rights",
        str(photo),
        "--creator",
        "Élodie Martin",
        "--credit",
        "Photo : É. Martin / Ville de Lectoure",
        "--copyright",
        "© Ville de Lectoure 2024",
        "--licence",
        "cc-by-sa-4.0",
        "--licence-end",
        "2031-06-30",
        "--people",
        "yes",
        "--release",
        "limited",
        "--consent",
        "dupont-jean-1a2b",
        "--consent",
        "martin-lea-3c4d",
        "--person",
        "Jean Dupont",
        "--person",
        "Léa Martin",
        "--minors",
        "yes",
        "--do-not-publish",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    got = exiftool(sidecar_path_for(str(photo)))
    assert got["XMP-dc:Creator"] == "Élodie Martin"
    assert got["XMP-photoshop:Credit"] == "Photo : É. Martin / Ville de Lectoure"
    assert got["XMP-dc:Rights"] == "© Ville de Lectoure 2024"
    assert "CC BY-SA 4.0" in got["XMP-xmpRights:UsageTerms"]
    assert got["XMP-xmpRights:WebStatement"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert got["XMP-plus:ModelReleaseStatus"] == "Limited or Incomplete Model Releases"
    assert got["XMP-plus:ModelReleaseID"] == ["dupont-jean-1a2b", "martin-lea-3c4d"]
    assert got["XMP-iptcExt:PersonInImage"] == ["Jean Dupont", "Léa Martin"]
    assert got["XMP-plus:MinorModelAgeDisclosure"] == "Age Unknown"
    # The JSON of the command and of `list` say the same (CLI.md shape, exactly these keys).
    row = json.loads(proc.stdout)[0]["rights"]
    listed = json.loads(cli(data, "list", "--json").stdout.splitlines()[0])["rights"]
    assert row == listed
    assert set(listed) == {
        "creator", "credit", "copyright", "licence", "usage_terms", "licence_end", "people", "release",
        "consents", "persons", "minors", "do_not_publish",
    }  # fmt: skip
    assert listed["creator"] == ["Élodie Martin"] and listed["licence"] == "cc-by-sa-4.0"
    assert listed["licence_end"] == "2031-06-30" and listed["release"] == "limited"
    assert listed["minors"] is True and listed["do_not_publish"] is True and listed["people"] == "yes"
    # A catalog rebuilt from the folder finds them again (the sidecar is the record).
    other = tmp_path / "data2"
    assert cli(other, "scan", str(root)).returncode == 0
    assert json.loads(cli(other, "list", "--json").stdout.splitlines()[0])["rights"] == listed


@pytest.mark.skipif(EXIFTOOL is None, reason="exiftool not installed")
def test_rights_written_by_exiftool_are_read(tmp_path):
    photo = make_jpeg(tmp_path / "a.jpg")
    side = sidecar_path_for(str(photo))
    subprocess.run(
        [
            EXIFTOOL,
            "-o",
            side,
            "-XMP-dc:Creator=Anne Photographe",
            "-XMP-dc:Rights=© Anne",
            "-XMP-plus:ModelReleaseStatus#=MR-UMR",
            "-XMP-plus:MinorModelAgeDisclosure#=AG-A16",
            "-XMP-iptcExt:PersonInImage=Paul",
            "-XMP-xmpRights:WebStatement=https://creativecommons.org/licenses/by/4.0/",
            str(photo),
        ],
        check=True,
        capture_output=True,
    )
    got = read_sidecar(str(photo)).rights
    assert got["creator"] == ["Anne Photographe"] and got["copyright"] == "© Anne"
    assert got["release"] == "unlimited" and got["minors"] is True
    assert got["persons"] == ["Paul"] and got["people"] == "yes" and got["licence"] == "cc-by-4.0"


def test_merge_unions_lists_and_keeps_foreign_properties(tmp_path):
    photo = make_jpeg(tmp_path / "a.jpg")
    side = Path(sidecar_path_for(str(photo)))
    side.write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        "<plus:ModelReleaseID><rdf:Bag><rdf:li>other-pc-0001</rdf:li></rdf:Bag></plus:ModelReleaseID>"
        "<photoshop:City>Lectoure</photoshop:City>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    # This PC adds one consent and removes none: the other PC's stays (union), the foreign City too.
    change = rights.delta(add_consents=["mine-0002"], credit="Ville")
    update_sidecar(str(photo), own=change.own(), rights=change)
    got = read_sidecar(str(photo)).rights
    assert got["consents"] == ["other-pc-0001", "mine-0002"] and got["credit"] == "Ville"
    assert "<photoshop:City>Lectoure</photoshop:City>" in side.read_text(encoding="utf-8")
    # An explicit removal takes one away; a scalar is replaced (last writer wins).
    change = rights.delta(remove_consents=["other-pc-0001"], credit="Mairie")
    update_sidecar(str(photo), own=change.own(), rights=change)
    got = read_sidecar(str(photo)).rights
    assert got["consents"] == ["mine-0002"] and got["credit"] == "Mairie"


def test_bad_values_are_refused_in_french(tmp_path, lib):
    photo = make_jpeg(tmp_path / "Photos" / "a.jpg")
    lib.scan(tmp_path / "Photos")
    from lectoure_media.core import LibraryError

    for changes in ({"licence": "gpl"}, {"licence_end": "31/12/2024"}, {"add_consents": ["../../etc"]}):
        with pytest.raises(LibraryError) as err:
            lib.set_rights([str(photo)], **changes)
        assert "Droits" in str(err.value) or "consentement" in str(err.value)
    assert not Path(sidecar_path_for(str(photo))).exists()


def test_hostile_rights_in_a_sidecar_are_ignored(tmp_path):
    photo = make_jpeg(tmp_path / "a.jpg")
    Path(sidecar_path_for(str(photo))).write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"'
        ' xmlns:lm="http://ns.lectoure-media.fr/1.0/">'
        "<plus:ModelReleaseID><rdf:Bag><rdf:li>../../../etc/passwd</rdf:li><rdf:li>ok-1</rdf:li></rdf:Bag>"
        "</plus:ModelReleaseID><lm:licenceEnd>not a date</lm:licenceEnd><lm:licence>gpl</lm:licence>"
        "<lm:peopleShown>maybe</lm:peopleShown><plus:ModelReleaseStatus>MR-XYZ</plus:ModelReleaseStatus>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    got = read_sidecar(str(photo)).rights
    assert got["consents"] == ["ok-1"] and got["licence_end"] is None and got["licence"] is None
    assert got["release"] is None and got["people"] == "yes"  # a consent is linked: people are shown


def test_undo_restores_each_assets_own_rights(tmp_path, lib):
    root = tmp_path / "Photos"
    a, b = make_jpeg(root / "a.jpg"), make_jpeg(root / "b.jpg")
    lib.scan(root)
    lib.set_rights([str(a)], credit="A", add_consents=["keep-1"])
    ids = [lib.get_by_path(str(p))["id"] for p in (a, b)]
    change = lib.apply_rights([int(i) for i in ids], credit="Tous", add_consents=["keep-1", "new-2"])
    assert lib.get_by_path(str(b))["rights"]["consents"] == ["keep-1", "new-2"]
    lib.revert_rights(change)
    ra, rb = lib.get_by_path(str(a))["rights"], lib.get_by_path(str(b))["rights"]
    assert ra["credit"] == "A" and ra["consents"] == ["keep-1"]
    assert rb["credit"] is None and rb["consents"] == [] and rb["people"] == "unknown"
    assert read_sidecar(str(b)).rights["consents"] == []


def test_list_filters(tmp_path):
    root = tmp_path / "Photos"
    photos = {n: make_jpeg(root / f"{n}.jpg") for n in ("crowd", "kids", "expired", "banned", "plain")}
    data = tmp_path / "data"
    assert cli(data, "scan", str(root)).returncode == 0
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    today = dt.date.today().isoformat()
    assert cli(data, "rights", str(photos["crowd"]), "--people", "yes").returncode == 0
    assert cli(data, "rights", str(photos["kids"]), "--minors", "yes", "--creator", "Léa Dubois").returncode == 0
    assert cli(data, "rights", str(photos["expired"]), "--licence-end", yesterday).returncode == 0
    assert cli(data, "rights", str(photos["plain"]), "--licence-end", today, "--people", "no").returncode == 0
    assert cli(data, "rights", str(photos["banned"]), "--do-not-publish").returncode == 0

    def names(*flags: str) -> list[str]:
        proc = cli(data, "list", "--json", *flags)
        assert proc.returncode == 0, proc.stderr
        return sorted(Path(json.loads(line)["path"]).stem for line in proc.stdout.splitlines())

    assert names("--no-consent") == ["crowd", "kids"]  # minors shown means people shown
    assert names("--licence-expired") == ["expired"]  # ending today is still valid today
    assert names("--minors") == ["kids"]
    assert names("--do-not-publish") == ["banned"]
    assert names("--creator", "lea dubois") == ["kids"]


def test_credit_chain_asset_then_campaign_then_default():
    campaign = {"Concours photo 2024": "Photo : {creator} — Concours photo 2024", "Fête": "Ville de Lectoure"}.get
    own = {"rights": {"credit": "Studio Lumière", "creator": ["Anne"]}, "tags": {"campaign": ["Fête"]}}
    assert asset_credit(own, campaign, "Mairie") == "Studio Lumière"
    entrant = {"rights": {"creator": ["Léa Dubois"]}, "tags": {"campaign": ["Concours photo 2024"]}}
    assert asset_credit(entrant, campaign, "Mairie") == "Photo : Léa Dubois — Concours photo 2024"
    assert asset_credit({"rights": {"creator": ["Anne"]}}, campaign, "Mairie") == "Photo : Anne"
    assert asset_credit({"tags": {"campaign": ["Fête"]}}, campaign, "Mairie") == "Ville de Lectoure"
    assert asset_credit({"tags": {"campaign": ["Concours photo 2024"]}}, campaign, "Mairie") == "Mairie"
    assert asset_credit({"rights": {"creator": "not a list", "credit": 3}}, campaign, "") is None


@pytest.mark.skipif(EXIFTOOL is None, reason="exiftool not installed")
def test_export_writes_the_assets_own_credit_not_the_default(tmp_path):
    root = tmp_path / "Photos"
    photo = make_jpeg(root / "a.jpg", size=(400, 300))
    data = tmp_path / "data"
    assert cli(data, "scan", str(root)).returncode == 0
    settings = data / "settings.json"
    settings.write_text(json.dumps({"default_credit": "Mairie de Lectoure"}), encoding="utf-8")
    assert cli(data, "rights", str(photo), "--creator", "Élodie Martin").returncode == 0
    proc = cli(data, "export", str(photo), "--preset", "instagram-square", "--out", str(tmp_path / "out"), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)[0]["output"]
    got = exiftool(Path(out))
    assert got["XMP-photoshop:Credit"] == "Photo : Élodie Martin"
    assert got["XMP-dc:Creator"] == "Élodie Martin"


def test_a_camera_files_own_creator_and_copyright_are_its_rights(tmp_path):
    """EXIF Artist / Copyright (a camera set up with its owner's name) fill the rights the sidecar does not
    give: listed, filterable by creator, and the export credit; the sidecar's own values win."""
    from PIL import Image

    root = tmp_path / "Photos"
    root.mkdir()
    img = Image.new("RGB", (400, 300), (120, 130, 140))
    exif = Image.Exif()
    exif[0x013B] = "Jean-Marc Photographe"
    exif[0x8298] = "(c) Jean-Marc 2024"  # EXIF text is ASCII
    img.save(root / "DSC_0001.JPG", exif=exif.tobytes())
    data = tmp_path / "data"
    assert cli(data, "scan", str(root)).returncode == 0
    row = json.loads(cli(data, "list", "--json").stdout)
    assert row["rights"]["creator"] == ["Jean-Marc Photographe"] and row["rights"]["copyright"] == "(c) Jean-Marc 2024"
    assert len(cli(data, "list", "--json", "--creator", "jean-marc").stdout.splitlines()) == 1
    assert cli(data, "rights", str(root / "DSC_0001.JPG"), "--creator", "Ville de Lectoure").returncode == 0
    row = json.loads(cli(data, "list", "--json").stdout)
    assert row["rights"]["creator"] == ["Ville de Lectoure"] and row["rights"]["copyright"] == "(c) Jean-Marc 2024"
