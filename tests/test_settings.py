"""This PC's engine settings (core/settings.py, settings.json in the data dir) and the one export plan
(core/export/plan.py): read alike by the CLI (real processes) and the library the GUI drives."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from lectoure_media.core import settings as core_settings
from lectoure_media.core.export.plan import choose_credit, naming_fields, plan_export, split_by_kind
from lectoure_media.core.export.presets import get_preset
from lectoure_media.core.library import Library, LibraryError
from tests.media_factory import make_jpeg, make_video


def cli(*args, data_dir, cwd, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(cwd),
    )


def exported_credit(path) -> str | None:
    out = subprocess.run(["exiftool", "-j", "-G1", str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)[0].get("XMP-photoshop:Credit")


# ------------------------------------------------------------------------------------------ the file
def test_settings_are_kept_in_the_data_dir_and_read_by_the_next_open(tmp_path):
    data = tmp_path / "data"
    with Library(data) as lib:
        assert lib.settings() == core_settings.Settings()  # no file yet: the defaults
        assert lib.messages == []
        new = lib.update_settings(
            default_credit="  Photo : Ville de Lectoure ",
            poll_interval=12,
            thumb_cache_mb=500,
            export_presets=["tiktok", "tiktok", "facebook-post"],
        )
        assert new.default_credit == "Photo : Ville de Lectoure" and new.poll_interval == 12.0
        assert new.export_presets == ("tiktok", "facebook-post")
        assert lib.thumb_max_bytes == 500_000_000
    on_disk = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert on_disk["default_credit"] == "Photo : Ville de Lectoure" and on_disk["thumb_cache_mb"] == 500
    with Library(data) as again:
        assert again.settings() == new
        assert again.thumb_max_bytes == 500_000_000  # the cap comes from the settings when none is given
    assert not [n for n in os.listdir(data) if n.startswith("settings.json") and n != "settings.json"]


def test_a_damaged_settings_file_costs_its_values_not_the_program(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_bytes(b"\x00{not json at all")
    with Library(data) as lib:
        assert lib.settings() == core_settings.Settings()
        assert any("endommagé" in m and "settings.json" in m for m in lib.messages), lib.messages
        lib.update_settings(default_credit="Mairie")  # the next save replaces the damaged file
    (data / "settings.json").write_text(
        json.dumps(
            {
                "default_credit": "Mairie",
                "poll_interval": "vite",
                "language": "de",
                "name_template": "{oops}",
                "thumb_cache_mb": 10**9,
                "export_presets": "tiktok",
                "export_trim": "yes",
                "future_option": [1, 2],
            }
        )
    )
    with Library(data) as lib:
        s = lib.settings()
        assert s.default_credit == "Mairie"  # the good value stays
        defaults = core_settings.Settings()
        assert (s.poll_interval, s.language, s.name_template, s.thumb_cache_mb, s.export_presets, s.export_trim) == (
            defaults.poll_interval,
            defaults.language,
            defaults.name_template,
            defaults.thumb_cache_mb,
            defaults.export_presets,
            defaults.export_trim,
        )
        problems = [m for m in lib.messages if "Réglage" in m]
        assert len(problems) == 6, lib.messages
        assert all("Traceback" not in m and "\n" not in m for m in problems)
        lib.update_settings(export_fit=True)
    # a value a newer version added is kept when this version writes the file
    assert json.loads((data / "settings.json").read_text())["future_option"] == [1, 2]


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"poll_interval": 0}, "« intervalle de scrutation » : 0 est hors des limites"),
        ({"poll_interval": float("nan")}, "nombre"),
        ({"thumb_cache_mb": 512.5}, "entier"),
        ({"name_template": "{inconnu}_{preset}"}, "{inconnu}"),
        ({"default_credit": "ligne\nsuivante"}, "contrôle"),
        ({"language": "de"}, "« langue » : « fr », « en »"),
        ({"export_trim": "oui"}, "vrai ou faux"),
        ({"colour": "bleu"}, "inconnu"),
    ],
)
def test_bad_values_are_refused_with_a_french_sentence(lib, changes, words):
    before = lib.settings()
    with pytest.raises(LibraryError) as err:
        lib.update_settings(**changes)
    assert words in str(err.value) and str(err.value).startswith("Réglage")
    assert lib.settings() == before
    assert not (lib.data_dir / "settings.json").exists()


def test_an_emptied_template_means_the_default_names(lib):
    lib.update_settings(name_template="{date}_{name}")
    assert lib.update_settings(name_template="  ").name_template == "{name}_{preset}"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@hsettings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(core_settings.FIELDS) | st.text(max_size=10), JSON, max_size=12))
def test_any_hand_edited_file_loads_into_valid_settings(tmp_path_factory, content):
    data = tmp_path_factory.mktemp("data")
    (data / "settings.json").write_bytes(json.dumps(content).encode())
    loaded, messages = core_settings.load(data)
    # whatever was read is itself acceptable: writing it back and reading it again changes nothing
    assert core_settings.replace(core_settings.Settings(), **loaded.to_json()) == loaded
    assert all(isinstance(m, str) and m for m in messages)


# ------------------------------------------------------------------------------------------ the plan
def test_the_credit_line_is_the_typed_one_then_the_campaigns_then_the_default():
    assert choose_credit("Typed", ["Campagne"], "Défaut") == "Typed"
    assert choose_credit("  ", ["Campagne", "Campagne "], "Défaut") == "Campagne"
    assert choose_credit(None, ["A", "B"], "Défaut") == "Défaut"  # two campaigns disagree: the default
    assert choose_credit(None, [], " ") is None


def test_the_plan_skips_what_cannot_be_exported_and_keeps_the_order(tmp_path):
    photo = make_jpeg(tmp_path / "halle.jpg", size=(400, 300))
    (tmp_path / "notes.txt").write_text("x")
    presets = [get_preset("instagram-square"), get_preset("tiktok")]
    asset = {
        "kind": "photo",
        "taken_at": "2024-05-01T10:00:00",
        "focal": [0.2, 0.3],
        "crops": {"tiktok": [0.1, 0.0, 0.5, 0.9]},
        "tags": {"business": ["Le Bistrot"], "heritage": [], "campaign": ["Été"], "keywords": []},
    }
    sources = [(str(tmp_path / "absent.jpg"), None), (str(photo), asset), (str(tmp_path / "notes.txt"), None)]
    plan = plan_export(sources, presets, default_credit="Défaut", campaign_credit={"Été": "Office"}.get)
    assert plan.credit == "Office"
    assert [(i.preset_id, i.override, i.focal) for i in plan.items] == [
        ("instagram-square", None, (0.2, 0.3)),
        ("tiktok", (0.1, 0.0, 0.5, 0.9), (0.2, 0.3)),
    ]
    assert plan.items[0].fields["business"] == "Le Bistrot" and str(plan.items[0].fields["date"]) == "2024-05-01"
    assert [(p, "introuvable" in r.error) for p, r in plan.skipped] == [(0, True), (1, True), (4, False), (5, False)]
    assert all("n'est pas une photo ou une vidéo" in r.error for _p, r in plan.skipped[2:])
    merged = plan.merge(["w1", "w2"])
    assert [m if isinstance(m, str) else m.item.source for m in merged] == [
        str(tmp_path / "absent.jpg"),
        str(tmp_path / "absent.jpg"),
        "w1",
        "w2",
        str(tmp_path / "notes.txt"),
        str(tmp_path / "notes.txt"),
    ]


def test_naming_fields_survive_a_hostile_record():
    hostile = {"path": "/x/IMG_1.jpg", "taken_at": "2024-13-45", "tags": ["not", "a", "dict"]}
    assert naming_fields(hostile) == {"name": "IMG_1", "date": None, "business": "", "site": "", "campaign": ""}
    odd = {"tags": {"business": [None], "campaign": "Été"}, "taken_at": 20240501}
    assert naming_fields(odd, "/x/b.jpg") == {"name": "b", "date": None, "business": "", "site": "", "campaign": ""}


def test_split_by_kind_pairs_each_kind_with_the_presets_that_take_it():
    assets = [{"path": "a.jpg", "kind": "photo"}, {"path": "b.mp4", "kind": "video"}]
    groups = split_by_kind(assets, [get_preset("instagram-square"), get_preset("tiktok")])
    assert [(g.kind, g.paths, g.preset_ids, g.size) for g in groups] == [
        ("photo", ["a.jpg"], ["instagram-square", "tiktok"], 2),
        ("video", ["b.mp4"], ["tiktok"], 1),
    ]


# ----------------------------------------------------------------- the library and the CLI use them
def test_library_export_falls_back_on_the_settings(lib, tmp_path):
    photo = make_jpeg(tmp_path / "src" / "halle.jpg", size=(800, 600))
    lib.update_settings(
        default_credit="Ville de Lectoure", export_folder=str(tmp_path / "out"), name_template="{preset}-{name}"
    )
    [result] = lib.export([str(photo)], ["instagram-square"], workers=1)
    assert result.ok, result.error
    assert result.output == str(tmp_path / "out" / "instagram-square-halle.jpg")
    assert exported_credit(result.output) == "Ville de Lectoure"


def test_library_export_without_any_folder_says_so(lib, tmp_path):
    photo = make_jpeg(tmp_path / "halle.jpg", size=(400, 300))
    with pytest.raises(LibraryError, match="Aucun dossier d'export"):
        lib.export([str(photo)], ["instagram-square"])


def test_cli_export_uses_the_settings_of_its_own_data_dir(tmp_path):
    """Two data dirs, two sets of preferences: each `export` without --out/--name/--credit follows its own."""
    photo = make_jpeg(tmp_path / "src" / "halle.jpg", size=(800, 600))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for who in ("a", "b"):
        with Library(tmp_path / f"data-{who}") as lib:
            lib.update_settings(
                export_folder=str(tmp_path / f"out-{who}"),
                name_template="{name}_" + who,
                default_credit=f"Crédit {who}",
            )
    for who in ("a", "b"):
        proc = cli(
            "export", photo, "--preset", "instagram-square", "--json", data_dir=tmp_path / f"data-{who}", cwd=cwd
        )
        assert proc.returncode == 0, proc.stderr
        [row] = json.loads(proc.stdout)
        assert row["output"] == str(tmp_path / f"out-{who}" / f"halle_{who}.jpg")
        assert exported_credit(row["output"]) == f"Crédit {who}"
    assert os.listdir(cwd) == []
    # the options given still win over the settings
    proc = cli(
        "export",
        photo,
        "--preset",
        "instagram-square",
        "--out",
        tmp_path / "given",
        "--name",
        "{name}",
        "--credit",
        "Typed",
        "--json",
        data_dir=tmp_path / "data-a",
        cwd=cwd,
    )
    [row] = json.loads(proc.stdout)
    assert row["output"] == str(tmp_path / "given" / "halle.jpg") and exported_credit(row["output"]) == "Typed"


def test_cli_export_without_settings_writes_into_the_current_folder(tmp_path):
    photo = make_jpeg(tmp_path / "src" / "halle.jpg", size=(400, 300))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    proc = cli("export", photo, "--preset", "instagram-square", data_dir=tmp_path / "d", cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(cwd) == ["halle_instagram-square.jpg"]


def test_the_watcher_polls_at_the_interval_of_the_settings(lib, tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    lib.update_settings(poll_interval=7.5)
    watch = lib.watch(root, mode="polling")
    try:
        assert watch.watcher.poll_interval == 7.5
    finally:
        watch.stop()
    given_watch = lib.watch(root, mode="polling", poll_interval=2.0)  # an explicit interval still wins
    try:
        assert given_watch.watcher.poll_interval == 2.0
    finally:
        given_watch.stop()


def test_a_video_keeps_the_default_credit_out_of_its_picture(lib, tmp_path):
    clip = make_video(tmp_path / "clip.mp4", size=(320, 240), seconds=0.5)
    lib.update_settings(default_credit="Ville de Lectoure")
    [result] = lib.export([str(clip)], ["tiktok"], str(tmp_path / "out"), workers=1)
    assert result.ok, result.error
    assert result.warnings[:1] == ["le crédit et la surimpression ne s'appliquent pas aux vidéos"]
