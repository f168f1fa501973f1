"""SIRENE and template import (core/sirene.py): INSEE's columns, encodings and separators, closed
establishments, duplicates by SIRET and by name, re-import, hostile files, team overrides; the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lectoure_media.core import LibraryError
from lectoure_media.core.sirene import (
    Establishment,
    category_for,
    in_town_centre,
    merge,
    normalize_naf,
    street_key,
)
from lectoure_media.core.taxonomy import Business

COLUMNS = [
    "siren",
    "nic",
    "siret",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "numeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
]


def sirene_csv(rows: list[dict[str, str]], sep: str = ",") -> str:
    def q(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if (sep in v or '"' in v) else v

    lines = [sep.join(COLUMNS)]
    for r in rows:
        lines.append(sep.join(q(r.get(c, "")) for c in COLUMNS))
    return "\r\n".join(lines) + "\r\n"


def row(siret, state, enseigne, naf, num="", kind="RUE", street="NATIONALE", denomination=""):
    return {
        "siren": siret[:9],
        "nic": siret[9:],
        "siret": siret,
        "etatAdministratifEtablissement": state,
        "enseigne1Etablissement": enseigne,
        "denominationUsuelleEtablissement": denomination,
        "activitePrincipaleEtablissement": naf,
        "numeroVoieEtablissement": num,
        "typeVoieEtablissement": kind,
        "libelleVoieEtablissement": street,
        "codePostalEtablissement": "32700",
        "libelleCommuneEtablissement": "LECTOURE",
    }


EXTRACT_2024 = [
    row("12345678900011", "A", "LE BASTION", "56.10A", "12"),
    row("12345678900029", "A", "CAFÉ DE LA CATHÉDRALE", "56.30Z", "1", "PL", "DU GENERAL DE GAULLE"),
    row("12345678900037", "A", "", "10.71C", "40", denomination="BOULANGERIE DUPOUY"),
    row("12345678900045", "A", "", "47.71Z", "3"),  # no name at all: skipped
    row("12345678900052", "A", "MAIRIE ANNEXE", "84.11Z", "5"),  # not a business to feature: skipped
    row("12345678900060", "F", "ANCIENNE QUINCAILLERIE", "47.52A", "8"),  # closed, unknown: skipped
    row("12345678900078", "A", "GARAGE DU STADE", "45.20A", "2", "AV", "DE LA GARE"),  # unmapped: skipped
    row("12345678900086", "A", "HÔTEL DE BASTARD", "55.10Z", "", "RUE", "LAGRANGE"),  # outside the centre
]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def by_name(lib) -> dict[str, Business]:
    return {b.name: b for b in lib.entries("business")}


def test_naf_and_streets_rules():
    assert normalize_naf(" 5610a ") == "56.10A"
    mapping = {"56.10A": "Restaurants", "47": "Boutiques", "47.2": "Épiceries fines"}
    assert category_for("56.10A", mapping) == "Restaurants"
    assert category_for("5610A", mapping) == "Restaurants"
    assert category_for("47.71Z", mapping) == "Boutiques"
    assert category_for("47.29Z", mapping) == "Épiceries fines"  # the longest key wins
    assert category_for("56.10C", mapping) is None
    assert street_key("PL DU GENERAL DE GAULLE") == street_key("place du Général-de-Gaulle")
    streets = {street_key("rue Nationale")}
    assert in_town_centre("12 rue Nationale, 32700 Lectoure", streets)
    assert not in_town_centre("12 rue Nationale-Bis", {street_key("rue Nationale Bis x")})
    assert not in_town_centre("avenue de la Gare", streets)


def test_sirene_import_utf8_with_bom_and_reimport(lib, tmp_path):
    lib.ensure_entry("business", "Le Bastion")  # typed by a person, by tagging: no category yet
    bastion = lib.entry("business", "Le Bastion")
    bastion.instagram = "@lebastion"
    bastion.address = "12 rue Nationale (entrée par la cour)"
    lib.save_entry("business", bastion)
    extract = write(tmp_path / "sirene.csv", "\ufeff" + sirene_csv(EXTRACT_2024))
    summary = lib.import_businesses(extract)
    assert summary.to_json() == {"added": 3, "updated": 1, "closed": 0, "skipped": 4}
    got = by_name(lib)
    assert set(got) == {"Le Bastion", "CAFÉ DE LA CATHÉDRALE", "BOULANGERIE DUPOUY", "HÔTEL DE BASTARD"}
    b = got["Le Bastion"]
    assert (b.category, b.siret, b.instagram) == ("Restaurants", "12345678900011", "@lebastion")
    assert b.address == "12 rue Nationale (entrée par la cour)"  # a person's address is kept
    cafe = got["CAFÉ DE LA CATHÉDRALE"]
    assert cafe.category == "Cafés et bars" and cafe.town_centre is True
    assert cafe.address == "1 place du General de Gaulle, 32700 Lectoure"
    assert got["BOULANGERIE DUPOUY"].category == "Boulangeries"
    assert got["HÔTEL DE BASTARD"].town_centre is False and got["HÔTEL DE BASTARD"].category == "Hébergements"

    # A person edits the café; the next year's extract: the café closed, a new restaurant, the bakery renamed
    cafe.notes = "terrasse l'été"
    cafe.category = "Restaurants"
    lib.save_entry("business", cafe)
    extract_2025 = [
        row("12345678900011", "A", "LE BASTION", "56.10A", "12"),
        row("12345678900029", "F", "CAFÉ DE LA CATHÉDRALE", "56.30Z", "1", "PL", "DU GENERAL DE GAULLE"),
        row("12345678900037", "A", "AU BON PAIN", "10.71C", "40"),  # same SIRET, a new sign: no duplicate
        row("98765432100015", "A", "CHEZ PAULETTE", "56.10C", "7", "RUE", "FONTELIE"),
        row("98765432100015", "A", "CHEZ PAULETTE", "56.10C", "7", "RUE", "FONTELIE"),  # twice in the file
    ]
    summary = lib.import_businesses(write(tmp_path / "sirene-2025.csv", sirene_csv(extract_2025)))
    assert summary.to_json() == {"added": 1, "updated": 0, "closed": 1, "skipped": 0}
    got = by_name(lib)
    assert "AU BON PAIN" not in got and got["BOULANGERIE DUPOUY"].siret == "12345678900037"
    assert got["CAFÉ DE LA CATHÉDRALE"].closed is True
    assert got["CAFÉ DE LA CATHÉDRALE"].notes == "terrasse l'été"
    assert got["CAFÉ DE LA CATHÉDRALE"].category == "Restaurants"  # the person's category stays
    assert got["CHEZ PAULETTE"].town_centre is True
    assert len(got) == 5  # nothing deleted, nothing duplicated
    again = lib.import_businesses(write(tmp_path / "sirene-2025b.csv", sirene_csv(extract_2025)))
    assert again.to_json() == {"added": 0, "updated": 0, "closed": 0, "skipped": 0}
    # the closed café leaves the coverage, its entry stays
    assert "CAFÉ DE LA CATHÉDRALE" not in {r.name for r in lib.coverage().rows}


def test_latin1_semicolons_and_quotes(lib, tmp_path):
    rows = [
        row("11111111100011", "A", "L'ÉPICERIE; FINE", "47.29Z", "3"),
        row("22222222200022", "A", 'LE "PETIT" CAFÉ', "56.30Z", "4"),
    ]
    extract = write(tmp_path / "latin1.csv", sirene_csv(rows, sep=";"), encoding="cp1252")
    assert lib.import_businesses(extract).added == 2
    got = by_name(lib)
    assert got["L'ÉPICERIE; FINE"].category == "Épiceries fines"
    assert got['LE "PETIT" CAFÉ'].category == "Cafés et bars"


def test_duplicate_by_name_with_another_siret_is_not_merged():
    existing = [Business("Le Bastion", siret="12345678900011", address="")]
    to_save, summary = merge(existing, [Establishment("LE BASTION", siret="99999999900099", address="x")])
    assert to_save == [] and summary.skipped == 1
    assert existing[0].address == ""  # the input is not modified


def test_template_csv(lib, tmp_path):
    lib.ensure_entry("business", "Le Bastion", category="Restaurants")
    text = (
        "name,category,address,town_centre\n"
        "le bastion,Cafés et bars,12 rue Nationale,oui\n"  # exists: only its empty address is filled
        "Librairie Lectoure,Boutiques,5 rue Nationale,\n"  # no flag: the street decides
        "Ferme des Coteaux,Marché,route d'Agen,non\n"
        ",Boutiques,nowhere,oui\n"
    )
    summary = lib.import_businesses(write(tmp_path / "modele.csv", text))
    assert summary.to_json() == {"added": 2, "updated": 1, "closed": 0, "skipped": 1}
    got = by_name(lib)
    assert got["Le Bastion"].category == "Restaurants" and got["Le Bastion"].address == "12 rue Nationale"
    assert got["Librairie Lectoure"].town_centre is True
    assert got["Ferme des Coteaux"].town_centre is False


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "vide"),
        (b"a,b,c\n1,2,3\n", "ni un extrait SIRENE"),
        (b"siret,enseigne1Etablissement\n\x00\x01\x02", "binaires"),
        (b'siret,enseigne1Etablissement\n"12345678900011,"' + b"x" * 200_000 + b"\n", "CSV lisible"),
    ],
)
def test_hostile_files_are_refused_in_french(lib, tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=words):
        lib.import_businesses(path)
    assert lib.entries("business") == []


def test_only_naf_rev2_codes_are_mapped(lib, tmp_path, library_root):
    lib.scan(library_root)
    (library_root / ".lectoure-media").mkdir(exist_ok=True)
    (library_root / ".lectoure-media" / "naf-categories.json").write_text('{"codes": {"55": "Hébergements"}}', "utf-8")
    text = (
        "siret,etatAdministratifEtablissement,enseigne1Etablissement,activitePrincipaleEtablissement,"
        "nomenclatureActivitePrincipaleEtablissement\n"
        "12345678900011,A,Le Relais,55.3A,NAFRev1\n"  # a restaurant in NAF 1993, not a campsite
        "12345678900029,A,Camping du Lac,55.30Z,NAFRev2\n"
    )
    summary = lib.import_businesses(write(tmp_path / "s.csv", text))
    assert summary.to_json() == {"added": 1, "updated": 0, "closed": 0, "skipped": 1}
    assert lib.entry("business", "Camping du Lac").category == "Hébergements"


def test_hostile_rows_are_skipped(lib, tmp_path):
    rows = [
        row("12345678900011", "A", "A/B", "56.10A"),  # a forbidden character in a name
        row("12345678900029", "A", "X" * 5000, "56.10A"),  # too long
        row("not-a-siret", "A", "Le Relais", "56.10A"),
        row("12345678900037", "?", "Bizarre", "56.10A"),  # unknown state
    ]
    summary = lib.import_businesses(write(tmp_path / "s.csv", sirene_csv(rows)))
    assert summary.to_json() == {"added": 1, "updated": 0, "closed": 0, "skipped": 3}
    assert by_name(lib)["Le Relais"].siret == ""


def test_too_big_file_is_refused(lib, tmp_path, monkeypatch):
    from lectoure_media.core import sirene

    monkeypatch.setattr(sirene, "MAX_BYTES", 1000)
    path = write(tmp_path / "big.csv", sirene_csv(EXTRACT_2024 * 10))
    with pytest.raises(LibraryError, match="trop gros"):
        lib.import_businesses(path)


def test_team_overrides_and_broken_team_file(lib, tmp_path, library_root):
    lib.scan(library_root)
    team = library_root / ".lectoure-media"
    team.mkdir(exist_ok=True)
    (team / "naf-categories.json").write_text(json.dumps({"codes": {"84.11Z": "Services publics"}}), "utf-8")
    (team / "town-centre-streets.json").write_text(json.dumps({"streets": ["avenue de la Gare"]}), "utf-8")
    extract = write(tmp_path / "s.csv", sirene_csv(EXTRACT_2024))
    summary = lib.import_businesses(extract)
    assert summary.added == 1  # only the town hall's code is mapped now
    mairie = by_name(lib)["MAIRIE ANNEXE"]
    assert mairie.category == "Services publics" and mairie.town_centre is False
    (team / "naf-categories.json").write_text("{broken", "utf-8")
    with pytest.raises(LibraryError, match="naf-categories.json"):
        lib.import_businesses(extract)
    (team / "naf-categories.json").write_text(json.dumps({"codes": ["56.10A"]}), "utf-8")
    with pytest.raises(LibraryError, match="codes"):
        lib.import_businesses(extract)


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LECTOURE_MEDIA_LANG": "fr"}
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_registry_import(tmp_path):
    d = tmp_path / "data"
    extract = write(tmp_path / "sirene.csv", sirene_csv(EXTRACT_2024), encoding="utf-8")
    proc = _run(d, "registry", "import", "business", str(extract), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"added": 4, "updated": 0, "closed": 0, "skipped": 4}
    plain = _run(d, "registry", "import", "business", str(extract))
    assert plain.returncode == 0
    assert plain.stdout.strip() == "Import terminé : 0 ajouté, 0 mis à jour, 0 fermé, 4 lignes ignorées."
    bad = _run(d, "registry", "import", "business", str(tmp_path / "absent.csv"), "--json")
    assert bad.returncode == 1 and bad.stdout == "" and "absent.csv » est introuvable" in bad.stderr
    assert _run(d, "registry", "import", "heritage", str(extract)).returncode == 2
    cov = json.loads(_run(d, "coverage", "--json", "--town-centre").stdout)
    assert {r["name"] for r in cov} == {"LE BASTION", "CAFÉ DE LA CATHÉDRALE", "BOULANGERIE DUPOUY"}


def test_undo_and_redo_an_import(lib, tmp_path, library_root):
    from tests.media_factory import make_jpeg

    lib.ensure_entry("business", "Le Bastion")
    extract = write(tmp_path / "s.csv", sirene_csv(EXTRACT_2024))
    summary = lib.import_businesses(extract)
    assert len(summary.changes) == 4 and summary.to_json()["added"] == 3
    # after the import, the person tags a photo with an imported business and edits another one
    make_jpeg(library_root / "pain.jpg", size=(64, 48))
    lib.scan(library_root)
    lib.tag([str(library_root / "pain.jpg")], add={"business": ["BOULANGERIE DUPOUY"]})
    hotel = lib.entry("business", "HÔTEL DE BASTARD")
    hotel.notes = "piscine"
    lib.save_entry("business", hotel)

    assert lib.undo_import(summary) == 2  # the café goes, the Bastion loses its category and SIRET
    got = by_name(lib)
    assert "CAFÉ DE LA CATHÉDRALE" not in got
    assert (got["Le Bastion"].category, got["Le Bastion"].siret) == (None, "")
    assert "BOULANGERIE DUPOUY" in got  # carried by a photo: kept
    assert got["HÔTEL DE BASTARD"].notes == "piscine"  # edited since: the person's edit stays

    assert lib.redo_import(summary) == 2
    got = by_name(lib)
    assert "CAFÉ DE LA CATHÉDRALE" in got and got["Le Bastion"].category == "Restaurants"


def test_cli_import_while_the_app_holds_the_catalog_writes_the_team_folder(tmp_path):
    """Like `registry set`: the import writes the shared registry only; the app owning the catalog reads the
    new entries back (as it does another PC's)."""
    from lectoure_media.core.library import Library

    d = tmp_path / "data"
    share = tmp_path / "Photos"
    share.mkdir()
    extract = write(tmp_path / "sirene.csv", sirene_csv(EXTRACT_2024))
    with Library(d, probe_workers=1) as app:  # the app (or `watch`) owns this data dir
        app.scan(share)
        app.flush()  # the catalog knows its folder (saved), as after any scan of the app
        assert app.entries("business") == []
        proc = _run(d, "registry", "import", "business", str(extract), "--json")
        assert proc.returncode == 0, proc.stderr
        summary = json.loads(proc.stdout)
        assert summary["added"] > 0
        assert list((share / ".lectoure-media" / "registry" / "business").glob("*.json"))
        app.sync_registries()
        assert len(app.entries("business")) == summary["added"]


def test_import_reports_progress_and_can_be_cancelled(lib, tmp_path):
    import threading

    many = [row(f"{10_000_000_000_000 + i:014d}", "A", f"Commerce {i}", "47.71Z", str(i)) for i in range(2_000)]
    extract = write(tmp_path / "s.csv", sirene_csv(many))
    cancel = threading.Event()
    seen = []

    def progress(done, total, label):
        seen.append((done, total, label))
        if done >= 1_000 and label == "analyse":
            cancel.set()  # the person clicks "Annuler" halfway

    with pytest.raises(LibraryError, match="Import annulé : rien n'a été changé"):
        lib.import_businesses(extract, progress=progress, cancel=cancel)
    assert lib.entries("business") == []  # nothing half-imported
    assert ("lecture" in {label for _d, _t, label in seen}) and (1_000, 2_000, "analyse") in seen
    summary = lib.import_businesses(extract)  # the same file, not cancelled
    assert summary.added == 2_000 and len(lib.entries("business")) == 2_000
