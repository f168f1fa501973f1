"""XMP sidecars: what we write is what exiftool (the reference reader) sees, what Lightroom/digiKam wrote is
what we read, a merge keeps everything we do not own, and a hostile sidecar is an error, not a crash."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from lectoure_media.core import sidecar
from lectoure_media.core.model import InvalidName
from lectoure_media.core.sidecar import (
    SidecarData,
    SidecarError,
    find_sidecar,
    read_rights,
    read_sidecar,
    sidecar_path_for,
    update_sidecar,
)

# Keys exiftool reports for a file that say nothing about its XMP content.
_FILE_GROUPS = ("SourceFile", "ExifTool:", "System:", "File:")


def exiftool(path: Path | str) -> dict:
    exe = shutil.which("exiftool")
    if exe is None:
        pytest.fail("exiftool is required for the sidecar interop tests (Debian: libimage-exiftool-perl)")
    proc = subprocess.run([exe, "-j", "-G1", "-struct", str(path)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout)[0]


def exiftool_write(*args: str) -> None:
    exe = shutil.which("exiftool")
    if exe is None:
        pytest.fail("exiftool is required for the sidecar interop tests (Debian: libimage-exiftool-perl)")
    proc = subprocess.run([exe, "-q", *args], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")


def xmp_content(info: dict) -> dict:
    return {k: v for k, v in info.items() if not k.startswith(_FILE_GROUPS) and k != "XMP-x:XMPToolkit"}


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    media = tmp_path / "IMG_0042.JPG"
    media.write_bytes(b"\xff\xd8\xff\xd9")  # the sidecar module never opens the media itself
    return media


def packet(body: str, namespaces: str = "") -> str:
    return f"""<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='XMP Core 4.4.0-Exiv2'>
 <rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
  <rdf:Description rdf:about=''
    xmlns:dc='http://purl.org/dc/elements/1.1/'
    xmlns:lr='http://ns.adobe.com/lightroom/1.0/'
    xmlns:digiKam='http://www.digikam.org/ns/1.0/'
    xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'
    {namespaces}>
{body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>
"""


# ------------------------------------------------------------------------------------------ locating


def test_sidecar_names_and_lookup_order(tmp_path: Path, photo: Path) -> None:
    assert sidecar_path_for(str(photo)) == str(photo) + ".xmp"
    assert find_sidecar(str(photo)) is None

    adobe = tmp_path / "IMG_0042.xmp"
    adobe.write_text(packet(""), encoding="utf-8")
    assert find_sidecar(str(photo)) == str(adobe)

    ours = tmp_path / "IMG_0042.JPG.xmp"
    ours.write_text(packet(""), encoding="utf-8")
    assert find_sidecar(str(photo)) == str(ours)


def test_lookup_accepts_upper_case_and_listing_is_case_insensitive(tmp_path: Path, photo: Path) -> None:
    upper = tmp_path / "IMG_0042.JPG.XMP"
    upper.write_text(packet(""), encoding="utf-8")
    assert Path(find_sidecar(str(photo))).name.casefold() == "img_0042.jpg.xmp"

    other = tmp_path / "img_0042.jpg.Xmp"  # a spelling no stat guess covers; only the listing finds it
    upper.rename(other)
    names = os.listdir(tmp_path)
    assert find_sidecar(str(photo), listing=names) == str(other)
    assert find_sidecar(str(tmp_path / "IMG_0043.JPG"), listing=names) is None


# ------------------------------------------------------------------------------------- write + exiftool


def test_written_sidecar_is_read_by_exiftool_and_round_trips(photo: Path) -> None:
    data = update_sidecar(
        str(photo),
        add={
            "business": ["Le Bistrot d'Armagnac", "Boulangerie Martin"],
            "heritage": ["Cathédrale Saint-Gervais"],
            "campaign": ["Concours photo 2024", "Été <& fêtes>"],
            "keywords": ["coucher de soleil", "Rock & Roll"],
        },
        categories={"le bistrot d'armagnac": "Restaurants"},
        own={"focal": "0.42,0.31"},
    )
    side = Path(sidecar_path_for(str(photo)))
    assert data.path == str(side)
    assert data.signature == (side.stat().st_size, side.stat().st_mtime_ns)
    assert side.read_bytes().startswith(b'<?xpacket begin="\xef\xbb\xbf"')

    info = exiftool(side)
    assert info["XMP-lr:HierarchicalSubject"] == [
        "Commerces|Restaurants|Le Bistrot d'Armagnac",
        "Commerces|Boulangerie Martin",
        "Patrimoine|Cathédrale Saint-Gervais",
        "Campagnes|Concours photo 2024",
        "Campagnes|Été <& fêtes>",
        "Mots-clés|coucher de soleil",
        "Mots-clés|Rock & Roll",
    ]
    assert info["XMP-digiKam:TagsList"] == [p.replace("|", "/") for p in info["XMP-lr:HierarchicalSubject"]]
    assert sorted(info["XMP-dc:Subject"]) == sorted(
        [
            "Commerces",
            "Restaurants",
            "Le Bistrot d'Armagnac",
            "Boulangerie Martin",
            "Patrimoine",
            "Cathédrale Saint-Gervais",
            "Campagnes",
            "Concours photo 2024",
            "Été <& fêtes>",
            "Mots-clés",
            "coucher de soleil",
            "Rock & Roll",
        ]
    )
    assert info["XMP-iptcExt:OrganisationInImageName"] == ["Le Bistrot d'Armagnac", "Boulangerie Martin"]
    assert info["XMP-iptcExt:LocationShown"] == [{"LocationName": "Cathédrale Saint-Gervais"}]
    assert info["XMP-iptcExt:Event"] == "Concours photo 2024, Été <& fêtes>"
    assert info["XMP-lm:Focal"] == "0.42,0.31"

    again = read_sidecar(str(photo))
    assert again.error is None
    assert (
        again.tags
        == data.tags
        == {
            "business": ["Le Bistrot d'Armagnac", "Boulangerie Martin"],
            "heritage": ["Cathédrale Saint-Gervais"],
            "campaign": ["Concours photo 2024", "Été <& fêtes>"],
            "keywords": ["coucher de soleil", "Rock & Roll"],
        }
    )
    assert again.categories == {"Le Bistrot d'Armagnac": "Restaurants"}
    assert again.own == {"focal": "0.42,0.31"}
    assert again.signature == data.signature


def test_own_fields_round_trip_and_delete(photo: Path) -> None:
    crops = json.dumps({"instagram-portrait": [0.1, 0.0, 0.9, 1.0], "note": 'guillemets " & <b>\nligne 2'})
    update_sidecar(str(photo), own={"focal": "0.5,0.5", "crops": crops, "consent_until": "2027-01-31"})
    assert read_sidecar(str(photo)).own == {"focal": "0.5,0.5", "crops": crops, "consent_until": "2027-01-31"}
    assert json.loads(exiftool(sidecar_path_for(str(photo)))["XMP-lm:Crops"]) == json.loads(crops)

    data = update_sidecar(str(photo), own={"focal": None, "consent_until": "2028-01-31"})
    assert data.own == {"crops": crops, "consent_until": "2028-01-31"}
    assert read_sidecar(str(photo)).own == data.own
    assert "XMP-lm:Focal" not in exiftool(sidecar_path_for(str(photo)))


FOREIGN_BODY = """
   <dc:creator><rdf:Seq><rdf:li>Jeanne Photographe</rdf:li></rdf:Seq></dc:creator>
   <dc:rights><rdf:Alt><rdf:li xml:lang='x-default'>© Ville de Lectoure 2024</rdf:li></rdf:Alt></dc:rights>
   <dc:subject><rdf:Bag><rdf:li>marché</rdf:li></rdf:Bag></dc:subject>
   <darktable:history>
    <rdf:Seq>
     <rdf:li darktable:num='0' darktable:operation='exposure' darktable:enabled='1'
       darktable:params='0000000000000000cdcc4c3e' darktable:multi_name=''/>
     <rdf:li darktable:num='1' darktable:operation='colorin' darktable:enabled='1'
       darktable:params='gz35eJxjYGBgYAJiCwaGBgAIMgGB' darktable:multi_name=''/>
    </rdf:Seq>
   </darktable:history>
   <custom:Reviewer>Service communication</custom:Reviewer>
"""
FOREIGN_NS = """xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'
    xmlns:xmp='http://ns.adobe.com/xap/1.0/'
    xmlns:crs='http://ns.adobe.com/camera-raw-settings/1.0/'
    xmlns:darktable='http://darktable.sf.net/'
    xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/'
    xmlns:custom='http://example.org/ns/custom/1.0/'
    xmp:Rating='4' xmp:Label='Rouge' photoshop:Credit='Ville de Lectoure'
    crs:Exposure2012='+0.35' xmpMM:DocumentID='xmp.did:1234' darktable:xmp_version='5'"""


def test_update_keeps_every_property_we_do_not_own(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    side.write_text(packet(FOREIGN_BODY, FOREIGN_NS), encoding="utf-8")
    before = xmp_content(exiftool(side))
    assert before["XMP-photoshop:Credit"] == "Ville de Lectoure"  # the fixture is what we think it is
    assert before["XMP-darktable:History"][1]["Operation"] == "colorin"

    update_sidecar(
        str(photo), add={"business": ["Chez Paul"], "keywords": ["nuit"]}, categories={"Chez Paul": "Restaurants"}
    )
    raw_after = exiftool(side)
    after = xmp_content(raw_after)

    ours = {
        "XMP-dc:Subject",
        "XMP-lr:HierarchicalSubject",
        "XMP-digiKam:TagsList",
        "XMP-iptcExt:OrganisationInImageName",
    }
    assert {k: v for k, v in after.items() if k not in ours} == {k: v for k, v in before.items() if k not in ours}
    assert after["XMP-photoshop:Credit"] == "Ville de Lectoure"
    assert after["XMP-dc:Rights"] == "© Ville de Lectoure 2024"
    assert after["XMP-dc:Creator"] == ["Jeanne Photographe"]
    assert after["XMP-xmp:Rating"] == 4
    assert after["XMP-custom:Reviewer"] == "Service communication"
    assert after["XMP-lr:HierarchicalSubject"] == [
        "Commerces|Restaurants|Chez Paul",
        "Mots-clés|marché",
        "Mots-clés|nuit",
    ]
    assert raw_after["XMP-x:XMPToolkit"].startswith("Lectoure Media")
    # Prefixes of namespaces we do not know are kept as the other tool declared them.
    assert 'xmlns:custom="http://example.org/ns/custom/1.0/"' in side.read_text(encoding="utf-8")

    assert read_rights(str(photo)) == {
        "creator": ["Jeanne Photographe"],
        "credit": "Ville de Lectoure",
        "rights": "© Ville de Lectoure 2024",
    }


def test_read_rights_is_empty_without_them(photo: Path) -> None:
    assert read_rights(str(photo)) == {}
    update_sidecar(str(photo), add={"keywords": ["x"]})
    assert read_rights(str(photo)) == {}


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_rewrite_keeps_file_mode_of_shared_sidecar(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    side.write_text(packet(""), encoding="utf-8")
    side.chmod(0o640)
    update_sidecar(str(photo), add={"keywords": ["x"]})
    assert stat.S_IMODE(side.stat().st_mode) == 0o640


# -------------------------------------------------------------------------- reading other tools' files


def test_reads_lightroom_style_sidecar_written_by_exiftool(tmp_path: Path, photo: Path) -> None:
    adobe = tmp_path / "IMG_0042.xmp"
    # Lightroom lists every ancestor of a keyword and puts every level into dc:subject.
    exiftool_write(
        "-o",
        str(adobe),
        "-HierarchicalSubject=Commerces",
        "-HierarchicalSubject=Commerces|Restaurants",
        "-HierarchicalSubject=Commerces|Restaurants|Le Bistrot",
        "-HierarchicalSubject=Lieux|France|Lectoure",
        "-HierarchicalSubject=Heritage|Tour du Bourreau",
        "-HierarchicalSubject=Campaigns|Marché de Noël",
        "-HierarchicalSubject=Keywords|brocante",
        "-HierarchicalSubject=Businesses|Fleuriste Rose",
        "-Subject=Commerces",
        "-Subject=Restaurants",
        "-Subject=Le Bistrot",
        "-Subject=Lieux",
        "-Subject=France",
        "-Subject=Lectoure",
        "-Subject=coucher de soleil",
        "-Rating=5",
    )
    data = read_sidecar(str(photo))
    assert data.error is None
    assert data.path == str(adobe)
    assert data.tags == {
        "business": ["Le Bistrot", "Fleuriste Rose"],
        "heritage": ["Tour du Bourreau"],
        "campaign": ["Marché de Noël"],
        "keywords": ["Lectoure", "brocante", "coucher de soleil"],
    }
    assert data.categories == {"Le Bistrot": "Restaurants"}


def test_reads_digikam_tagslist_only(photo: Path) -> None:
    body = """
   <digiKam:TagsList>
    <rdf:Seq>
     <rdf:li>Commerces/Restaurants/Chez Paul</rdf:li>
     <rdf:li>Patrimoine/Cathédrale Saint-Gervais</rdf:li>
     <rdf:li>Campagnes/Été 2024</rdf:li>
     <rdf:li>Mots-clés/nuit</rdf:li>
     <rdf:li>Animaux/Chat</rdf:li>
    </rdf:Seq>
   </digiKam:TagsList>
   <MicrosoftPhoto:LastKeywordXMP><rdf:Bag><rdf:li>Animaux/Chat</rdf:li></rdf:Bag></MicrosoftPhoto:LastKeywordXMP>
"""
    side = Path(sidecar_path_for(str(photo)))
    side.write_text(packet(body, "xmlns:MicrosoftPhoto='http://ns.microsoft.com/photo/1.0'"), encoding="utf-8")
    data = read_sidecar(str(photo))
    assert data.tags == {
        "business": ["Chez Paul"],
        "heritage": ["Cathédrale Saint-Gervais"],
        "campaign": ["Été 2024"],
        "keywords": ["nuit", "Chat"],
    }
    assert data.categories == {"Chez Paul": "Restaurants"}

    # A write keeps digiKam's own tree for "Chat" instead of moving it under Mots-clés.
    update_sidecar(str(photo), add={"keywords": ["chien"]})
    info = exiftool(side)
    assert info["XMP-digiKam:TagsList"] == [
        "Commerces/Restaurants/Chez Paul",
        "Patrimoine/Cathédrale Saint-Gervais",
        "Campagnes/Été 2024",
        "Mots-clés/nuit",
        "Animaux/Chat",
        "Mots-clés/chien",
    ]
    assert info["XMP-microsoft:LastKeywordXMP"] == ["Animaux/Chat"]


def test_names_the_model_cannot_hold_survive_a_write(photo: Path) -> None:
    body = """
   <dc:subject><rdf:Bag><rdf:li>Musique</rdf:li><rdf:li>AC/DC</rdf:li><rdf:li>50/50</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>Musique|AC/DC</rdf:li></rdf:Bag></lr:hierarchicalSubject>
"""
    side = Path(sidecar_path_for(str(photo)))
    side.write_text(packet(body), encoding="utf-8")
    assert read_sidecar(str(photo)).tags["keywords"] == []  # clean_name forbids "/" in a tag

    update_sidecar(str(photo), add={"keywords": ["concert"]})
    info = exiftool(side)
    assert info["XMP-lr:HierarchicalSubject"] == ["Mots-clés|concert", "Musique|AC/DC"]
    assert info["XMP-digiKam:TagsList"] == ["Mots-clés/concert"]  # "/" would add a level there
    assert set(info["XMP-dc:Subject"]) == {"Mots-clés", "concert", "Musique", "AC/DC", "50/50"}


def test_reads_utf16_packet(photo: Path) -> None:
    body = "<lr:hierarchicalSubject><rdf:Bag><rdf:li>Patrimoine|Château</rdf:li></rdf:Bag></lr:hierarchicalSubject>"
    xml = packet(body).replace("<?xpacket", "<?xml version='1.0' encoding='UTF-16'?>\n<?xpacket", 1)
    Path(sidecar_path_for(str(photo))).write_bytes(xml.encode("utf-16"))
    assert read_sidecar(str(photo)).tags["heritage"] == ["Château"]


def _many_entries(count: int) -> bytes:
    items = "".join(f"<rdf:li>mot {i}</rdf:li>" for i in range(count))
    paths = "".join(f"<rdf:li>Lieux|Zone {i % 50}|mot {i}</rdf:li>" for i in range(count))
    return packet(
        f"<dc:subject><rdf:Bag>{items}<rdf:li>seul</rdf:li></rdf:Bag></dc:subject>"
        f"<lr:hierarchicalSubject><rdf:Bag>{paths}</rdf:Bag></lr:hierarchicalSubject>"
    ).encode()


@pytest.mark.timeout(60)
def test_sidecar_with_a_huge_number_of_entries_stays_linear(photo: Path) -> None:
    count = 10_000
    Path(sidecar_path_for(str(photo))).write_bytes(_many_entries(count))
    data = read_sidecar(str(photo))
    assert data.error is None
    assert len(data.tags["keywords"]) == count + 1
    assert data.tags["keywords"][-1] == "seul"
    written = update_sidecar(str(photo), remove={"keywords": ["mot 7"]})
    assert len(written.tags["keywords"]) == count
    again = read_sidecar(str(photo))
    assert again.error is None and len(again.tags["keywords"]) == count


def test_write_that_would_exceed_the_size_cap_is_refused(photo: Path, monkeypatch) -> None:
    side = Path(sidecar_path_for(str(photo)))
    content = _many_entries(500)
    # Readable under the cap, but our write adds digiKam's copy of every path and would pass it.
    monkeypatch.setattr(sidecar, "MAX_SIDECAR_BYTES", len(content) + 1000)
    side.write_bytes(content)
    assert read_sidecar(str(photo)).error is None
    with pytest.raises(SidecarError, match="trop"):
        update_sidecar(str(photo), add={"keywords": ["encore un"]})
    assert side.read_bytes() == content


def test_adobe_style_sidecar_is_copied_never_modified(tmp_path: Path, photo: Path) -> None:
    adobe = tmp_path / "IMG_0042.xmp"
    exiftool_write(
        "-o",
        str(adobe),
        "-HierarchicalSubject=Patrimoine|Tour du Bourreau",
        "-Rating=3",
        "-Credit=Office de tourisme",
        "-XMP-crs:Exposure2012=+0.50",
    )
    original = adobe.read_bytes()

    data = update_sidecar(str(photo), add={"keywords": ["remparts"]})
    ours = tmp_path / "IMG_0042.JPG.xmp"
    assert data.path == str(ours)
    assert adobe.read_bytes() == original
    info = exiftool(ours)
    assert info["XMP-xmp:Rating"] == 3
    assert info["XMP-photoshop:Credit"] == "Office de tourisme"
    assert info["XMP-crs:Exposure2012"] == "+0.50"
    assert info["XMP-lr:HierarchicalSubject"] == ["Patrimoine|Tour du Bourreau", "Mots-clés|remparts"]

    # From now on IMG.JPG.xmp wins, whatever happens to the Adobe one (e.g. a RAW editor rewriting it).
    exiftool_write("-overwrite_original", "-HierarchicalSubject+=Mots-clés|raw seulement", str(adobe))
    read = read_sidecar(str(photo))
    assert read.path == str(ours)
    assert read.tags["keywords"] == ["remparts"]
    assert read.tags["heritage"] == ["Tour du Bourreau"]


def test_adobe_style_sidecar_alone_is_not_copied_by_a_no_op(tmp_path: Path, photo: Path) -> None:
    adobe = tmp_path / "IMG_0042.xmp"
    exiftool_write("-o", str(adobe), "-HierarchicalSubject=Mots-clés|pont")
    data = update_sidecar(str(photo), add={"keywords": ["PONT"]})
    assert data.path == str(adobe)
    assert data.tags["keywords"] == ["pont"]
    assert not (tmp_path / "IMG_0042.JPG.xmp").exists()


# ------------------------------------------------------------------------------------------- merging


def test_two_pcs_merge_additions_and_honour_removals(photo: Path) -> None:
    update_sidecar(str(photo), add={"keywords": ["marché", "pluie"], "heritage": ["Tour du Bourreau"]})
    pc1_view = read_sidecar(str(photo))
    pc2_view = read_sidecar(str(photo))
    assert pc1_view.tags == pc2_view.tags

    # Each PC only sends its delta; the sidecar is re-read before each write.
    update_sidecar(str(photo), add={"keywords": ["soleil"]})
    result = update_sidecar(str(photo), remove={"keywords": ["PLUIE"]}, add={"keywords": ["nuit"]})
    assert result.tags["keywords"] == ["marché", "soleil", "nuit"]
    assert read_sidecar(str(photo)).tags["keywords"] == ["marché", "soleil", "nuit"]
    assert result.tags["heritage"] == ["Tour du Bourreau"]

    # A removal by the other PC is not undone by a later, unrelated addition from the first one.
    update_sidecar(str(photo), remove={"heritage": ["tour du bourreau"]})
    final = update_sidecar(str(photo), add={"keywords": ["vent"]})
    assert final.tags["heritage"] == []
    info = exiftool(sidecar_path_for(str(photo)))
    assert "XMP-iptcExt:LocationShown" not in info
    assert info["XMP-lr:HierarchicalSubject"] == [
        "Mots-clés|marché",
        "Mots-clés|soleil",
        "Mots-clés|nuit",
        "Mots-clés|vent",
    ]


def test_changes_made_by_another_tool_between_our_writes_are_kept(photo: Path) -> None:
    update_sidecar(str(photo), add={"keywords": ["pluie"]})
    side = sidecar_path_for(str(photo))
    exiftool_write("-overwrite_original", "-Rating=2", "-HierarchicalSubject+=Lieux|Gers|Lectoure", side)
    data = update_sidecar(str(photo), add={"campaign": ["Noël"]})
    assert data.tags["keywords"] == ["pluie", "Lectoure"]
    info = exiftool(side)
    assert info["XMP-xmp:Rating"] == 2
    assert info["XMP-lr:HierarchicalSubject"] == ["Campagnes|Noël", "Mots-clés|pluie", "Lieux|Gers|Lectoure"]


def test_sidecar_replaced_during_merge_is_merged_again(photo: Path, monkeypatch) -> None:
    update_sidecar(str(photo), add={"keywords": ["a"]})
    side = sidecar_path_for(str(photo))
    real_serialize = sidecar._serialize
    calls = []

    def other_pc_writes_meanwhile(root, declared):
        calls.append(1)
        if len(calls) == 1:
            exiftool_write("-overwrite_original", "-HierarchicalSubject+=Mots-clés|autre PC", side)
        return real_serialize(root, declared)

    monkeypatch.setattr(sidecar, "_serialize", other_pc_writes_meanwhile)
    data = update_sidecar(str(photo), add={"keywords": ["b"]})
    assert len(calls) == 2
    assert data.tags["keywords"] == ["a", "autre PC", "b"]
    assert read_sidecar(str(photo)).tags["keywords"] == ["a", "autre PC", "b"]


def test_threads_updating_the_same_sidecar_lose_nothing(photo: Path) -> None:
    names = [f"mot {i}" for i in range(8)]
    barrier = threading.Barrier(len(names))
    errors: list[BaseException] = []

    def tag(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            update_sidecar(str(photo), add={"keywords": [name]})
        except BaseException as exc:  # noqa: BLE001 -- any failure is reported to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=tag, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
        assert not t.is_alive()
    assert errors == []
    assert sorted(read_sidecar(str(photo)).tags["keywords"]) == names


def test_rename_keeps_category_and_location_details(photo: Path) -> None:
    update_sidecar(
        str(photo),
        add={"business": ["Le Bistro"], "heritage": ["Cathedrale"], "keywords": ["nuit"]},
        categories={"Le Bistro": "Restaurants"},
    )
    side = sidecar_path_for(str(photo))
    # Another tool adds a city to our LocationShown entry; a rename must not lose it.
    exiftool_write("-overwrite_original", "-LocationShown=", side)
    exiftool_write(
        "-overwrite_original",
        "-LocationShown+={LocationName=Cathedrale,City=Lectoure}",
        "-LocationShown+={LocationName=Halle aux grains,City=Lectoure}",
        side,
    )

    data = update_sidecar(
        str(photo),
        rename=[
            ("business", "le bistro", "Le Bistrot"),
            ("heritage", "cathedrale", "Cathédrale Saint-Gervais"),
            ("keywords", "NUIT", "Nuit"),
        ],
    )
    assert data.tags == {
        "business": ["Le Bistrot"],
        "heritage": ["Cathédrale Saint-Gervais"],
        "campaign": [],
        "keywords": ["Nuit"],
    }
    assert data.categories == {"Le Bistrot": "Restaurants"}
    info = exiftool(side)
    assert info["XMP-iptcExt:LocationShown"] == [
        {"City": "Lectoure", "LocationName": "Cathédrale Saint-Gervais"},
        {"City": "Lectoure", "LocationName": "Halle aux grains"},
    ]
    assert info["XMP-iptcExt:OrganisationInImageName"] == ["Le Bistrot"]
    assert info["XMP-lr:HierarchicalSubject"] == [
        "Commerces|Restaurants|Le Bistrot",
        "Patrimoine|Cathédrale Saint-Gervais",
        "Mots-clés|Nuit",
    ]

    # Renaming onto a name the asset already has merges the two.
    update_sidecar(str(photo), add={"keywords": ["soir"]})
    merged = update_sidecar(str(photo), rename=[("keywords", "soir", "nuit")])
    assert merged.tags["keywords"] == ["Nuit"]


def test_categories_set_and_cleared(photo: Path) -> None:
    update_sidecar(str(photo), add={"business": ["Boulangerie Martin"]})
    data = update_sidecar(str(photo), categories={"boulangerie martin": "Boulangeries"})
    assert data.categories == {"Boulangerie Martin": "Boulangeries"}
    assert exiftool(data.path)["XMP-lr:HierarchicalSubject"] == ["Commerces|Boulangeries|Boulangerie Martin"]
    data = update_sidecar(str(photo), categories={"Boulangerie Martin": None})
    assert data.categories == {}
    assert exiftool(data.path)["XMP-lr:HierarchicalSubject"] == ["Commerces|Boulangerie Martin"]


def test_event_set_by_someone_else_is_left_until_campaigns_change(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    exiftool_write("-o", str(side), "-Event=Fête de la musique")
    update_sidecar(str(photo), add={"keywords": ["scène"]})
    assert exiftool(side)["XMP-iptcExt:Event"] == "Fête de la musique"

    update_sidecar(str(photo), add={"campaign": ["Été 2024", "Noël"]})
    assert exiftool(side)["XMP-iptcExt:Event"] == "Été 2024, Noël"
    update_sidecar(str(photo), remove={"campaign": ["été 2024", "noël"]})
    assert "XMP-iptcExt:Event" not in exiftool(side)


def test_no_op_update_writes_nothing(photo: Path) -> None:
    update_sidecar(str(photo), add={"keywords": ["Marché"], "business": ["Chez Paul"]}, own={"focal": "0.1,0.2"})
    side = Path(sidecar_path_for(str(photo)))
    past = 1_600_000_000_000_000_000
    os.utime(side, ns=(past, past))
    content = side.read_bytes()

    for delta in (
        {"add": {"keywords": ["marché"]}},
        {"remove": {"heritage": ["Absent"]}},
        {"rename": [("keywords", "inconnu", "autre")]},
        {"own": {"focal": "0.1,0.2"}},
        {"own": {"absent": None}},
        {"categories": {"Pas là": "Restaurants"}},
        {},
    ):
        data = update_sidecar(str(photo), **delta)
        assert data.signature == (len(content), past), delta
    assert side.stat().st_mtime_ns == past
    assert side.read_bytes() == content
    assert sorted(p.name for p in side.parent.iterdir()) == ["IMG_0042.JPG", "IMG_0042.JPG.xmp"]


def test_invalid_deltas_are_refused_before_writing(photo: Path) -> None:
    with pytest.raises(InvalidName):
        update_sidecar(str(photo), add={"keywords": ["AC/DC"]})
    with pytest.raises(InvalidName):
        update_sidecar(str(photo), add={"business": ["A|B"]})
    with pytest.raises(InvalidName):
        update_sidecar(str(photo), add={"keywords": ["bad \ufffe char"]})
    with pytest.raises(ValueError):
        update_sidecar(str(photo), add={"lieux": ["Lectoure"]})
    with pytest.raises(ValueError):
        update_sidecar(str(photo), own={"not a name": "x"})
    with pytest.raises(TypeError):
        update_sidecar(str(photo), add={"keywords": "pluie"})
    assert not Path(sidecar_path_for(str(photo))).exists()


def test_write_failure_is_a_french_error(tmp_path: Path) -> None:
    missing_folder = tmp_path / "absent" / "IMG.JPG"
    with pytest.raises(SidecarError, match="Impossible d'écrire le fichier XMP « IMG.JPG.xmp »"):
        update_sidecar(str(missing_folder), add={"keywords": ["x"]})


# ------------------------------------------------------------------------------------------- hostile

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:subject><rdf:Bag><rdf:li>&lol9;</rdf:li></rdf:Bag></dc:subject>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def external_entity(url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE x:xmpmeta [ <!ENTITY ext SYSTEM "{url}"> ]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:subject><rdf:Bag><rdf:li>&ext;</rdf:li></rdf:Bag></dc:subject>
</rdf:Description></rdf:RDF></x:xmpmeta>""".encode()


def _deep(levels: int) -> bytes:
    return b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + b"<a>" * levels + b"</a>" * levels + b"</x:xmpmeta>"


HOSTILE = {
    "billion_laughs": (BILLION_LAUGHS, "DTD"),
    "garbage": (bytes(range(256)) * 64, "XML valide"),
    "not_xml_text": (b"ceci n'est pas du XML", "XML valide"),
    "truncated": (packet("<dc:subject><rdf:Bag><rdf:li>a</rdf:li>").encode()[:200], "XML valide"),
    "wrong_root": (b"<html><body>hello</body></html>", "racine « html »"),
    "empty": (b"", "vide"),
    "blank": (b"  \n ", "vide"),
    "utf16_garbage": ("\ufeff<x:xmpmeta".encode("utf-16"), "XML valide"),
    "deep_nesting": (_deep(5000), "imbriqué"),
    "unknown_encoding": (
        b'<?xml version="1.0" encoding="x-klingon"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>',
        "illisible",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_sidecar_gives_an_error_not_an_exception(photo: Path, case: str) -> None:
    content, reason = HOSTILE[case]
    side = Path(sidecar_path_for(str(photo)))
    side.write_bytes(content)
    data = read_sidecar(str(photo))
    assert isinstance(data, SidecarData)
    assert data.error is not None and reason in data.error
    assert "IMG_0042.JPG.xmp" in data.error
    assert data.tags == {"business": [], "heritage": [], "campaign": [], "keywords": []}
    assert data.path == str(side)
    assert read_rights(str(photo)) == {}


def test_external_entities_touch_neither_files_nor_network(tmp_path: Path, photo: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE", encoding="utf-8")
    side = Path(sidecar_path_for(str(photo)))

    side.write_bytes(external_entity(secret.as_uri()))
    data = read_sidecar(str(photo))
    assert data.error is not None and "DTD" in data.error
    assert "MOT-DE-PASSE" not in repr(data)

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        side.write_bytes(external_entity(f"http://127.0.0.1:{listener.getsockname()[1]}/xxe"))
        data = read_sidecar(str(photo))
        assert data.error is not None and "DTD" in data.error
        with pytest.raises(BlockingIOError):  # nobody connected
            listener.accept()


def test_huge_sidecar_is_refused_without_reading_it(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    with open(side, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    data = read_sidecar(str(photo))
    assert data.error is not None and "volumineux" in data.error
    assert data.signature == (50 * 1024 * 1024, side.stat().st_mtime_ns)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_fifo_under_a_sidecar_name_does_not_hang(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    os.mkfifo(side)
    done = threading.Event()
    result: list[SidecarData] = []

    def read() -> None:
        result.append(read_sidecar(str(photo)))
        done.set()

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(timeout=10), "read_sidecar blocked on a FIFO"
    assert result[0].error is not None and "fichier ordinaire" in result[0].error


@pytest.mark.parametrize("case", ["billion_laughs", "garbage", "wrong_root", "deep_nesting"])
def test_corrupt_sidecar_is_set_aside_when_we_write(photo: Path, case: str) -> None:
    content, _ = HOSTILE[case]
    side = Path(sidecar_path_for(str(photo)))
    side.write_bytes(content)

    data = update_sidecar(str(photo), add={"keywords": ["rempart"]})
    assert data.error is None
    kept = sorted(side.parent.glob("IMG_0042.JPG.xmp.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == content
    assert exiftool(side)["XMP-lr:HierarchicalSubject"] == ["Mots-clés|rempart"]
    assert read_sidecar(str(photo)).tags["keywords"] == ["rempart"]

    side.write_bytes(content)  # a second corruption in the same second gets its own name
    update_sidecar(str(photo), add={"keywords": ["tour"]})
    assert len(list(side.parent.glob("IMG_0042.JPG.xmp.corrupt-*"))) == 2


def test_corrupt_sidecar_untouched_by_a_no_op(photo: Path) -> None:
    side = Path(sidecar_path_for(str(photo)))
    side.write_bytes(b"garbage")
    data = update_sidecar(str(photo), remove={"keywords": ["x"]})
    assert data.error is not None and "XML valide" in data.error
    assert side.read_bytes() == b"garbage"
    assert not list(side.parent.glob("*.corrupt-*"))


def test_corrupt_adobe_sidecar_is_left_alone(tmp_path: Path, photo: Path) -> None:
    adobe = tmp_path / "IMG_0042.xmp"
    adobe.write_bytes(BILLION_LAUGHS)
    data = update_sidecar(str(photo), add={"keywords": ["pont"]})
    assert data.path == str(tmp_path / "IMG_0042.JPG.xmp")
    assert adobe.read_bytes() == BILLION_LAUGHS
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert read_sidecar(str(photo)).tags["keywords"] == ["pont"]
