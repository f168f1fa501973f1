"""Photo export on real files: orientation, colours, metadata hygiene, byte limits, overlays, failures."""

from __future__ import annotations

import errno
import io
import json
import os
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from lectoure_media.core.export import Cancelled, ExportError
from lectoure_media.core.export import image as image_mod
from lectoure_media.core.export.image import Overlay, export_photo
from lectoure_media.core.export.presets import ExportPreset, get_preset
from tests.media_factory import (
    BASE,
    BLUE,
    RED,
    build_exif,
    make_heic,
    make_jpeg,
    make_oriented_set,
    make_png,
    make_png_bomb,
    make_random_bytes,
    make_tiff,
    make_truncated_jpeg,
    make_zero_byte,
    marker_image,
)

# exiftool is installed by `python3 dev.py test`; without it the tests that run it fail (never skip).


def preset(width: int, height: int, **kw) -> ExportPreset:
    return ExportPreset(id=kw.pop("id", "test"), label=kw.pop("label", "Test"), width=width, height=height, **kw)


@pytest.fixture
def out_dir(tmp_path) -> Path:
    d = tmp_path / "exports"
    d.mkdir()
    return d


def pixels(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.int16)


def close_to(actual, expected, tol=30) -> bool:
    # Only the channels `expected` names are compared (a pixel may carry alpha too).
    return all(abs(int(a) - int(b)) <= tol for a, b in zip(actual, expected, strict=False))


