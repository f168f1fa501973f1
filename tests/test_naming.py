"""Export file names: Windows-safe components, templates, no escape from the output folder, no overwrite."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata

import pytest

from lectoure_media.core.export.naming import (
    MAX_COMPONENT_BYTES,
    MAX_COMPONENT_CHARS,
    InvalidTemplate,
    UnsafePath,
    publish_file,
    render_name,
    safe_join,
    sanitize_component,
    unique_path,
)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("CON", "_CON"),
        ("con.jpg", "_con.jpg"),
        ("NUL.tar.gz", "_NUL.tar.gz"),
        ("Aux", "_Aux"),
        ("COM1.png", "_COM1.png"),
        ("lpt9", "_lpt9"),
        ("COM¹.jpg", "_COM¹.jpg"),
        ("CON .jpg", "_CON .jpg"),
        ("CONSOLE.jpg", "CONSOLE.jpg"),  # only the exact device names are reserved
        ("COM10.jpg", "COM10.jpg"),
        ("icon.jpg", "icon.jpg"),
    ],
)
def test_reserved_windows_names(name, expected):
    assert sanitize_component(name) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ('a<b>c:d"e/f\\g|h?i*j.jpg', "a_b_c_d_e_f_g_h_i_j.jpg"),
        ("tab\there\nnew\x00null\x7f.jpg", "tab_here_new_null_.jpg"),
        ("photo. . .", "photo"),
        ("photo.jpg.  ", "photo.jpg"),
        ("   espaces   .jpg", "espaces   .jpg"),
        ("..", "_"),
        (".", "_"),
        ("", "_"),
        ("...cache", "cache"),
        ("../../etc/passwd", "_.._etc_passwd"),
    ],
)
def test_forbidden_characters_and_dots(name, expected):
    assert sanitize_component(name) == expected


def test_nfc_normalisation():
    nfd = unicodedata.normalize("NFD", "Cathédrale Saint-Gervais.jpg")
    out = sanitize_component(nfd)
    assert out == "Cathédrale Saint-Gervais.jpg" and unicodedata.is_normalized("NFC", out)
    assert len(out) == len("Cathédrale Saint-Gervais.jpg")


def test_long_names_keep_their_extension():
    out = sanitize_component("a" * 400 + ".jpeg")
    assert out.endswith(".jpeg") and len(out) == MAX_COMPONENT_CHARS
    emoji = sanitize_component("🏰" * 200 + ".jpg")  # 4 bytes each in UTF-8
    assert emoji.endswith(".jpg") and len(emoji.encode("utf-8")) <= MAX_COMPONENT_BYTES
    assert set(emoji[:-4]) == {"🏰"}
    # a cut that would leave a trailing dot or space is cleaned again
    tricky = sanitize_component("b" * 114 + " ." + "c" * 50 + ".jpg")
    assert not tricky[:-4].endswith((" ", ".")) and tricky.endswith(".jpg")


def test_render_name_templates():
    assert render_name("{name}_{preset}", name="IMG_1234", preset="instagram-portrait") == "IMG_1234_instagram-portrait"
    assert (
        render_name(
            "{date}_{site}_{campaign}_{preset}",
            date=dt.date(2024, 5, 17),
            site="Cathédrale Saint-Gervais",
            campaign=None,
            preset="tiktok",
        )
        == "2024-05-17_Cathédrale Saint-Gervais_tiktok"
    )
    assert (
        render_name("{date:%Y%m%d}-{business}", date=dt.datetime(2024, 5, 17, 10, 3), business="Le Bistrot")
        == "20240517-Le Bistrot"
    )
    # empty leading/trailing fields leave no dangling separator
    assert render_name("{campaign}_{name}_{business}", name="x") == "x"
    assert render_name("{name} - {campaign} - {preset}", name="a", preset="b") == "a - b"
    # list values (several tags of a facet) are joined
    assert render_name("{site}", site=["Remparts", "Fontaine Diane"]) == "Remparts-Fontaine Diane"
    # nothing at all still gives a usable name
    assert render_name("{campaign}") == "export"


def test_tag_values_cannot_create_folders_or_escape():
    name = render_name("{name}_{business}", name="IMG", business="../../etc/passwd")
    assert "/" not in name and "\\" not in name
    assert name == "IMG_.._.._etc_passwd"
    assert render_name("{name}", name="..\\..\\Windows\\win.ini") == "Windows_win.ini"
    assert render_name("{site}", site="CON") == "_CON"


@pytest.mark.parametrize("template", ["{nom}_{preset}", "{name", "{name!r}", "{0}", "{name:%Y}"])
def test_bad_templates_are_french_errors(template):
    with pytest.raises(InvalidTemplate) as info:
        render_name(template, name="x", preset="y")
    assert str(info.value)[0].isupper() and str(info.value).endswith(".")


def test_unknown_field_keyword_is_refused():
    with pytest.raises(InvalidTemplate, match="inconnu"):
        render_name("{name}", name="x", author="y")


def test_safe_join_stays_inside(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    for hostile in ("../../etc/passwd", "..", "/etc/passwd", "C:\\Windows\\system32", "a/../../b"):
        path = safe_join(out, hostile)
        assert path.parent == out.resolve()
        assert path.resolve().parent == out.resolve()


def test_safe_join_refuses_a_symlink_leading_outside(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"x")
    os.symlink(outside, out / "evil.jpg")
    with pytest.raises(UnsafePath, match="hors du dossier"):
        safe_join(out, "evil.jpg")


def test_unique_path(tmp_path):
    target = tmp_path / "photo.jpg"
    assert unique_path(target) == target
    target.write_bytes(b"1")
    assert unique_path(target) == tmp_path / "photo (2).jpg"
    (tmp_path / "photo (2).jpg").write_bytes(b"2")
    (tmp_path / "photo (3).jpg").write_bytes(b"3")
    assert unique_path(target) == tmp_path / "photo (4).jpg"
    assert unique_path(tmp_path / "photo (2).jpg") == tmp_path / "photo (4).jpg"
    # a dangling symlink is a taken name too
    os.symlink(tmp_path / "nowhere", tmp_path / "lien.jpg")
    assert unique_path(tmp_path / "lien.jpg") == tmp_path / "lien (2).jpg"
    # a name at the length limit stays within it with the counter
    long = tmp_path / ("x" * (MAX_COMPONENT_CHARS - 4) + ".jpg")
    long.write_bytes(b"l")
    free = unique_path(long)
    assert free.name.endswith(" (2).jpg") and len(free.name) <= MAX_COMPONENT_CHARS


def test_publish_never_overwrites(tmp_path):
    existing = tmp_path / "export.jpg"
    existing.write_bytes(b"old")
    tmp = tmp_path / ".export.jpg.part"
    tmp.write_bytes(b"new")
    final = publish_file(tmp, existing)
    assert final == tmp_path / "export (2).jpg"
    assert existing.read_bytes() == b"old" and final.read_bytes() == b"new"
    assert not tmp.exists()


def test_publish_handles_a_name_taken_after_the_check(tmp_path, monkeypatch):
    """Another program creates the target between unique_path() and the move: it must not be replaced."""
    from lectoure_media.core.export import naming

    wanted = tmp_path / "race.jpg"
    tmp = tmp_path / ".race.part"
    tmp.write_bytes(b"mine")
    real_unique = naming.unique_path
    calls = []

    def racing_unique(path):
        result = real_unique(path)
        if not calls:
            result.write_bytes(b"theirs")  # appears right after our check
        calls.append(result)
        return result

    monkeypatch.setattr(naming, "unique_path", racing_unique)
    final = publish_file(tmp, wanted)
    assert wanted.read_bytes() == b"theirs"
    assert final == tmp_path / "race (2).jpg" and final.read_bytes() == b"mine"
