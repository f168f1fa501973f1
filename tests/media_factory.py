"""Functions that write REAL media files for tests (photos, HEIC, videos, and hostile files).

Every picture shows the same upright "marker" pattern once displayed: a red band along the top, a blue
band down the left, the base colour elsewhere. Whatever the EXIF orientation or video rotation, a correct
viewer (and a correct thumbnail) shows red on top and blue on the left; tests check pixels, not promises.
"""

from __future__ import annotations

import functools
import io
import os
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

RED = (230, 20, 20)
BLUE = (20, 40, 230)
BASE = (140, 150, 140)
BAND = 0.2  # share of the height (red) and width (blue) the marker bands take

# EXIF orientation -> transpose that turns the stored pixels upright (what a viewer applies).
_UPRIGHT = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# ... and its inverse, applied before saving so that the viewer's transpose restores the pattern.
_INVERSE = {
    Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270,
}

PathLike = str | os.PathLike


def _prepare(path: PathLike) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def marker_image(
    size: tuple[int, int], color: tuple[int, int, int] = BASE, *, texture: bool = False, seed: int = 0
) -> Image.Image:
    """The upright test pattern at `size` (as displayed). texture=True adds camera-like noise, so JPEG
    files have realistic size and decode cost (benchmarks)."""
    w, h = size
    arr = np.empty((h, w, 3), np.uint8)
    arr[:, :] = color
    arr[: max(1, int(h * BAND)), :] = RED
    arr[max(1, int(h * BAND)) :, : max(1, int(w * BAND))] = BLUE
    if texture:
        rng = np.random.default_rng(seed)
        noise = rng.integers(-12, 13, size=(h, w, 1), dtype=np.int16)
        gradient = (np.linspace(-30, 30, w, dtype=np.float32)[None, :, None]).astype(np.int16)
        arr = np.clip(arr.astype(np.int16) + noise + gradient, 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def stored_for_orientation(displayed: Image.Image, orientation: int | None) -> Image.Image:
    """Pixels to store with EXIF `orientation` so that a viewer displays `displayed`."""
    t = _UPRIGHT.get(orientation or 1)
    if t is None:
        return displayed
    return displayed.transpose(_INVERSE.get(t, t))


def _exif_date(value: str | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y:%m:%d %H:%M:%S")
    return value


def _rational(value: float, den: int = 10000) -> IFDRational:
    f = Fraction(value).limit_denominator(den)
    return IFDRational(f.numerator, f.denominator)


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    value = abs(value)
    deg = int(value)
    minutes_f = (value - deg) * 60
    minutes = int(minutes_f)
    seconds = (minutes_f - minutes) * 60
    return IFDRational(deg, 1), IFDRational(minutes, 1), IFDRational(round(seconds * 10000), 10000)


def build_exif(
    *,
    taken_at: str | datetime | None = None,
    digitized_at: str | datetime | None = None,
    datetime_at: str | datetime | None = None,
    gps: Sequence[float | None] | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
) -> Image.Exif:
    """A Pillow Exif with the given fields (gps = (lat, lon) or (lat, lon, alt), signed degrees/metres)."""
    ex = Image.Exif()
    if make is not None:
        ex[0x010F] = make
    if model is not None:
        ex[0x0110] = model
    if orientation is not None:
        ex[0x0112] = orientation
    if datetime_at is not None:
        ex[0x0132] = _exif_date(datetime_at)
    sub = ex.get_ifd(0x8769)
    if taken_at is not None:
        sub[0x9003] = _exif_date(taken_at)
    if digitized_at is not None:
        sub[0x9004] = _exif_date(digitized_at)
    if gps is not None:
        lat, lon = gps[0], gps[1]
        alt = gps[2] if len(gps) > 2 else None
        g = ex.get_ifd(0x8825)
        g[0x0000] = b"\x02\x03\x00\x00"  # GPSVersionID 2.3
        g[0x0001] = "S" if lat < 0 else "N"
        g[0x0002] = _dms(lat)
        g[0x0003] = "W" if lon < 0 else "E"
        g[0x0004] = _dms(lon)
        if alt is not None:
            g[0x0005] = b"\x01" if alt < 0 else b"\x00"
            g[0x0006] = _rational(abs(alt))
    return ex


def make_jpeg(
    path: PathLike,
    size: tuple[int, int] = (64, 48),
    taken_at: str | datetime | None = None,
    gps: Sequence[float | None] | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    color: tuple[int, int, int] = BASE,
    quality: int = 90,
    *,
    digitized_at: str | datetime | None = None,
    datetime_at: str | datetime | None = None,
    texture: bool = False,
    seed: int = 0,
) -> Path:
    """A JPEG that DISPLAYS as `size` with the marker pattern (pixels stored per `orientation`)."""
    path = _prepare(path)
    displayed = marker_image(size, color, texture=texture, seed=seed)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(
        taken_at=taken_at,
        digitized_at=digitized_at,
        datetime_at=datetime_at,
        gps=gps,
        orientation=orientation,
        make=make,
        model=model,
    )
    stored.save(path, "JPEG", quality=quality, exif=exif)
    return path


def make_progressive_jpeg(
    path: PathLike,
    size: tuple[int, int] = (640, 480),
    taken_at: str | datetime | None = None,
    orientation: int | None = None,
) -> Path:
    """A progressive JPEG (what web tools and some phones' "optimise" settings write): several scans that
    each refine the whole picture, instead of one top-to-bottom pass."""
    path = _prepare(path)
    stored = stored_for_orientation(marker_image(size), orientation)
    exif = build_exif(taken_at=taken_at, orientation=orientation, make="Canon", model="EOS 5D")
    stored.save(path, "JPEG", quality=90, progressive=True, exif=exif)
    with Image.open(path) as im:
        assert im.info.get("progressive") or im.info.get("progression"), "not written progressive"
    return path


def make_cmyk_jpeg(path: PathLike, size: tuple[int, int] = (640, 480), taken_at: str | datetime | None = None) -> Path:
    """A CMYK JPEG as print tools (Photoshop, InDesign) export them: Adobe APP14 marker, ink values stored
    inverted. Nothing but the marker tells a reader to invert them; a reader that ignores it shows a negative."""
    path = _prepare(path)
    exif = build_exif(taken_at=taken_at, make="Adobe", model="Photoshop")
    marker_image(size).convert("CMYK").save(path, "JPEG", quality=92, exif=exif)
    data = path.read_bytes()
    app14 = data.find(b"\xff\xee", 2, 4096)
    assert app14 > 0 and data[app14 + 4 : app14 + 9] == b"Adobe", "Pillow wrote no Adobe marker"
    return path


def make_png(
    path: PathLike,
    size: tuple[int, int] = (64, 48),
    color: tuple[int, int, int] = BASE,
    *,
    creation_time: str | None = None,
    mode: str = "RGB",
    exif: Image.Exif | None = None,
) -> Path:
    """A PNG; creation_time is written as the standard "Creation Time" text chunk."""
    from PIL import PngImagePlugin

    path = _prepare(path)
    im = marker_image(size, color)
    if mode != "RGB":
        im = im.convert(mode)
    info = PngImagePlugin.PngInfo()
    if creation_time is not None:
        info.add_text("Creation Time", creation_time)
    kwargs = {"pnginfo": info}
    if exif is not None:
        kwargs["exif"] = exif
    im.save(path, "PNG", **kwargs)
    return path


def make_tiff(
    path: PathLike,
    size: tuple[int, int] = (64, 48),
    taken_at: str | datetime | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    color: tuple[int, int, int] = BASE,
    compression: str | None = "tiff_deflate",
) -> Path:
    """A TIFF; taken_at goes into IFD0's DateTime, as scanners write it (Pillow's TIFF writer cannot
    write the Exif sub-IFD that holds DateTimeOriginal)."""
    path = _prepare(path)
    displayed = marker_image(size, color)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(datetime_at=taken_at, orientation=orientation, make=make, model=model)
    stored.save(path, "TIFF", exif=exif, compression=compression)
    return path


def make_webp(
    path: PathLike,
    size: tuple[int, int] = (64, 48),
    taken_at: str | datetime | None = None,
    gps: Sequence[float | None] | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    color: tuple[int, int, int] = BASE,
    quality: int = 85,
) -> Path:
    path = _prepare(path)
    displayed = marker_image(size, color)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(taken_at=taken_at, gps=gps, orientation=orientation, make=make, model=model)
    stored.save(path, "WEBP", quality=quality, exif=exif.tobytes())
    return path


def make_heic(
    path: PathLike,
    size: tuple[int, int] = (64, 48),
    taken_at: str | datetime | None = None,
    gps: Sequence[float | None] | None = None,
    orientation: int | None = None,
    make: str | None = "Apple",
    model: str | None = "iPhone 12",
    color: tuple[int, int, int] = BASE,
    quality: int = 80,
    thumbnails: Sequence[int] = (),
    *,
    texture: bool = False,
    grid_tile: int = 0,
    bits: int = 8,
) -> Path:
    """A HEIC like an iPhone writes: with `orientation`, pixels are stored turned and the file says how to
    turn them back (pillow-heif turns the EXIF orientation into the HEIF irot/imir transform).
    thumbnails: long edges of embedded thumbnails (iPhones embed one of 320 px).
    grid_tile: with a tile size (iPhones use 512), the image is a `grid` item of separately coded tiles, as
    iPhones store every photo (libheif's grid encoder, through pillow-heif's GRID_TILE_SIZE).
    bits=10: a 10-bit HEIC, as iPhones and Samsungs write HDR photos."""
    import pillow_heif

    path = _prepare(path)
    displayed = marker_image(size, color, texture=texture)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(taken_at=taken_at, gps=gps, orientation=orientation, make=make, model=model)
    if bits == 8:
        heif = pillow_heif.from_pillow(stored)
    else:
        assert bits == 10
        wide = np.asarray(stored.convert("RGB")).astype(np.uint16) * 257  # 16-bit samples, saved as 10-bit
        heif = pillow_heif.from_bytes(mode="RGB;16", size=stored.size, data=wide.tobytes())
    previous = pillow_heif.options.GRID_TILE_SIZE
    pillow_heif.options.GRID_TILE_SIZE = grid_tile
    try:
        heif.save(path, quality=quality, exif=exif.tobytes(), format="HEIF", thumbnails=list(thumbnails))
    finally:
        pillow_heif.options.GRID_TILE_SIZE = previous
    if grid_tile and max(size) > grid_tile:
        assert heif_primary_type(path) == b"grid", "pillow-heif did not write a grid image"
    return path


def _boxes(data: bytes, start: int = 0, end: int | None = None):
    """(type, payload start, box end) of the ISO-BMFF / QuickTime boxes in data[start:end]."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size = int.from_bytes(data[pos : pos + 4], "big")
        header = 8
        if size == 1:
            size, header = int.from_bytes(data[pos + 8 : pos + 16], "big"), 16
        elif size == 0:
            size = end - pos
        assert size >= header, "malformed box"
        yield data[pos + 4 : pos + 8], pos + header, pos + size
        pos += size


def heif_primary_type(path: PathLike) -> bytes:
    """Item type of a HEIF file's primary image (b"hvc1", b"grid"…), read from its meta box (pitm, iinf)."""
    data = Path(path).read_bytes()
    meta = next((s, e) for kind, s, e in _boxes(data) if kind == b"meta")
    children = {kind: (s, e) for kind, s, e in _boxes(data, meta[0] + 4, meta[1])}
    s, e = children[b"pitm"]
    primary = int.from_bytes(data[s + 4 : s + 6], "big") if data[s] == 0 else int.from_bytes(data[s + 4 : s + 8], "big")
    s, e = children[b"iinf"]
    first = s + 4 + (2 if data[s] == 0 else 4)
    for kind, bs, _be in _boxes(data, first, e):
        if kind == b"infe" and data[bs] >= 2:
            wide = data[bs] == 3
            item_id = int.from_bytes(data[bs + 4 : bs + (8 if wide else 6)], "big")
            type_at = bs + (8 if wide else 6) + 2
            if item_id == primary:
                return data[type_at : type_at + 4]
    raise AssertionError("no primary item")


def make_truncated_heic(path: PathLike, size: tuple[int, int] = (768, 512), keep: float = 0.6) -> Path:
    """An iPhone-like HEIC (grid of 256 px tiles, 160 px embedded thumbnail stored before them) cut off after
    `keep` of its bytes, as an interrupted copy leaves it: the thumbnail is whole, the last tiles are gone."""
    path = _prepare(path)
    data = _grid_heic_bytes(size)
    path.write_bytes(data[: int(len(data) * keep)])
    return path


@functools.lru_cache(maxsize=4)
def _grid_heic_bytes(size: tuple[int, int]) -> bytes:
    # Encoding tiles costs about a second: one encode per size and test session.
    with tempfile.TemporaryDirectory() as tmp:
        data = make_heic(
            Path(tmp) / "whole.heic", size, thumbnails=[160], grid_tile=256, taken_at="2024:06:21 18:30:00"
        ).read_bytes()
    moved = tiles_last(data)
    assert _heif_pixels(moved) == _heif_pixels(data), "tiles_last changed the picture"
    return moved


def _heif_pixels(data: bytes) -> tuple[bytes, bytes]:
    """The main image's pixels and the first thumbnail's, decoded by pillow-heif."""
    import pillow_heif

    heif = pillow_heif.open_heif(io.BytesIO(data))
    return heif[0].to_pillow().tobytes(), heif[0].get_thumbnail(0).to_pillow().tobytes()


def tiles_last(data: bytes) -> bytes:
    """The same HEIF with the primary image's tiles moved to the end of mdat, after the thumbnail and the
    EXIF (libheif writes the thumbnail last; phones write it before the big image). Rewrites iloc in place."""
    top = {kind: (s, e) for kind, s, e in _boxes(data)}
    ms, me = top[b"meta"]
    meta = {kind: (s, e) for kind, s, e in _boxes(data, ms + 4, me)}
    s, e = meta[b"pitm"]
    primary = int.from_bytes(data[s + 4 : s + 6], "big")
    tiles: list[int] = []
    s, e = meta[b"iref"]
    wide = data[s] == 1
    n = 4 if wide else 2
    for kind, bs, _be in _boxes(data, s + 4, e):
        if kind == b"dimg" and int.from_bytes(data[bs : bs + n], "big") == primary:
            count = int.from_bytes(data[bs + n : bs + n + 2], "big")
            tiles = [int.from_bytes(data[bs + n + 2 + i * n : bs + 2 * n + 2 + i * n], "big") for i in range(count)]
    assert tiles, "not a grid image"
    # iloc: (item, position of the field holding the data position, its size, data start, data length)
    s, e = meta[b"iloc"]
    version = data[s]
    off_size, len_size = data[s + 4] >> 4, data[s + 4] & 15
    base_size, index_size = data[s + 5] >> 4, (data[s + 5] & 15) if version else 0
    pos = s + 6
    count_size = 2 if version < 2 else 4
    item_count = int.from_bytes(data[pos : pos + count_size], "big")
    pos += count_size
    items = []
    for _ in range(item_count):
        item = int.from_bytes(data[pos : pos + count_size], "big")
        pos += count_size
        method = int.from_bytes(data[pos : pos + 2], "big") & 15 if version else 0
        pos += 2 if version else 0
        pos += 2  # data_reference_index
        base_at, base = pos, int.from_bytes(data[pos : pos + base_size], "big")
        pos += base_size
        extents = int.from_bytes(data[pos : pos + 2], "big")
        pos += 2
        assert extents == 1 or method != 0, "one extent per item expected"
        for _ in range(extents):
            pos += index_size
            off_at, offset = pos, int.from_bytes(data[pos : pos + off_size], "big")
            pos += off_size
            length = int.from_bytes(data[pos : pos + len_size], "big")
            pos += len_size
        if method == 0:
            field = (base_at, base_size) if base_size else (off_at, off_size)
            items.append((item, field, base + offset, length))
    ds, de = top[b"mdat"]
    assert all(ds <= start and start + length <= de for _, _, start, length in items)
    out = bytearray(data)
    order = sorted(items, key=lambda it: (it[0] in tiles, it[2]))
    cursor = ds
    for _item, (at, size_), start, length in order:
        out[cursor : cursor + length] = data[start : start + length]
        out[at : at + size_] = cursor.to_bytes(size_, "big")  # extent offsets are 0 when a base is used
        cursor += length
    assert cursor <= de
    return bytes(out)


def make_heic_named_jpg(path: PathLike, size: tuple[int, int] = (64, 48), **kwargs) -> Path:
    """A HEIC file under a .jpg name (what some phone export settings produce); exifread #197 trap."""
    path = _prepare(path)
    assert path.suffix.lower() in (".jpg", ".jpeg"), "the point is the misleading extension"
    return make_heic(path, size, **kwargs)


def make_oriented_set(folder: PathLike, size: tuple[int, int] = (60, 40), fmt: str = "jpeg") -> dict[int, Path]:
    """The same picture with orientations 1-8: every file DISPLAYS as `size` with the marker pattern."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    maker = {"jpeg": make_jpeg, "tiff": make_tiff, "webp": make_webp, "heif": make_heic}[fmt]
    ext = {"jpeg": "jpg", "tiff": "tif", "webp": "webp", "heif": "heic"}[fmt]
    return {o: maker(folder / f"orientation_{o}.{ext}", size, orientation=o) for o in range(1, 9)}


# -- video ---------------------------------------------------------------------------------------------------

_CONTAINERS = {
    # container -> (PyAV muxer, video codec, muxer options)
    "mp4": ("mp4", "libx264", {}),
    "mov": ("mov", "libx264", {"movflags": "use_metadata_tags"}),
    "m4v": ("ipod", "libx264", {}),  # the iPod/iTunes muxer writes the 'M4V ' brand
    "3gp": ("3gp", "libx264", {}),
    "mkv": ("matroska", "libx264", {}),
    "avi": ("avi", "mpeg4", {}),
}


def make_video(
    path: PathLike,
    size: tuple[int, int] = (64, 48),
    seconds: float = 1.0,
    fps: int = 25,
    rotation: int | None = None,
    audio: bool | str = False,
    container: str = "mp4",
    creation_time: str | None = None,
    *,
    make: str | None = None,
    model: str | None = None,
    location: str | None = None,
    apple_creationdate: str | None = None,
    color: tuple[int, int, int] = BASE,
    black_seconds: float = 0.0,
    codec: str | None = None,
    pix_fmt: str = "yuv420p",
    audio_rate: int = 44100,
) -> Path:
    """A real encoded video. `size` is the CODED frame size (what ffprobe calls width/height); with
    `rotation` (counter-clockwise degrees, as FFmpeg's display matrix and frame.rotation say) the DISPLAYED
    picture is turned and shows the marker pattern upright.

    make/model/location go into Apple's QuickTime keys for 'mov', into the plain 'location' tag otherwise.
    black_seconds: the clip opens on that long a black picture (a fade-in), to test poster choice.
    codec/pix_fmt: another encoder than the container's usual one ("libx265" for HEVC as phones record it,
    "mjpeg" as old cameras did) and pixel format ("yuv420p10le": 10-bit, as HDR phone clips).
    audio: True for a 440 Hz AAC tone, or an audio encoder's name ("pcm_u8": 8-bit sound, as old cameras
    recorded it), at audio_rate Hz.
    """
    import av

    path = _prepare(path)
    muxer, default_codec, options = _CONTAINERS[container]
    codec = codec or default_codec
    w, h = size
    displayed_size = (h, w) if rotation in (90, 270) else (w, h)
    displayed = marker_image(displayed_size, color)
    # Store the picture turned clockwise by `rotation`; the display matrix turns it back.
    stored = displayed.rotate(-(rotation or 0), expand=True) if rotation else displayed
    assert stored.size == (w, h)
    frame_rgb = np.asarray(stored)
    black_rgb = np.zeros_like(frame_rgb)

    out = av.open(str(path), "w", format=muxer, container_options=dict(options))
    try:
        if creation_time is not None:
            out.metadata["creation_time"] = creation_time
        if container == "mov":
            if make is not None:
                out.metadata["com.apple.quicktime.make"] = make
            if model is not None:
                out.metadata["com.apple.quicktime.model"] = model
            if location is not None:
                out.metadata["com.apple.quicktime.location.ISO6709"] = location
            if apple_creationdate is not None:
                out.metadata["com.apple.quicktime.creationdate"] = apple_creationdate
        elif location is not None:
            out.metadata["location"] = location
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, pix_fmt
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "g": str(fps)}  # a keyframe every second, like phones
        elif codec == "libx265":
            stream.options = {"preset": "ultrafast", "g": str(fps), "x265-params": "log-level=error"}
            if container in ("mov", "mp4"):
                stream.codec_tag = "hvc1"  # Apple's tag for HEVC, what an iPhone clip carries
        if rotation:
            stream.set_display_rotation(rotation)
        astream = None
        if audio:
            astream = out.add_stream("aac" if audio is True else audio, rate=audio_rate)
            astream.layout = "mono"
        n_frames = max(1, round(seconds * fps))
        for i in range(n_frames):
            pixels = black_rgb if i < black_seconds * fps else frame_rgb
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            if pix_fmt != "yuv420p":
                frame = frame.reformat(format=pix_fmt)
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if astream is not None:
            n = int(audio_rate * seconds)
            samples = 0.2 * np.sin(np.arange(n, dtype=np.float32) * (2 * np.pi * 440 / audio_rate))
            aframe = av.AudioFrame.from_ndarray(samples.reshape(1, -1).astype(np.float32), format="fltp", layout="mono")
            aframe.sample_rate = audio_rate
            aframe.pts = 0
            frames = [aframe]
            if astream.format.name != "fltp":  # PCM encoders take other sample formats
                resampler = av.AudioResampler(format=astream.format.name, layout="mono", rate=audio_rate)
                frames = resampler.resample(aframe) + resampler.resample(None)
            for each in frames:
                for packet in astream.encode(each):
                    out.mux(packet)
            for packet in astream.encode():
                out.mux(packet)
    finally:
        out.close()
    return path


def _atom(kind: bytes, payload: bytes) -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def _shift_chunk_offsets(moov: bytearray, delta: int) -> None:
    """Move every chunk offset of a moov atom (stco/co64 of each track) by `delta` bytes, in place."""

    def walk(start: int, end: int) -> None:
        for kind, s, e in _boxes(moov, start, end):
            if kind in (b"trak", b"mdia", b"minf", b"stbl"):
                walk(s, e)
            elif kind in (b"stco", b"co64"):
                width = 4 if kind == b"stco" else 8
                count = int.from_bytes(moov[s + 4 : s + 8], "big")
                for i in range(count):
                    at = s + 8 + i * width
                    moov[at : at + width] = (int.from_bytes(moov[at : at + width], "big") + delta).to_bytes(
                        width, "big"
                    )

    walk(8, len(moov))


OLD_QUICKTIME_FIRST_ATOMS = ("skip", "free", "wide", "pnot", "mdat", "moov")


def make_old_quicktime(
    path: PathLike,
    first: str = "skip",
    size: tuple[int, int] = (160, 120),
    seconds: float = 1.0,
    *,
    codec: str = "mjpeg",
    creation_time: str | None = None,
    audio: bool = False,
) -> Path:
    """A QuickTime movie as cameras wrote them before the ftyp box existed: no ftyp, and the file opens
    with the atom `first` (a Kodak DX4530 clip of 2005 opens with a `skip` atom holding the camera's name,
    then mdat, then moov; "moov" puts the movie header first, "mdat" the media data). Made by rewriting a
    real PyAV-written MOV (Motion JPEG, like those cameras; with audio, 8-bit mono sound at 11,025 Hz):
    top-level atoms moved, chunk offsets shifted."""
    assert first in OLD_QUICKTIME_FIRST_ATOMS
    path = _prepare(path)
    with tempfile.TemporaryDirectory() as tmp:
        data = make_video(
            Path(tmp) / "src.mov",
            size,
            seconds,
            container="mov",
            codec=codec,
            pix_fmt="yuvj420p" if codec == "mjpeg" else "yuv420p",
            creation_time=creation_time,
            audio="pcm_u8" if audio else False,
            audio_rate=11025,
        ).read_bytes()
    atoms = {kind: (s, e) for kind, s, e in _boxes(data)}
    ms, me = atoms[b"mdat"]
    assert ms - 8 >= 0 and int.from_bytes(data[ms - 8 : ms - 4], "big") == me - ms + 8, "8-byte mdat header expected"
    mdat = data[ms - 8 : me]
    moov = bytearray(data[atoms[b"moov"][0] - 8 : atoms[b"moov"][1]])
    prefix = {
        "skip": _atom(b"skip", b"KODAK DX4530 ZOOM DIGITAL CAMERA\x00".ljust(64, b"\x00")),
        "free": _atom(b"free", bytes(24)),
        "wide": _atom(b"wide", b""),
        # Preview atom (modification date, version 0, a PICT atom, index 1) and the small PICT it points at.
        "pnot": _atom(b"pnot", struct.pack(">IH4sH", 0xBC191380, 0, b"PICT", 1)) + _atom(b"PICT", bytes(32)),
        "mdat": b"",
        "moov": b"",
    }[first]
    if first == "moov":
        _shift_chunk_offsets(moov, len(moov) + 8 - ms)
        out = bytes(moov) + mdat
    else:
        _shift_chunk_offsets(moov, len(prefix) + 8 - ms)
        out = prefix + mdat + bytes(moov)
    assert out[4:8] == first.encode() and b"ftyp" not in out[:64]
    # Every packet (video and sound) must read back byte for byte: MJPEG and PCM decoders would hide chunk
    # offsets that are a few bytes off.
    assert _packets(out) == _packets(data), "chunk offsets not rewritten right"
    path.write_bytes(out)
    return path


def _packets(data: bytes) -> list[tuple[int, bytes]]:
    import av

    with av.open(io.BytesIO(data), format="mov") as container:
        return [(p.stream.index, bytes(p)) for p in container.demux() if p.size]


def ffprobe_rotation(path: PathLike) -> int:
    """Display rotation as ffprobe reads it (0 when none): an independent check of the factory's output."""
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream_side_data=rotation",
            "-of",
            "default=nw=1:nk=1",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    values = [v for v in result.stdout.split() if v.strip()]
    return int(float(values[0])) % 360 if values else 0


# -- hostile files ---------------------------------------------------------------------------------------------


def make_truncated_jpeg(path: PathLike, size: tuple[int, int] = (256, 192), keep: float = 0.5) -> Path:
    """A JPEG cut off in the middle of its entropy-coded data, as an interrupted copy leaves it."""
    path = _prepare(path)
    buf = io.BytesIO()
    marker_image(size, texture=True).save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def make_random_bytes(path: PathLike, n: int = 4096, seed: int = 1) -> Path:
    path = _prepare(path)
    data = np.random.default_rng(seed).integers(0, 256, size=n, dtype=np.uint8).tobytes()
    if data[:2] == b"\xff\xd8":  # astronomically unlikely, but then it would not be "random bytes"
        data = b"\x00" + data[1:]
    path.write_bytes(data)
    return path


def make_zero_byte(path: PathLike) -> Path:
    path = _prepare(path)
    path.write_bytes(b"")
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_png_bomb(path: PathLike, width: int = 20000, height: int = 20000) -> Path:
    """A valid 1-bit PNG of width x height pixels that weighs a few dozen KB on disk."""
    path = _prepare(path)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte + packed bits
    comp = zlib.compressobj(9)
    chunks = []
    block = row * 256
    full, rest = divmod(height, 256)
    for _ in range(full):
        chunks.append(comp.compress(block))
    chunks.append(comp.compress(row * rest))
    chunks.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", b"".join(chunks))
        + _png_chunk(b"IEND", b"")
    )
    return path