def exiftool_json(path) -> dict:
    out = subprocess.run(["exiftool", "-j", "-a", "-G1", str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)[0]


# -- orientation -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["jpeg", "tiff", "webp", "heif"])
def test_the_eight_exif_orientations_export_to_the_same_picture(tmp_path, out_dir, fmt):
    # JPEG 1200x800 displayed, exported at 300x200: also goes through the 1/4 shrink-on-load path.
    # TIFF: Pillow turns those pixels itself while loading; HEIF: libheif applies irot/imir.
    size = (1200, 800) if fmt == "jpeg" else (600, 400)
    sources = make_oriented_set(tmp_path / "src", size=size, fmt=fmt)
    p = preset(300, 200)
    results = {o: export_photo(path, p, out_dir / f"o{o}.jpg", focal=(0.5, 0.5)) for o, path in sources.items()}
    reference = pixels(results[1].output)
    assert reference.shape == (200, 300, 3)
    # the upright marker: red band on top, blue band on the left, base colour elsewhere
    assert close_to(reference[15, 150], RED) and close_to(reference[120, 20], BLUE)
    assert close_to(reference[120, 200], BASE)
    for o, result in results.items():
        assert (result.width, result.height) == (300, 200)
        arr = pixels(result.output)
        assert arr.shape == reference.shape, o
        diff = np.abs(arr - reference)
        assert diff.mean() < 2.0 and np.percentile(diff, 99) < 40, f"orientation {o} differs"


def test_orientation_with_a_crop_uses_displayed_coordinates(tmp_path, out_dir):
    # stored sideways (orientation 6), displayed 600 wide x 900 high: a focal point at the top keeps the red band
    src = make_jpeg(tmp_path / "tall.jpg", size=(600, 900), orientation=6)
    result = export_photo(src, preset(600, 300), out_dir / "top.jpg", focal=(0.5, 0.0))
    assert result.crop == (0, 0, 600, 300)
    arr = pixels(result.output)
    assert close_to(arr[20, 300], RED) and close_to(arr[250, 50], BLUE)


# -- metadata --------------------------------------------------------------------------------------------------
MAKER_NOTE = b"LectoureCam\x00" + bytes(range(64)) + b"private maker data"


def _private_jpeg(path: Path) -> Path:
    ex = build_exif(gps=(43.9336, 0.6219, 156.0), make="Lectoure Cam", model="LC-1", taken_at="2024:05:17 10:03:00")
    ex[0x013B] = "Jean Photographe"
    ex[0x8298] = "Ville de Lectoure 2024"
    sub = ex.get_ifd(0x8769)
    sub[0xA431] = "SN-0042-1234"  # BodySerialNumber
    sub[0x927C] = MAKER_NOTE
    sub[0x9286] = b"ASCII\x00\x00\x00secret comment"  # UserComment
    marker_image((800, 600), texture=True).save(path, "JPEG", quality=90, exif=ex, comment=b"COM secret")
    thumb = path.with_name("thumb.jpg")
    marker_image((160, 120)).save(thumb, "JPEG")
    subprocess.run(["exiftool", "-q", "-overwrite_original", f"-ThumbnailImage<={thumb}", str(path)], check=True)
    return path


PRIVATE = ("GPS", "Serial", "UserComment", "Thumbnail", "Comment", "Make", "Model", "DateTimeOriginal")


def test_private_metadata_is_stripped_and_rights_kept(tmp_path, out_dir):
    src = _private_jpeg(tmp_path / "private.jpg")
    before = exiftool_json(src)
    for word in PRIVATE:  # the source really carries each of them
        assert any(word in key for key in before), word
    # exiftool cannot decode a maker note of an unknown brand but says it is there
    assert "MakerNotes" in before.get("ExifTool:Warning", "") and MAKER_NOTE in src.read_bytes()
    result = export_photo(src, get_preset("instagram-portrait"), out_dir / "clean.jpg", focal=(0.5, 0.5))
    after = exiftool_json(result.output)
    # (the sRGB profile's header has an empty "DeviceModel" field: that is the profile's, not the camera's)
    leaked = sorted(k for k in after if any(word in k for word in PRIVATE) and not k.startswith("ICC"))
    assert leaked == []
    assert "ExifTool:Warning" not in after
    data = Path(result.output).read_bytes()
    for secret in (MAKER_NOTE, b"SN-0042-1234", b"secret comment", b"COM secret", b"LC-1"):
        assert secret not in data
    assert after["IFD0:Artist"] == "Jean Photographe"
    assert after["IFD0:Copyright"] == "Ville de Lectoure 2024"
    assert after["XMP-dc:Creator"] == "Jean Photographe"
    assert after["XMP-dc:Rights"] == "Ville de Lectoure 2024"
    assert after["ICC_Profile:ProfileDescription"] == "sRGB built-in"
    # and Pillow agrees: the EXIF holds exactly two tags, no IFD1 (thumbnail), no sub-IFDs
    with Image.open(result.output) as im:
        exif = im.getexif()
        assert set(exif) == {0x013B, 0x8298}
        assert "comment" not in im.info


def test_explicit_rights_and_credit_with_accents(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "a.jpg", size=(400, 400))
    result = export_photo(
        src,
        get_preset("instagram-square"),
        out_dir / "a.jpg",
        artist="Hélène Dupré",
        copyright="© Mairie de Lectoure",
        credit="Office de tourisme\x00 de Lectoure",
    )
    meta = exiftool_json(result.output)
    assert meta["IFD0:Artist"] == "Hélène Dupré" and meta["XMP-dc:Creator"] == "Hélène Dupré"
    assert meta["IFD0:Copyright"] == "© Mairie de Lectoure" and meta["XMP-dc:Rights"] == "© Mairie de Lectoure"
    assert meta["XMP-photoshop:Credit"] == "Office de tourisme de Lectoure"


def test_no_rights_means_no_exif_at_all(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "gps.jpg", size=(400, 300), gps=(43.93, 0.62), make="Apple", model="iPhone")
    result = export_photo(src, get_preset("instagram-square"), out_dir / "g.jpg")
    with Image.open(result.output) as im:
        assert len(im.getexif()) == 0 and "exif" not in im.info and "xmp" not in im.info
        assert im.info.get("icc_profile")


SIDECAR_CREDITS = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Photo : Office de tourisme">
 <dc:creator><rdf:Seq><rdf:li>Hélène Dupré</rdf:li><rdf:li>Marc Petit</rdf:li></rdf:Seq></dc:creator>
 <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Ville de Lectoure 2025</rdf:li></rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def assert_credits(meta: dict, creators: list[str], rights: str, credit: str | None) -> None:
    creator = meta.get("XMP-dc:Creator")
    assert (creator if isinstance(creator, list) else [creator]) == creators
    assert meta["IFD0:Artist"] == "; ".join(creators)
    assert meta["XMP-dc:Rights"] == rights and meta["IFD0:Copyright"] == rights
    assert meta.get("XMP-photoshop:Credit") == credit


def test_credits_in_the_sidecar_reach_the_export(tmp_path, out_dir):
    """The team's sidecar wins over the camera's EXIF; private metadata is still stripped."""
    src = _private_jpeg(tmp_path / "halle.jpg")  # EXIF Artist "Jean Photographe", GPS, serial…
    (tmp_path / "halle.jpg.xmp").write_text(SIDECAR_CREDITS, encoding="utf-8")
    result = export_photo(src, get_preset("instagram-square"), out_dir / "halle.jpg")
    meta = exiftool_json(result.output)
    assert_credits(meta, ["Hélène Dupré", "Marc Petit"], "© Ville de Lectoure 2025", "Photo : Office de tourisme")
    assert sorted(k for k in meta if any(w in k for w in PRIVATE) and not k.startswith("ICC")) == []
    # a credit line given for the batch (the CLI's --credit, the campaign's) still wins over the file's
    given = export_photo(src, get_preset("instagram-square"), out_dir / "given.jpg", credit="Mairie")
    assert exiftool_json(given.output)["XMP-photoshop:Credit"] == "Mairie"


def test_credits_embedded_as_xmp_or_iptc_reach_the_export(tmp_path, out_dir):
    """A photographer's file: credits in its own XMP, or only in IPTC (older tools); GPS never follows."""
    xmp = make_jpeg(tmp_path / "xmp.jpg", size=(600, 600), gps=(43.93, 0.62), make="Canon")
    iptc = make_jpeg(tmp_path / "iptc.jpg", size=(600, 600), gps=(43.93, 0.62), make="Canon")
    subprocess.run(
        [
            "exiftool",
            "-q",
            "-overwrite_original",
            "-XMP-dc:Creator=Anaïs Roux",
            "-XMP-dc:Rights=© Anaïs Roux",
            "-XMP-photoshop:Credit=Studio Roux",
            "-IPTC:By-line=Ancien Nom",
            str(xmp),
        ],
        check=True,
    )
    subprocess.run(
        [
            "exiftool",
            "-q",
            "-overwrite_original",
            "-charset",
            "iptc=UTF8",
            "-IPTC:CodedCharacterSet=UTF8",
            "-IPTC:By-line=Léa Garnier",
            "-IPTC:CopyrightNotice=© Léa Garnier",
            "-IPTC:Credit=Agence Gers",
            str(iptc),
        ],
        check=True,
    )
    for src, creators, rights, credit in (
        (xmp, ["Anaïs Roux"], "© Anaïs Roux", "Studio Roux"),
        (iptc, ["Léa Garnier"], "© Léa Garnier", "Agence Gers"),
    ):
        meta = exiftool_json(export_photo(src, get_preset("instagram-square"), out_dir / src.name).output)
        assert_credits(meta, creators, rights, credit)
        assert not any("GPS" in k or k.endswith(":Make") or k.startswith("IPTC") for k in meta), sorted(meta)


def test_hostile_embedded_xmp_is_ignored_not_fatal(tmp_path, out_dir):
    """An entity declaration in the file's XMP (a billion-laughs start) is refused; the export still runs."""
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        b' photoshop:Credit="&b;"/></rdf:RDF></x:xmpmeta>'
    )
    src = tmp_path / "bomb.jpg"
    marker_image((400, 400)).save(src, "JPEG", xmp=bomb)
    with Image.open(src) as im:
        assert b"ENTITY" in im.info["xmp"]  # really embedded
    result = export_photo(src, get_preset("instagram-square"), out_dir / "bomb.jpg")
    with Image.open(result.output) as im:
        assert "xmp" not in im.info and len(im.getexif()) == 0


