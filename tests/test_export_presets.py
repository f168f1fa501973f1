"""Export presets: the built-in table of PLATFORMS.md, user presets, and finding resources/."""

from __future__ import annotations

import json
import logging
import math
import sys
from pathlib import Path

import pytest

from lectoure_media import resources
from lectoure_media.core.export.presets import (
    ExportPreset,
    UnknownPreset,
    get_preset,
    load_builtin_presets,
    load_presets,
    load_presets_report,
)

MB = 1024 * 1024
# (id, width, height, ratio string, kind, max_bytes) straight from the PLATFORMS.md table
TABLE = [
    ("instagram-square", 1080, 1080, "1:1", ("photo",), 8 * MB),
    ("instagram-portrait", 1080, 1350, "4:5", ("photo",), 8 * MB),
    ("instagram-landscape", 1080, 566, "1.91:1", ("photo",), 8 * MB),
    ("instagram-story", 1080, 1920, "9:16", ("photo", "video"), None),
    ("facebook-post", 1200, 630, "1.91:1", ("photo",), 10 * MB),
    ("facebook-portrait", 1080, 1350, "4:5", ("photo",), None),
    ("facebook-cover", 851, 315, "2.7:1", ("photo",), None),
    ("facebook-event", 1920, 1005, "1.91:1", ("photo",), None),
    ("tiktok", 1080, 1920, "9:16", ("photo", "video"), None),
    ("linkedin-post", 1200, 627, "1.91:1", ("photo",), 5 * MB),
    ("x-post", 1600, 900, "16:9", ("photo", "video"), 5 * MB),
    ("youtube-thumbnail", 1280, 720, "16:9", ("photo",), 2 * MB - 1),
    ("website-banner", 1920, 600, "3.2:1", ("photo",), None),
]


def _ratio_value(text: str) -> float:
    a, b = text.split(":")
    return float(a) / float(b)


def test_builtins_match_the_platform_table():
    presets = load_builtin_presets()
    assert [p.id for p in presets] == [row[0] for row in TABLE]
    for preset, (pid, w, h, ratio, kind, max_bytes) in zip(presets, TABLE, strict=True):
        assert (preset.width, preset.height, preset.ratio, preset.kind, preset.max_bytes) == (
            w,
            h,
            ratio,
            kind,
            max_bytes,
        ), pid
        assert preset.format == "jpeg" and preset.builtin
        # the ratio label agrees with the pixels (the table rounds 1.905 to 1.91 and 2.70 to 2.7)
        assert math.isclose(_ratio_value(preset.ratio), w / h, rel_tol=0.01), pid
        assert preset.label and preset.label[0].isupper()


def test_video_limits_and_safe_zones():
    by_id = {p.id: p for p in load_builtin_presets()}
    story = by_id["instagram-story"]
    assert story.video.audio_max_hz == 48000 and story.video.profile == "high"
    assert (story.video.min_fps, story.video.max_fps) == (23, 60)
    assert (story.video.min_seconds, story.video.max_seconds) == (3, 15 * 60)
    assert story.safe_zone.top == 0.14 and story.safe_zone.bottom == 0.35
    assert story.safe_zone.left == story.safe_zone.right == 0.06
    tiktok = by_id["tiktok"]
    assert (tiktok.video.min_seconds, tiktok.video.max_seconds) == (3, 600)
    # the TikTok zones are given in pixels of 1080x1920: the stored fractions cover the larger figure
    assert tiktok.safe_zone.top * 1920 >= 250 and tiktok.safe_zone.bottom * 1920 >= 420
    assert tiktok.safe_zone.right * 1080 >= 180
    x = by_id["x-post"]
    assert x.video.max_seconds == 140 and x.video.max_fps == 60 and x.video.profile == "high"
    for p in by_id.values():
        assert (p.video is not None) == p.supports("video"), p.id
        if p.video is not None:
            assert p.video.pix_fmt == "yuv420p" and p.video.faststart and p.video.video_codec == "h264"
        if p.ratio == "9:16":
            assert p.safe_zone is not None
    assert by_id["facebook-cover"].note and "centr" in by_id["facebook-cover"].note


def test_summary_is_the_cli_shape():
    p = load_builtin_presets()[0]
    assert p.summary() == {"id": "instagram-square", "label": p.label, "width": 1080, "height": 1080, "kind": ["photo"]}
    json.dumps([q.summary() for q in load_builtin_presets()])


def _write_user(data_dir: Path, content) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    (data_dir / "presets.json").write_text(text, encoding="utf-8")