def _ifd_entry(tag: int, typ: int, count: int, value: bytes) -> bytes:
    return struct.pack(">HHI", tag, typ, count) + value.ljust(4, b"\x00")


def make_exif_ifd_loop(path: PathLike, size: tuple[int, int] = (64, 48)) -> Path:
    """A JPEG whose EXIF points back into itself: IFD0's next-IFD link, its Exif sub-IFD and its GPS sub-IFD
    all point at IFD0 (exif-py #161: parsers that follow links blindly loop forever)."""
    path = _prepare(path)
    ifd0 = 8
    entries = [
        _ifd_entry(0x010F, 2, 4, b"Cam\x00"),  # Make
        _ifd_entry(0x8769, 4, 1, struct.pack(">I", ifd0)),  # ExifOffset -> IFD0
        _ifd_entry(0x8825, 4, 1, struct.pack(">I", ifd0)),  # GPSInfo -> IFD0
    ]
    tiff = b"MM\x00*" + struct.pack(">I", ifd0) + struct.pack(">H", len(entries)) + b"".join(entries)
    tiff += struct.pack(">I", ifd0)  # next IFD -> IFD0 again
    buf = io.BytesIO()
    marker_image(size).save(buf, "JPEG", quality=90, exif=b"Exif\x00\x00" + tiff)
    path.write_bytes(buf.getvalue())
    return path


