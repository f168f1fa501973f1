"""Campaign default rights (preview, then apply to the assets without their own) and photo-competition intake
from one sub-folder per entrant and from a CSV with accents and a missing file (issue 11, items 6 and 7)."""

from __future__ import annotations

import pytest

from lectoure_media.core import LibraryError
from lectoure_media.core.sidecar import read_sidecar
from tests.media_factory import make_jpeg

CAMPAIGN = "Concours photo 2024"


@pytest.fixture
def contest(lib, library_root):
    folder = library_root / "Concours"
    photos = {
        "lea1": make_jpeg(folder / "Léa Dubois" / "IMG_1.jpg", color=(200, 10, 10)),
        "lea2": make_jpeg(folder / "Léa Dubois" / "sous-dossier" / "IMG_2.jpg", color=(10, 200, 10)),
        "paul": make_jpeg(folder / "Paul Hervé" / "coucher.jpg", color=(10, 10, 200)),
    }
    (folder / "Paul Hervé" / "notes.txt").write_text("pas une photo")
    lib.scan(library_root)
    return folder, photos


def test_intake_from_one_folder_per_entrant(lib, contest):
    folder, photos = contest
    report = lib.campaign_rights.intake_folders(folder, CAMPAIGN)
    assert report.problems == [] and len(report.done) == 3
    for key, creator in (("lea1", "Léa Dubois"), ("lea2", "Léa Dubois"), ("paul", "Paul Hervé")):
        asset = lib.get_by_path(str(photos[key]))
        assert asset["rights"]["creator"] == [creator]
        assert asset["tags"]["campaign"] == [CAMPAIGN]
        assert read_sidecar(str(photos[key])).rights["creator"] == [creator]


def test_intake_from_a_csv_with_accents_and_a_missing_file(lib, contest):
    folder, photos = contest
    csv_file = folder / "inscrits.csv"
    csv_file.write_bytes(
        (
            "Fichier;Participant;E-mail;Titre\r\n"
            "Léa Dubois/IMG_1.jpg;Léa Dubois;lea@example.fr;Fête de l'été à Lectoure\r\n"
            "Paul Hervé/coucher.jpg;Paul Hervé;paul@example.fr;Coucher de soleil\r\n"
            "absent.jpg;Zoé Noël;zoe@example.fr;Perdue\r\n"
        ).encode("cp1252")  # Excel's "CSV" on a French Windows PC
    )
    report = lib.campaign_rights.intake_csv(csv_file, CAMPAIGN)
    assert len(report.done) == 2
    assert report.problems == ["Ligne 4 : le fichier « absent.jpg » est introuvable."]
    rights = read_sidecar(str(photos["lea1"])).rights
    assert rights["creator"] == ["Léa Dubois"] and rights["title"] == "Fête de l'été à Lectoure"
    assert rights["creator_email"] == "lea@example.fr"
    assert lib.get_by_path(str(photos["paul"]))["tags"]["campaign"] == [CAMPAIGN]


def test_campaign_defaults_preview_then_apply_only_where_missing(lib, contest):
    folder, photos = contest
    lib.campaign_rights.intake_folders(folder, CAMPAIGN)
    lib.set_rights([str(photos["paul"])], licence="town", credit="Paul Hervé pour la Ville")
    saved = lib.campaign_rights.set_defaults(
        CAMPAIGN, licence="competition", licence_end="2026-12-31", credit="Photo : {creator} — Concours photo 2024"
    )
    assert saved["licence"] == "competition"
    preview = {path: fields for _id, path, fields in lib.campaign_rights.preview(CAMPAIGN)}
    assert preview[str(photos["lea1"])] == {
        "licence": "competition",
        "licence_end": "2026-12-31",
        "credit": "Photo : {creator} — Concours photo 2024",
    }
    assert preview[str(photos["paul"])] == {"licence_end": "2026-12-31"}  # his own licence and credit stay
    assert lib.get_by_path(str(photos["lea1"]))["rights"]["licence"] is None  # a preview writes nothing
    assert lib.campaign_rights.apply(CAMPAIGN) == 3
    assert lib.get_by_path(str(photos["paul"]))["rights"]["licence"] == "town"
    assert read_sidecar(str(photos["lea2"])).rights["licence"] == "competition"
    assert lib.campaign_rights.preview(CAMPAIGN) == []
    with pytest.raises(LibraryError):
        lib.campaign_rights.set_defaults(CAMPAIGN, licence="gpl")


def test_broken_defaults_file_counts_as_none(lib, contest, library_root):
    from lectoure_media.core.team.paths import safe_key, team_dir

    path = team_dir(library_root) / "rights-defaults" / f"{safe_key(CAMPAIGN)}.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"licence": ["x"], "licence_end": "demain", "credit": 12}')
    assert lib.campaign_rights.defaults(CAMPAIGN) == {}
    path.write_bytes(b"\xff\xfe garbage")
    assert lib.campaign_rights.preview(CAMPAIGN) == []