def test_user_presets_add_and_redefine(tmp_path):
    _write_user(
        tmp_path,
        {
            "presets": [
                {
                    "id": "affiche-mairie",
                    "label": "Affiche de la mairie",
                    "width": 2480,
                    "height": 3508,
                    "format": "png",
                },
                {"id": "website-banner", "width": 2400, "height": 600},
                {"id": "newsletter", "width": 600, "height": 400, "format": "webp", "quality": 80, "max_bytes": 200000},
            ]
        },
    )
    presets = load_presets(tmp_path)
    ids = [p.id for p in presets]
    # built-ins first, in their order; new ones after
    assert ids[:13] == [row[0] for row in TABLE] and ids[13:] == ["affiche-mairie", "newsletter"]
    by_id = {p.id: p for p in presets}
    banner = by_id["website-banner"]
    assert (banner.width, banner.height, banner.ratio, banner.builtin) == (2400, 600, "4:1", False)
    assert banner.label == "Site de la ville — bandeau"  # kept from the built-in
    poster = by_id["affiche-mairie"]
    assert (poster.format, poster.extension, poster.kind, poster.quality) == ("png", ".png", ("photo",), 95)
    news = by_id["newsletter"]
    assert (news.format, news.quality, news.max_bytes, news.label) == ("webp", 80, 200000, "newsletter")
    assert get_preset("newsletter", tmp_path) == news


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("{ pas du json", "JSON invalide"),
        ('"une chaîne"', "liste de préréglages"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
    ],
)
def test_broken_user_file_gives_builtins_and_a_french_warning(tmp_path, caplog, content, fragment):
    tmp_path.mkdir(exist_ok=True)
    if isinstance(content, bytes):
        (tmp_path / "presets.json").write_bytes(content)
    else:
        _write_user(tmp_path, content)
    with caplog.at_level(logging.WARNING):
        report = load_presets_report(tmp_path)
    assert [p.id for p in report.presets] == [row[0] for row in TABLE]
    assert len(report.warnings) == 1 and fragment in report.warnings[0]
    assert report.warnings[0].startswith("Le fichier de préréglages")
    assert any(fragment in r.getMessage() for r in caplog.records)


def test_bad_entries_are_skipped_one_by_one(tmp_path):
    _write_user(
        tmp_path,
        [
            {"id": "ok-1", "width": 800, "height": 800},
            {"id": "Trop Grand", "width": 800, "height": 800},
            {"id": "neg", "width": -5, "height": 800},
            {"id": "fmt", "width": 800, "height": 800, "format": "gif"},
            {"id": "q", "width": 800, "height": 800, "quality": 101},
            {"id": "extra", "width": 800, "height": 800, "colour": "red"},
            {"id": "nosize"},
            "pas un objet",
            {"id": "ok-1", "width": 10, "height": 10},
            {"id": "ok-2", "width": 640, "height": 360, "max_bytes": None},
        ],
    )
    report = load_presets_report(tmp_path)
    assert [p.id for p in report.presets][13:] == ["ok-1", "ok-2"]
    assert {p.id: p.width for p in report.presets}["ok-1"] == 800
    assert len(report.warnings) == 8
    assert all(w.startswith("Préréglage ignoré") for w in report.warnings)


def test_no_data_dir_or_no_file_means_builtins(tmp_path):
    assert load_presets(None) == load_builtin_presets()
    assert load_presets(tmp_path / "absent") == load_builtin_presets()


def test_unknown_preset_lists_valid_ids():
    with pytest.raises(KeyError) as info:
        get_preset("instagram-reel")
    message = str(info.value)
    assert isinstance(info.value, UnknownPreset)
    assert message.startswith("Préréglage inconnu « instagram-reel »")
    assert "instagram-portrait" in message and "tiktok" in message and not message.startswith("'")


def test_preset_is_frozen():
    p = get_preset("tiktok")
    with pytest.raises(AttributeError):
        p.width = 5  # type: ignore[misc]  # the preset is frozen: this assignment is the error under test
    assert isinstance(p, ExportPreset) and p.aspect == 1080 / 1920 and p.supports("video")


# -- resources ---------------------------------------------------------------------------------------------------
def test_resource_path_finds_the_checkout_copy():
    path = resources.resource_path("presets.json")
    assert path == Path(resources.__file__).resolve().parent.parent / "resources" / "presets.json"
    assert json.loads(path.read_text(encoding="utf-8"))["presets"]


def test_resource_path_prefers_a_pyinstaller_bundle(tmp_path, monkeypatch):
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "presets.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("presets.json") == tmp_path / "resources" / "presets.json"
    # a file the bundle lacks is still found in the checkout layout
    (tmp_path / "resources" / "presets.json").unlink()
    assert resources.resource_path("presets.json") == resources._PACKAGE_DIR.parent / "resources" / "presets.json"


def test_resource_path_inside_an_installed_package(tmp_path, monkeypatch):
    pkg = tmp_path / "site-packages" / "lectoure_media"
    (pkg / "resources").mkdir(parents=True)
    (pkg / "resources" / "presets.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(resources, "_PACKAGE_DIR", pkg)
    assert resources.resource_path("presets.json") == pkg / "resources" / "presets.json"


def test_missing_resource_is_a_french_error(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "nowhere" / "lectoure_media")
    with pytest.raises(FileNotFoundError, match="introuvable"):
        resources.resource_path("presets.json")
