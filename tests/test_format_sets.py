"""Format sets (issue 12, item 5): team-wide files in `<root>/.lectoure-media/format-sets/`, hostile files
reported not fatal, two PCs (two data dirs on one folder, real processes), `export --set NAME`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from lectoure_media.core.format_sets import BUILTIN_SETS, load, save, set_path, sets_dir
from lectoure_media.core.library import Library, LibraryError
from lectoure_media.core.team.paths import safe_key
from tests.media_factory import make_jpeg

BUILTIN = BUILTIN_SETS[0][0]
KNOWN = ["instagram-portrait", "instagram-story", "facebook-post", "tiktok", "x-post", "linkedin-post"]


def cli(data_dir, *args, pc="PC1"):
    env = dict(os.environ, LECTOURE_MEDIA_LANG="fr", LECTOURE_MEDIA_PC_NAME=pc)
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_builtin_set_only_without_a_root(lib):
    sets = lib.format_sets()
    assert sets.names() == [BUILTIN]
    assert sets.get("réseaux DE la ville").preset_ids == (
        "instagram-portrait",
        "instagram-story",
        "facebook-post",
        "tiktok",
    )
    with pytest.raises(LibraryError, match="Aucun dossier"):
        lib.save_format_set("Presse", ["x-post"])
    with pytest.raises(LibraryError, match="inconnu « Nope »"):
        lib.format_set("Nope")


def test_a_saved_set_is_one_file_in_the_team_folder(lib, library_root):
    lib.scan(library_root)
    saved = lib.save_format_set("  Presse   locale ", ["x-post", "linkedin-post", "x-post"])
    assert saved.name == "Presse locale" and saved.preset_ids == ("x-post", "linkedin-post")
    path = library_root / ".lectoure-media" / "format-sets" / f"{safe_key('Presse locale')}.json"
    assert path == set_path(str(library_root), "Presse locale") and path.is_file()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["name"] == "Presse locale" and doc["presets"] == ["x-post", "linkedin-post"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no lock or temporary file left
    assert lib.format_sets().names() == [BUILTIN, "Presse locale"]
    assert lib.format_set("presse LOCALE").preset_ids == ("x-post", "linkedin-post")
    # replaced, not duplicated, when saved again under another spelling
    lib.save_format_set("PRESSE LOCALE", ["tiktok"])
    assert lib.format_sets().names() == [BUILTIN, "PRESSE LOCALE"]
    assert len(list(path.parent.iterdir())) == 1


@pytest.mark.parametrize(
    ("name", "ids", "words"),
    [
        ("a/../b", ["x-post"], "« / »"),
        ("", ["x-post"], "vide"),
        ("x" * 81, ["x-post"], "80 caractères"),
        ("Presse", [], "au moins un format"),
        ("Presse", ["x-post", "inconnu"], "inconnu"),
    ],
)
def test_bad_sets_are_refused_in_french(lib, library_root, name, ids, words):
    lib.scan(library_root)
    with pytest.raises(LibraryError) as err:
        lib.save_format_set(name, ids)
    assert words in str(err.value)
    assert not sets_dir(str(library_root)).exists() or list(sets_dir(str(library_root)).iterdir()) == []


def test_hostile_files_are_reported_never_fatal(tmp_path):
    root = tmp_path / "share"
    folder = sets_dir(root)
    folder.mkdir(parents=True)
    save(str(root), "Bonne", ["tiktok"], KNOWN)
    (folder / "broken.json").write_bytes(b'{"name": "Cass')
    (folder / "huge.json").write_bytes(b'{"name": "H", "presets": ["' + b"x" * 100_000 + b'"]}')
    (folder / "list.json").write_bytes(b'["tiktok"]')
    (folder / "types.json").write_bytes(json.dumps({"name": 12, "presets": "tiktok"}).encode())
    (folder / f"{safe_key('Vide')}.json").write_bytes(json.dumps({"name": "Vide", "presets": [1, None]}).encode())
    # a file that claims another set's name (it would replace "Bonne" on every PC)
    (folder / "usurpateur.json").write_bytes(json.dumps({"name": "Bonne", "presets": ["x-post"]}).encode())
    (folder / f"{safe_key('Mi')}.json").write_bytes(json.dumps({"name": "Mi", "presets": ["tiktok", "zz"]}).encode())
    (folder / f"{safe_key('Aucun')}.json").write_bytes(json.dumps({"name": "Aucun", "presets": ["zz"]}).encode())
    (folder / "Bonne.json.lmlock").write_bytes(b"{}")  # another PC's lock: not a set
    (folder / ".Bonne.json.123.tmp").write_bytes(b"partial")
    (folder / "dossier.json").mkdir()  # not a file: skipped
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "tube.json")  # reading it would block forever

    result = load(str(root), KNOWN)

    assert result.names() == [BUILTIN, "Bonne", "Mi"]
    assert result.get("Bonne").preset_ids == ("tiktok",)
    assert result.get("Mi").preset_ids == ("tiktok",)
    text = "\n".join(result.warnings)
    for words in ("broken.json", "huge.json", "list.json", "types.json", "usurpateur.json", "« Vide »"):
        assert words in text, words
    assert "« Mi » cite des formats inconnus" in text and "« Aucun » ne cite aucun format connu" in text
    assert len(result.warnings) == 8


def test_an_unreadable_folder_leaves_the_builtin_sets(tmp_path):
    root = tmp_path / "share"
    sets_dir(root).parent.mkdir(parents=True)
    sets_dir(root).write_text("a file where the folder should be")
    result = load(str(root), KNOWN)
    assert result.names() == [BUILTIN] and "illisible" in result.warnings[0]


def test_deleting_a_team_set_and_the_builtin_one(lib, library_root):
    lib.scan(library_root)
    lib.save_format_set("Presse", ["x-post"])
    lib.delete_format_set("presse")
    assert lib.format_sets().names() == [BUILTIN]
    assert not set_path(str(library_root), "Presse").exists()
    lib.delete_format_set(BUILTIN)  # the built-in set: a file tells every PC it is gone
    assert lib.format_sets().names() == []
    assert json.loads(set_path(str(library_root), BUILTIN).read_text(encoding="utf-8"))["deleted"] is True
    with pytest.raises(LibraryError, match="n'existe pas"):
        lib.delete_format_set(BUILTIN)
    lib.save_format_set(BUILTIN, ["tiktok"])  # saved again: the team's own version
    assert [(s.name, s.preset_ids, s.builtin) for s in lib.format_sets()] == [(BUILTIN, ("tiktok",), False)]


def test_two_pcs_share_sets_and_export_with_set(tmp_path, library_root):
    photo = make_jpeg(library_root / "halle.jpg", size=(1600, 1200))
    pc1, pc2 = tmp_path / "pc1", tmp_path / "pc2"
    with Library(pc1, probe_workers=1) as lib:
        lib.scan(library_root)
        lib.save_format_set("Presse", ["x-post", "linkedin-post"])
    assert cli(pc2, "scan", str(library_root)).returncode == 0
    out = tmp_path / "out"
    proc = cli(pc2, "export", str(photo), "--set", "presse", "--out", str(out), "--json", pc="PC2")
    assert proc.returncode == 0, proc.stderr
    assert [(r["preset"], r["status"]) for r in json.loads(proc.stdout)] == [("x-post", "ok"), ("linkedin-post", "ok")]
    assert sorted(os.listdir(out)) == ["halle_linkedin-post.jpg", "halle_x-post.jpg"]
    # PC2 deletes it: PC1 no longer offers it
    with Library(pc2, probe_workers=1) as lib2:
        lib2.delete_format_set("Presse")
    with Library(pc1, probe_workers=1) as lib:
        assert lib.format_sets().names() == [BUILTIN]


def test_cli_set_errors(tmp_path, library_root):
    photo = make_jpeg(library_root / "a.jpg", size=(400, 300))
    data = tmp_path / "pc"
    assert cli(data, "scan", str(library_root)).returncode == 0
    unknown = cli(data, "export", str(photo), "--set", "Inexistant", "--out", str(tmp_path / "o"))
    assert unknown.returncode == 1
    assert "Ensemble de formats inconnu « Inexistant »" in unknown.stderr and BUILTIN in unknown.stderr
    assert not (tmp_path / "o").exists()
    both = cli(data, "export", str(photo), "--set", BUILTIN, "--preset", "tiktok")
    assert both.returncode == 2 and "--set" in both.stderr
    neither = cli(data, "export", str(photo))
    assert neither.returncode == 2


def test_two_processes_saving_the_same_set_never_tear_the_file(tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    code = (
        "import sys\n"
        "from lectoure_media.core.format_sets import save\n"
        "ids = sys.argv[2].split(',')\n"
        "for _ in range(25):\n"
        f"    save(sys.argv[1], 'Commune', ids, {KNOWN!r})\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(root), ids]) for ids in ("tiktok,x-post", "facebook-post")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    result = load(str(root), KNOWN)
    assert result.warnings == []
    assert result.get("Commune").preset_ids in (("tiktok", "x-post"), ("facebook-post",))
    assert [p.name for p in sets_dir(root).iterdir()] == [f"{safe_key('Commune')}.json"]