def make_exif_garbage_jpeg(path: PathLike, size: tuple[int, int] = (64, 48), seed: int = 3) -> Path:
    """A valid JPEG whose EXIF block is random bytes after a valid TIFF header (fuzzed metadata)."""
    path = _prepare(path)
    rng = np.random.default_rng(seed)
    tiff = b"II*\x00\x08\x00\x00\x00" + rng.integers(0, 256, size=2000, dtype=np.uint8).tobytes()
    buf = io.BytesIO()
    marker_image(size).save(buf, "JPEG", quality=90, exif=b"Exif\x00\x00" + tiff)
    path.write_bytes(buf.getvalue())
    return path


def make_exif_corrupted_field(path: PathLike, size: tuple[int, int] = (64, 48)) -> Path:
    """A JPEG whose EXIF is well formed but whose Make is not UTF-8 text and whose Exif sub-IFD link points
    at the last byte of the block: exifread logs "Possibly corrupted field" and "Unexpected slice length"
    warnings and goes on."""
    path = _prepare(path)
    ifd0 = 8
    entries = [
        _ifd_entry(0x010F, 2, 4, b"\xff\xfeX\x00"),  # Make, not UTF-8
        _ifd_entry(0x8769, 4, 1, struct.pack(">I", 8 + 2 + 12 * 2 + 4 - 1)),  # ExifOffset -> last byte
    ]
    tiff = b"MM\x00*" + struct.pack(">I", ifd0) + struct.pack(">H", len(entries)) + b"".join(entries)
    tiff += struct.pack(">I", 0)
    buf = io.BytesIO()
    marker_image(size).save(buf, "JPEG", quality=90, exif=b"Exif\x00\x00" + tiff)
    path.write_bytes(buf.getvalue())
    return path