# -- size, quality, byte limit ---------------------------------------------------------------------------------
def test_byte_limit_is_met_with_the_highest_quality(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "textured.jpg", size=(1200, 900), texture=True, quality=95)
    unlimited = export_photo(src, preset(800, 600), out_dir / "full.jpg", focal=(0.5, 0.5))
    assert unlimited.quality == 95
    limit = unlimited.bytes // 3
    limited = export_photo(src, preset(800, 600, max_bytes=limit), out_dir / "small.jpg", focal=(0.5, 0.5))
    assert limited.bytes <= limit and os.path.getsize(limited.output) == limited.bytes
    assert 40 <= limited.quality < 95
    # one step higher would not have fitted: it is the highest quality under the limit
    above = export_photo(src, preset(800, 600, quality=limited.quality + 1), out_dir / "above.jpg", focal=(0.5, 0.5))
    assert above.bytes > limit


def test_impossible_byte_limit_is_a_french_error_and_leaves_nothing(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "t.jpg", size=(1200, 900), texture=True)
    with pytest.raises(ExportError, match="dépasse la limite"):
        export_photo(src, preset(800, 600, max_bytes=2000), out_dir / "x.jpg", focal=(0.5, 0.5))
    assert os.listdir(out_dir) == []


def test_upscale_is_flagged(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "small.jpg", size=(400, 300))
    result = export_photo(src, get_preset("instagram-square"), out_dir / "s.jpg")
    assert result.warnings == ["agrandissement : la source (300x300) est plus petite que le format (1080x1080)"]
    with Image.open(result.output) as im:
        assert im.size == (1080, 1080)
    big = make_jpeg(tmp_path / "big.jpg", size=(2400, 1800))
    assert export_photo(big, get_preset("instagram-square"), out_dir / "b.jpg").warnings == []


