"""Duplicates (issue 12 item 7) on real photos (tests/fixtures/photos): copies made with Pillow at other sizes
and qualities are found (recall), distinct views of one scene are not grouped, the best copy is suggested,
and the others go to a real XDG trash (in a temporary HOME) with their tags merged into the kept one."""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageEnhance, ImageFilter

from lectoure_media.core.duplicates import near_pairs
from lectoure_media.core.media.phash import phash
from lectoure_media.core.sidecar import read_sidecar, sidecar_path_for

PHOTOS = Path(__file__).parent / "fixtures" / "photos"
# Every real photo but the right view of the stereo pair (a burst-like twin of the left one: see below).
ORIGINALS = sorted(p for p in PHOTOS.glob("*.jpg") if p.name != "motorcycle_right.jpg")


def _save(im: Image.Image, path: Path, fmt: str = "JPEG", **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, fmt, **kw)
    return path


def copies_of(src: Path, folder: Path) -> list[Path]:
    """What people make of a photo: resized for the web, recompressed by a messaging app, re-exported as
    WebP or PNG, enlarged, slightly brightened."""
    im = Image.open(src).convert("RGB")
    w, h = im.size
    stem = src.stem
    return [
        _save(im.resize((w // 2, h // 2), Image.Resampling.LANCZOS), folder / f"{stem}-moitie.jpg", quality=85),
        _save(im.resize((w // 3, h // 3), Image.Resampling.BILINEAR), folder / f"{stem}-tiers.jpg", quality=70),
        _save(im, folder / f"{stem}-whatsapp.jpg", quality=40),
        _save(im, folder / f"{stem}-export.webp", "WEBP", quality=70),
        _save(im, folder / f"{stem}-export.png", "PNG"),
        _save(
            im.resize((w * 3 // 2, h * 3 // 2), Image.Resampling.BICUBIC), folder / f"{stem}-agrandie.jpg", quality=90
        ),
        _save(ImageEnhance.Brightness(im).enhance(1.1), folder / f"{stem}-retouche.jpg", quality=88),
    ]


def groups_by_name(lib, root, **kw) -> list[tuple[str, set[str], str]]:
    out = []
    for g in lib.duplicates(str(root), **kw):
        names = {Path(lib.asset(i)["path"]).name for i in g.ids}
        out.append((g.kind, names, Path(lib.asset(g.keep)["path"]).name))
    return out


def test_recall_on_resized_and_recompressed_copies_of_real_photos(lib, library_root):
    expected: dict[str, set[str]] = {}
    for src in ORIGINALS:
        shutil.copy(src, library_root / src.name)
        expected[src.name] = {src.name} | {p.name for p in copies_of(src, library_root / "copies")}
    summary = lib.scan(str(library_root))
    assert not summary.errors
    groups = groups_by_name(lib, library_root)
    group_of = {name: names for _, names, _ in groups for name in names}
    found = total = 0
    for original, members in expected.items():
        for copy in members - {original}:
            total += 1
            found += copy in group_of.get(original, set())
    assert found / total >= 0.95, f"recall {found}/{total}"
    # and no group mixes two different photos
    for _, names, _ in groups:
        assert len({next(o for o, m in expected.items() if n in m) for n in names}) == 1, names
    # the copy kept is the one with the most pixels (the enlarged one here)
    for _, _names, keep in groups:
        assert keep.endswith("-agrandie.jpg")


def test_distinct_views_of_one_street_are_not_grouped(lib, library_root):
    """Views cut from one large picture, as two photos of the same street taken a few steps apart: each
    shares much of its content with the next, but they are different photos."""
    big = Image.open(PHOTOS / "motorcycle_left.jpg").convert("RGB")
    w, h = big.size
    views = []
    for k, (dx, dy) in enumerate([(0, 0), (0.1, 0), (0.2, 0), (0.3, 0), (0, 0.15), (0.15, 0.15), (0.3, 0.15)]):
        box = (int(w * dx), int(h * dy), int(w * dx) + int(w * 0.7), int(h * dy) + int(h * 0.85))
        views.append(_save(big.crop(box), library_root / f"rue-{k}.jpg", quality=90))
    # and a zoomed view (a 70 % crop) of the same scene
    _save(
        big.crop((int(w * 0.15), int(h * 0.15), int(w * 0.85), int(h * 0.85))),
        library_root / "rue-zoom.jpg",
        quality=90,
    )
    for src in ORIGINALS:  # and other, unrelated real photos
        shutil.copy(src, library_root / src.name)
    lib.scan(str(library_root))
    assert groups_by_name(lib, library_root) == []


def test_burst_like_stereo_views_are_near_duplicates(lib, library_root):
    shutil.copy(PHOTOS / "motorcycle_left.jpg", library_root / "IMG_0001.jpg")
    shutil.copy(PHOTOS / "motorcycle_right.jpg", library_root / "IMG_0002.jpg")
    lib.scan(str(library_root))
    ((kind, names, _keep),) = groups_by_name(lib, library_root)
    assert (kind, names) == ("near", {"IMG_0001.jpg", "IMG_0002.jpg"})
    assert groups_by_name(lib, library_root, threshold=2) == []


def test_exact_copies_and_keep_the_sharpest(lib, library_root):
    src = PHOTOS / "coffee.jpg"
    shutil.copy(src, library_root / "a.jpg")
    (library_root / "sub").mkdir()
    shutil.copy(src, library_root / "sub" / "copie de a.jpg")
    im = Image.open(src).convert("RGB")
    _save(im.filter(ImageFilter.GaussianBlur(2.5)), library_root / "floue.jpg", quality=95)
    lib.scan(str(library_root))
    groups = groups_by_name(lib, library_root)
    assert groups[0] == ("exact", {"a.jpg", "copie de a.jpg"}, "a.jpg")
    # same resolution: the sharp one is kept rather than the blurred one; the exact group takes part
    # through its kept copy
    assert groups[1] == ("near", {"a.jpg", "floue.jpg"}, "a.jpg")
    assert len(groups) == 2


def test_same_head_and_tail_is_not_enough_for_exact(lib, library_root):
    """The index's fingerprint reads the first and last 64 KiB; an exact group is confirmed on the whole
    content, so two files that differ only in the middle are not "exact" copies."""
    im = Image.open(PHOTOS / "grass.jpg")
    buf = io.BytesIO()
    im.convert("RGB").resize((2000, 2000)).save(buf, "JPEG", quality=95)
    data = bytearray(buf.getvalue())
    assert len(data) > 3 * 64 * 1024
    (library_root / "one.jpg").write_bytes(bytes(data))
    data[len(data) // 2] ^= 0x01  # one bit in the middle of the entropy-coded data
    (library_root / "two.jpg").write_bytes(bytes(data))
    lib.scan(str(library_root))
    kinds = [k for k, _, _ in groups_by_name(lib, library_root)]
    assert "exact" not in kinds


def test_near_pairs_matches_a_plain_computation():
    import random

    rng = random.Random(5)
    hashes = [rng.getrandbits(64) for _ in range(700)]
    hashes += [h ^ (1 << rng.randrange(64)) ^ (1 << rng.randrange(64)) for h in hashes[:50]]  # close ones
    got = set(near_pairs(hashes, 6))
    want = {
        (i, j) for i, j in itertools.combinations(range(len(hashes)), 2) if bin(hashes[i] ^ hashes[j]).count("1") <= 6
    }
    assert got == want and len(want) >= 50


def test_bad_threshold_is_refused_in_french(lib, library_root):
    from lectoure_media.core.library import LibraryError

    with pytest.raises(LibraryError, match="seuil"):
        lib.duplicates(str(library_root), threshold=64)


def test_hash_is_computed_at_index_time(lib, library_root):
    shutil.copy(PHOTOS / "chelsea.jpg", library_root / "chat.jpg")
    lib.scan(str(library_root))
    doc = lib._index.docs[lib._id_for_path(str(library_root / "chat.jpg"))]
    preview = Image.open(PHOTOS / "chelsea.jpg").convert("RGB")
    preview.thumbnail((320, 320), Image.Resampling.BICUBIC, reducing_gap=2.0)
    assert bin(int(doc["phash"], 16) ^ phash(preview)).count("1") <= 2
    assert doc["sharpness"] > 0


def _trash_script(data_dir: Path, keep: Path, other: Path) -> str:
    return textwrap.dedent(
        f"""
        import json
        from lectoure_media.core.library import Library
        with Library({str(data_dir)!r}) as lib:
            keep = lib._id_for_path({str(keep)!r})
            other = lib._id_for_path({str(other)!r})
            result = lib.trash_duplicates(keep, [other])
            lib.flush()
            print(json.dumps({{"trashed": result.trashed, "errors": result.errors, "merged": result.merged,
                               "still": lib.get_by_path({str(other)!r}) is not None}}))
        """
    )


def test_trash_merges_tags_then_sends_to_a_real_xdg_trash_that_can_be_restored(tmp_path, data_dir, library_root):
    from lectoure_media.core.library import Library

    keep, other = library_root / "IMG_0001.jpg", library_root / "IMG_0001 (copie).jpg"
    shutil.copy(PHOTOS / "astronaut.jpg", keep)
    _save(Image.open(PHOTOS / "astronaut.jpg").convert("RGB").resize((256, 256)), other, quality=80)
    with Library(data_dir, probe_workers=1) as lib:
        lib.scan(str(library_root))
        lib.tag([str(keep)], add={"heritage": ["Cathédrale Saint-Gervais"]})
        lib.tag([str(other)], add={"business": ["Café des Sports"], "keywords": ["fête"]})
        assert lib.wait_sidecars()
        (group,) = lib.duplicates(str(library_root))
        assert lib.asset(group.keep)["path"] == str(keep)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"} | {"HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", _trash_script(data_dir, keep, other)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["trashed"] == [str(other)] and result["errors"] == [] and not result["still"]
    assert result["merged"] == {"business": ["Café des Sports"], "keywords": ["fête"]}
    # the kept photo's sidecar carries the merged tags
    tags = read_sidecar(str(keep)).tags
    assert tags["business"] == ["Café des Sports"] and "fête" in tags["keywords"]
    assert tags["heritage"] == ["Cathédrale Saint-Gervais"]
    # the copy and its sidecar are in the XDG trash, with the .trashinfo that lets a file manager restore them
    trash = home / ".local" / "share" / "Trash"
    assert not other.exists() and not Path(sidecar_path_for(str(other))).exists()
    assert (trash / "files" / other.name).is_file()
    assert (trash / "files" / (other.name + ".xmp")).is_file()
    info = (trash / "info" / (other.name + ".trashinfo")).read_text(encoding="utf-8")
    assert "Path=" in info
    # the catalog forgot it; restoring it from the trash brings it back, tags and all
    with Library(data_dir, probe_workers=1) as lib:
        assert lib.get_by_path(str(other)) is None
        shutil.move(trash / "files" / other.name, other)
        shutil.move(trash / "files" / (other.name + ".xmp"), sidecar_path_for(str(other)))
        lib.scan(str(library_root))
        back = lib.get_by_path(str(other))
        assert back is not None and back["tags"]["business"] == ["Café des Sports"]


def test_trash_keeps_everything_when_the_tags_cannot_be_saved(lib, library_root, monkeypatch):
    keep, other = library_root / "a.jpg", library_root / "b.jpg"
    shutil.copy(PHOTOS / "coins.jpg", keep)
    _save(Image.open(PHOTOS / "coins.jpg").convert("RGB").resize((192, 151)), other, quality=80)
    lib.scan(str(library_root))
    lib.tag([str(other)], add={"keywords": ["monnaie"]})
    assert lib.wait_sidecars()
    from lectoure_media.core import duplicates, sidecar
    from lectoure_media.core.library import LibraryError

    def refuse(*_a, **_kw):
        raise sidecar.SidecarError("Impossible d'écrire le fichier XMP (disque plein).")

    monkeypatch.setattr(sidecar, "update_sidecar", refuse)
    sent: list[str] = []
    monkeypatch.setattr(duplicates, "_send_to_trash", lambda path, _root: sent.append(path))
    with pytest.raises(LibraryError, match="rien n'a été mis à la corbeille"):
        lib.trash_duplicates(lib._id_for_path(str(keep)), [lib._id_for_path(str(other))])
    assert other.exists() and not sent and lib.get_by_path(str(other)) is not None


def test_photos_indexed_before_the_hash_are_hashed_from_their_thumbnail(lib, library_root):
    shutil.copy(PHOTOS / "rocket.jpg", library_root / "fusee.jpg")
    _save(Image.open(PHOTOS / "rocket.jpg").convert("RGB").resize((320, 213)), library_root / "petite.jpg", quality=70)
    lib.scan(str(library_root))
    for path in (library_root / "fusee.jpg", library_root / "petite.jpg"):  # as an older version stored them
        doc_id = lib._id_for_path(str(path))
        old = {k: v for k, v in lib._index.docs[doc_id].items() if k not in ("phash", "sharpness")}
        lib._put(doc_id, old)
    assert lib.duplicates(str(library_root), threshold=8) != []
    assert all(d.get("phash") for d in lib._index.docs.values())  # kept for the next time


@pytest.mark.parametrize("threshold", [0, 3, 8, 12, 20])
def test_multi_index_hashing_finds_the_same_pairs_as_comparing_all(threshold):
    import numpy as np

    from lectoure_media.core.duplicates import _pairs_blocked

    rng = random.Random(threshold)
    base = [rng.getrandbits(64) for _ in range(2500)]
    near = []
    for h in base[:600]:
        for _ in range(rng.randint(0, 14)):
            h ^= 1 << rng.randrange(64)
        near.append(h)
    hashes = base + near
    everything = {tuple(p) for p in _pairs_blocked(np.array(hashes, dtype=np.uint64), threshold).tolist()}
    assert set(near_pairs(hashes, threshold)) == everything
    assert len(everything) >= (50 if threshold >= 3 else 1)


def test_share_trash_moves_into_the_team_folder_without_overwriting(tmp_path):
    """Where the system has no trash (a Windows network drive), the files go to
    `.lectoure-media/corbeille/<date>/` of the watched folder, keeping their relative path."""
    from lectoure_media.core.duplicates import _move_to_share_trash

    root = tmp_path / "Partage"
    (root / "2024" / "mai").mkdir(parents=True)
    for n in range(2):
        f = root / "2024" / "mai" / "IMG_0001.JPG"
        f.write_bytes(b"copie %d" % n)
        _move_to_share_trash(str(f), str(root))
        assert not f.exists()
    kept = sorted(p.relative_to(root).as_posix() for p in (root / ".lectoure-media").rglob("*.JPG"))
    assert len(kept) == 2 and all(k.startswith(".lectoure-media/corbeille/") for k in kept)
    assert {p.read_bytes() for p in (root / ".lectoure-media").rglob("*.JPG")} == {b"copie 0", b"copie 1"}
    assert kept[0].endswith("/2024/mai/IMG_0001 (1).JPG") or kept[1].endswith("/2024/mai/IMG_0001 (1).JPG")