# -- colour ----------------------------------------------------------------------------------------------------
def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def rgb_icc(red, green, blue, gamma=563 / 256, name="Adobe-like RGB") -> bytes:
    """A minimal ICC v2 matrix/TRC display profile (what Adobe RGB 1998 is), written by hand."""

    def xyz(v):
        return b"XYZ " + b"\0" * 4 + b"".join(_s15(c) for c in v)

    curv = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    text = name.encode("ascii") + b"\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + struct.pack(">IIHB", 0, 0, 0, 0) + b"\0" * 67
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(red)),
        (b"gXYZ", xyz(green)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curv),
        (b"gTRC", curv),
        (b"bTRC", curv),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for sig, body in tags:
        data += b"\0" * (-(offset + len(data)) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + b"\0" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 28
        + b"".join(_s15(c) for c in (0.9642, 1.0, 0.8249))
    ).ljust(128, b"\0")
    return header + table + data


ADOBE_RGB = rgb_icc((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))


def test_icc_profile_is_converted_to_srgb(tmp_path, out_dir):
    colour = (60, 170, 90)
    src = tmp_path / "adobe.png"  # PNG: lossless, so the only change is the colour conversion
    Image.new("RGB", (400, 400), colour).save(src, icc_profile=ADOBE_RGB)
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(ADOBE_RGB)),
        ImageCms.createProfile("sRGB"),
        outputMode="RGB",
    ).getpixel((0, 0))
    assert abs(expected[0] - colour[0]) > 30, "the test colour must move visibly between the two spaces"
    result = export_photo(src, preset(200, 200, format="png"), out_dir / "srgb.png")
    assert tuple(pixels(result.output)[100, 100]) == expected
    with Image.open(result.output) as im:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"]))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
    # the same picture without a profile is taken as sRGB already
    plain = tmp_path / "plain.png"
    Image.new("RGB", (400, 400), colour).save(plain)
    assert tuple(pixels(export_photo(plain, preset(200, 200, format="png"), out_dir / "p.png").output)[5, 5]) == colour


def test_a_broken_icc_profile_is_a_warning_not_a_failure(tmp_path, out_dir):
    src = tmp_path / "badicc.png"
    Image.new("RGB", (200, 200), (10, 200, 30)).save(src, icc_profile=b"not a profile at all" * 8)
    result = export_photo(src, preset(100, 100, format="png"), out_dir / "b.png")
    assert any("profil de couleurs" in w for w in result.warnings)
    assert tuple(pixels(result.output)[50, 50]) == (10, 200, 30)


# -- source formats --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("maker, name", [(make_heic, "photo.heic"), (make_png, "photo.png"), (make_tiff, "photo.tif")])
def test_heic_png_and_tiff_sources(tmp_path, out_dir, maker, name):
    src = maker(tmp_path / name, (900, 600))
    result = export_photo(src, preset(450, 300), out_dir / "out.jpg", focal=(0.5, 0.5))
    arr = pixels(result.output)
    assert arr.shape == (300, 450, 3)
    assert close_to(arr[20, 225], RED) and close_to(arr[200, 30], BLUE) and close_to(arr[200, 300], BASE)


def test_transparent_png_is_flattened_on_white_for_jpeg_and_kept_for_png(tmp_path, out_dir):
    src = tmp_path / "alpha.png"
    im = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    im.paste((200, 0, 0, 255), (0, 0, 200, 400))
    im.save(src)
    jpg = pixels(export_photo(src, preset(200, 200), out_dir / "a.jpg").output)
    assert close_to(jpg[100, 50], (200, 0, 0), 12) and close_to(jpg[100, 150], (255, 255, 255), 6)
    png = export_photo(src, preset(200, 200, format="png"), out_dir / "a.png")
    with Image.open(png.output) as out:
        assert out.mode == "RGBA" and out.getpixel((150, 100))[3] == 0 and out.getpixel((50, 100))[3] == 255


def test_sixteen_bit_grey_png(tmp_path, out_dir):
    src = tmp_path / "grey16.png"
    arr = np.full((300, 300), 40000, dtype=np.uint16)
    Image.fromarray(arr).save(src)  # mode I;16
    with Image.open(src) as check:
        assert check.mode.startswith("I")
    value = pixels(export_photo(src, preset(100, 100, format="png"), out_dir / "g.png").output)[50, 50]
    assert abs(int(value[0]) - round(40000 / 65535 * 255)) <= 1


def test_webp_and_png_outputs(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "w.jpg", size=(800, 600), texture=True)
    webp = export_photo(src, preset(400, 300, format="webp", quality=80), out_dir / "w.jpg")
    assert webp.output.endswith("w.webp") and webp.quality == 80
    with Image.open(webp.output) as im:
        assert im.format == "WEBP" and im.size == (400, 300)
    png = export_photo(src, preset(400, 300, format="png"), out_dir / "p")
    assert png.output.endswith("p.png") and png.quality is None


# -- overlays --------------------------------------------------------------------------------------------------
def _diff_mask(a: Path, b: Path) -> np.ndarray:
    return np.abs(pixels(a) - pixels(b)).max(axis=2) > 8


def test_credit_line_draws_in_the_bottom_right_corner(tmp_path, out_dir):
    src = tmp_path / "grey.png"
    Image.new("RGB", (1200, 800), (150, 170, 150)).save(src)
    p = preset(600, 400, format="png")
    plain = export_photo(src, p, out_dir / "plain.png")
    credited = export_photo(src, p, out_dir / "credit.png", overlay=Overlay(text="© Mairie de Lectoure"))
    mask = _diff_mask(Path(plain.output), Path(credited.output))
    h, w = mask.shape
    assert mask[h // 2 :, w // 2 :].sum() > 500  # bottom-right quadrant changed
    assert mask[: h // 2, :].sum() == 0 and mask[:, : w // 4].sum() == 0
    # white text on a darkened band
    arr = pixels(credited.output)
    changed = arr[mask]
    assert changed.max() >= 240 and changed.mean(axis=1).min() < 110


def test_credit_font_has_the_french_characters():
    font = image_mod._font(32)
    missing = bytes(font.getmask("\ue000"))  # a private-use code point: drawn as the "missing glyph" box
    for char in "éèêëàâçôûùïÉÈÀÇŒœ«»–©’":
        assert bytes(font.getmask(char)) != missing, char


def test_overlay_respects_the_safe_zone_of_9_16_presets(tmp_path, out_dir):
    src = tmp_path / "grey.png"
    Image.new("RGB", (1080, 1920), (150, 170, 150)).save(src)
    tiktok = get_preset("tiktok")
    p = preset(tiktok.width, tiktok.height, format="png", safe_zone=tiktok.safe_zone)
    plain = export_photo(src, p, out_dir / "plain.png")
    credited = export_photo(src, p, out_dir / "c.png", overlay=Overlay(text="© Ville de Lectoure"))
    mask = _diff_mask(Path(plain.output), Path(credited.output))
    rows = np.nonzero(mask.any(axis=1))[0]
    cols = np.nonzero(mask.any(axis=0))[0]
    assert len(rows) > 0
    assert rows.max() < 1920 * (1 - tiktok.safe_zone.bottom)
    assert cols.max() < 1080 * (1 - tiktok.safe_zone.right)


def test_logo_overlay_with_opacity(tmp_path, out_dir):
    src = tmp_path / "grey.png"
    Image.new("RGB", (800, 800), (100, 100, 100)).save(src)
    logo = tmp_path / "logo.png"
    mark = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    mark.paste((250, 0, 0, 255), (20, 20, 80, 80))
    mark.save(logo)
    result = export_photo(
        src,
        preset(400, 400, format="png"),
        out_dir / "l.png",
        overlay=Overlay(logo_path=logo, logo_position="top-left", logo_size=0.25, logo_opacity=0.5, margin=0.0),
    )
    arr = pixels(result.output)
    # logo is 100x100 on the output (25 %), its opaque square at 20..80, half transparent over grey
    assert close_to(arr[50, 50], (175, 50, 50), 4)
    assert tuple(arr[5, 5]) == (100, 100, 100) and tuple(arr[300, 300]) == (100, 100, 100)


def test_bad_overlay_options_and_logo(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "x.jpg", size=(400, 400))
    with pytest.raises(ExportError, match="Position"):
        export_photo(src, preset(200, 200), out_dir / "x.jpg", overlay=Overlay(text="a", text_position="middle"))
    with pytest.raises(ExportError, match="opacité"):
        export_photo(src, preset(200, 200), out_dir / "x.jpg", overlay=Overlay(text="a", text_opacity=3))
    with pytest.raises(ExportError, match="logo"):
        export_photo(src, preset(200, 200), out_dir / "x.jpg", overlay=Overlay(logo_path=tmp_path / "none.png"))
    assert os.listdir(out_dir) == []


# -- failures leave nothing behind ---------------------------------------------------------------------------------
@pytest.mark.parametrize("stop_at", [0.0, 0.4, 0.75, 0.95])
def test_cancel_leaves_no_file(tmp_path, out_dir, stop_at):
    src = make_jpeg(tmp_path / "c.jpg", size=(1200, 900), texture=True)
    seen = []

    def progress(fraction, label):
        seen.append((fraction, label))
        if fraction >= stop_at:
            raise Cancelled()

    with pytest.raises(Cancelled) as info:
        export_photo(src, get_preset("instagram-portrait"), out_dir / "c.jpg", progress=progress)
    assert str(info.value) == "L'export a été annulé."
    assert os.listdir(out_dir) == []
    assert seen and seen[-1][0] >= stop_at


def test_cancel_after_publishing_is_too_late(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "late.jpg", size=(600, 600))

    def progress(fraction, label):
        if fraction >= 1.0:
            raise Cancelled()

    result = export_photo(src, preset(300, 300), out_dir / "late.jpg", progress=progress)
    assert os.listdir(out_dir) == ["late.jpg"] and os.path.getsize(result.output) == result.bytes


def test_output_suffix_follows_the_format(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "s.jpg", size=(400, 400))
    names = [
        Path(export_photo(src, preset(100, 100), out_dir / name).output).name
        for name in ("St.Gervais_tiktok", "a.PNG", "b.JPEG", "c.jpg")
    ]
    assert names == ["St.Gervais_tiktok.jpg", "a.jpg", "b.JPEG", "c.jpg"]


def test_progress_is_reported_to_the_end(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "p.jpg", size=(600, 600))
    seen = []
    export_photo(src, preset(300, 300), out_dir / "p.jpg", progress=lambda f, label: seen.append((f, label)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(isinstance(label, str) and label for _, label in seen)


def test_disk_full_leaves_no_partial_file(tmp_path, out_dir, monkeypatch):
    src = make_jpeg(tmp_path / "d.jpg", size=(1200, 900), texture=True)

    def half_then_full(fd, data):
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(image_mod, "_write_all", half_then_full)
    with pytest.raises(ExportError) as info:
        export_photo(src, get_preset("instagram-portrait"), out_dir / "d.jpg")
    assert "disque" in str(info.value) and "plein" in str(info.value)
    assert os.listdir(out_dir) == []


def test_existing_file_is_never_overwritten(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "e.jpg", size=(600, 600))
    (out_dir / "e.jpg").write_bytes(b"keep me")
    result = export_photo(src, preset(300, 300), out_dir / "e.jpg")
    assert Path(result.output) == out_dir / "e (2).jpg"
    assert (out_dir / "e.jpg").read_bytes() == b"keep me"
    assert oct(os.stat(result.output).st_mode & 0o077) != "0o0", "exports are readable by colleagues"


@pytest.mark.parametrize(
    "maker, fragment",
    [
        (lambda p: make_truncated_jpeg(p.with_suffix(".jpg")), "illisible ou endommagé"),
        (lambda p: make_random_bytes(p.with_suffix(".jpg")), "n'est pas une image"),
        (lambda p: make_zero_byte(p.with_suffix(".jpg")), "n'est pas une image"),
        (lambda p: make_png_bomb(p.with_suffix(".png")), "démesurée"),
        (lambda p: p.with_suffix(".jpg"), "introuvable"),
    ],
)
def test_broken_sources_are_french_errors(tmp_path, out_dir, maker, fragment):
    src = maker(tmp_path / "broken")
    with pytest.raises(ExportError) as info:
        export_photo(src, get_preset("instagram-square"), out_dir / "x.jpg")
    message = str(info.value)
    assert fragment in message and message.endswith(".") and "Traceback" not in message
    assert os.listdir(out_dir) == []


def test_gif_is_refused_even_named_jpg(tmp_path, out_dir):
    src = tmp_path / "anim.jpg"
    Image.new("P", (50, 50)).save(src, "GIF")
    with pytest.raises(ExportError, match="format pris en charge"):
        export_photo(src, get_preset("instagram-square"), out_dir / "x.jpg")


def test_missing_output_folder_and_bad_override(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "m.jpg", size=(600, 600))
    with pytest.raises(ExportError, match="n'existe pas"):
        export_photo(src, preset(300, 300), tmp_path / "absent" / "m.jpg")
    with pytest.raises(ExportError, match="recadrage"):
        export_photo(src, preset(300, 300), out_dir / "m.jpg", override=(0.2, 0.2, 0, 0.5))
    assert os.listdir(out_dir) == []


def test_override_wins_over_focal_and_smart_crop(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "o.jpg", size=(1000, 500))
    result = export_photo(src, preset(250, 250), out_dir / "o.jpg", focal=(1.0, 0.5), override=(0.0, 0.0, 0.5, 1.0))
    assert result.crop == (0, 0, 500, 500)
    arr = pixels(result.output)
    assert close_to(arr[150, 20], BLUE)  # the left band is in the window


def test_smart_crop_is_used_without_focal_or_override(tmp_path, out_dir):
    src = tmp_path / "detail.png"
    base = Image.new("RGB", (1600, 800), (128, 128, 128))
    noise = np.random.default_rng(5).integers(0, 256, size=(600, 500, 3), dtype=np.uint8)
    base.paste(Image.fromarray(noise, "RGB"), (1050, 100))
    base.save(src)
    result = export_photo(src, preset(400, 400), out_dir / "d.jpg")
    x, y, w, h = result.crop
    assert (w, h) == (800, 800) and x <= 1050 and x + w >= 1550
