"""Functions that write REAL media files for tests (photos, HEIC, videos, and hostile files).

Every picture shows the same upright "marker" pattern once displayed: a red band along the top, a blue
band down the left, the base colour elsewhere. Whatever the EXIF orientation or video rotation, a correct
viewer (and a correct thumbnail) shows red on top and blue on the left; tests check pixels, not promises.
"""
from __future__ import annotations

import io
import os
import struct
import subprocess
import zlib
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Sequence

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


def marker_image(size: tuple[int, int], color: tuple[int, int, int] = BASE, *, texture: bool = False,
                 seed: int = 0) -> Image.Image:
    """The upright test pattern at `size` (as displayed). texture=True adds camera-like noise, so JPEG
    files have realistic size and decode cost (benchmarks)."""
    w, h = size
    arr = np.empty((h, w, 3), np.uint8)
    arr[:, :] = color
    arr[: max(1, int(h * BAND)), :] = RED
    arr[max(1, int(h * BAND)):, : max(1, int(w * BAND))] = BLUE
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


def build_exif(*, taken_at: str | datetime | None = None, digitized_at: str | datetime | None = None,
               datetime_at: str | datetime | None = None, gps: Sequence[float | None] | None = None,
               orientation: int | None = None, make: str | None = None,
               model: str | None = None) -> Image.Exif:
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


def make_jpeg(path: PathLike, size: tuple[int, int] = (64, 48), taken_at: str | datetime | None = None,
              gps: Sequence[float | None] | None = None, orientation: int | None = None,
              make: str | None = None, model: str | None = None, color: tuple[int, int, int] = BASE,
              quality: int = 90, *, digitized_at: str | datetime | None = None,
              datetime_at: str | datetime | None = None, texture: bool = False, seed: int = 0) -> Path:
    """A JPEG that DISPLAYS as `size` with the marker pattern (pixels stored per `orientation`)."""
    path = _prepare(path)
    displayed = marker_image(size, color, texture=texture, seed=seed)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(taken_at=taken_at, digitized_at=digitized_at, datetime_at=datetime_at, gps=gps,
                      orientation=orientation, make=make, model=model)
    stored.save(path, "JPEG", quality=quality, exif=exif)
    return path


def make_png(path: PathLike, size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = BASE, *,
             creation_time: str | None = None, mode: str = "RGB", exif: Image.Exif | None = None) -> Path:
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


def make_tiff(path: PathLike, size: tuple[int, int] = (64, 48), taken_at: str | datetime | None = None,
              orientation: int | None = None, make: str | None = None, model: str | None = None,
              color: tuple[int, int, int] = BASE, compression: str | None = "tiff_deflate") -> Path:
    """A TIFF; taken_at goes into IFD0's DateTime, as scanners write it (Pillow's TIFF writer cannot
    write the Exif sub-IFD that holds DateTimeOriginal)."""
    path = _prepare(path)
    displayed = marker_image(size, color)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(datetime_at=taken_at, orientation=orientation, make=make, model=model)
    stored.save(path, "TIFF", exif=exif, compression=compression)
    return path


def make_webp(path: PathLike, size: tuple[int, int] = (64, 48), taken_at: str | datetime | None = None,
              gps: Sequence[float | None] | None = None, orientation: int | None = None,
              make: str | None = None, model: str | None = None, color: tuple[int, int, int] = BASE,
              quality: int = 85) -> Path:
    path = _prepare(path)
    displayed = marker_image(size, color)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(taken_at=taken_at, gps=gps, orientation=orientation, make=make, model=model)
    stored.save(path, "WEBP", quality=quality, exif=exif.tobytes())
    return path


def make_heic(path: PathLike, size: tuple[int, int] = (64, 48), taken_at: str | datetime | None = None,
              gps: Sequence[float | None] | None = None, orientation: int | None = None,
              make: str | None = "Apple", model: str | None = "iPhone 12", color: tuple[int, int, int] = BASE,
              quality: int = 80, thumbnails: Sequence[int] = ()) -> Path:
    """A HEIC like an iPhone writes: with `orientation`, pixels are stored turned and the file says how to
    turn them back (pillow-heif turns the EXIF orientation into the HEIF irot/imir transform).
    thumbnails: long edges of embedded thumbnails (iPhones embed one of 320 px)."""
    import pillow_heif

    path = _prepare(path)
    displayed = marker_image(size, color)
    stored = stored_for_orientation(displayed, orientation)
    exif = build_exif(taken_at=taken_at, gps=gps, orientation=orientation, make=make, model=model)
    heif = pillow_heif.from_pillow(stored)
    heif.save(path, quality=quality, exif=exif.tobytes(), format="HEIF", thumbnails=list(thumbnails))
    return path


def make_heic_named_jpg(path: PathLike, size: tuple[int, int] = (64, 48), **kwargs) -> Path:
    """A HEIC file under a .jpg name (what some phone export settings produce); exifread #197 trap."""
    path = _prepare(path)
    assert path.suffix.lower() in (".jpg", ".jpeg"), "the point is the misleading extension"
    return make_heic(path, size, **kwargs)


def make_oriented_set(folder: PathLike, size: tuple[int, int] = (60, 40), fmt: str = "jpeg"
                      ) -> dict[int, Path]:
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


def make_video(path: PathLike, size: tuple[int, int] = (64, 48), seconds: float = 1.0, fps: int = 25,
               rotation: int | None = None, audio: bool = False, container: str = "mp4",
               creation_time: str | None = None, *, make: str | None = None, model: str | None = None,
               location: str | None = None, apple_creationdate: str | None = None,
               color: tuple[int, int, int] = BASE, black_seconds: float = 0.0) -> Path:
    """A real encoded video. `size` is the CODED frame size (what ffprobe calls width/height); with
    `rotation` (counter-clockwise degrees, as FFmpeg's display matrix and frame.rotation say) the DISPLAYED
    picture is turned and shows the marker pattern upright.

    make/model/location go into Apple's QuickTime keys for 'mov', into the plain 'location' tag otherwise.
    black_seconds: the clip opens on that long a black picture (a fade-in), to test poster choice.
    """
    import av

    path = _prepare(path)
    muxer, codec, options = _CONTAINERS[container]
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
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "g": str(fps)}  # a keyframe every second, like phones
        if rotation:
            stream.set_display_rotation(rotation)
        astream = None
        if audio:
            astream = out.add_stream("aac", rate=44100)
            astream.layout = "mono"
        n_frames = max(1, round(seconds * fps))
        for i in range(n_frames):
            pixels = black_rgb if i < black_seconds * fps else frame_rgb
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if astream is not None:
            n = int(44100 * seconds)
            samples = (0.2 * np.sin(np.arange(n, dtype=np.float32) * (2 * np.pi * 440 / 44100)))
            aframe = av.AudioFrame.from_ndarray(samples.reshape(1, -1).astype(np.float32), format="fltp",
                                                layout="mono")
            aframe.sample_rate = 44100
            aframe.pts = 0
            for packet in astream.encode(aframe):
                out.mux(packet)
            for packet in astream.encode():
                out.mux(packet)
    finally:
        out.close()
    return path


def ffprobe_rotation(path: PathLike) -> int:
    """Display rotation as ffprobe reads it (0 when none): an independent check of the factory's output."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream_side_data=rotation",
         "-of", "default=nw=1:nk=1", str(path)],
        check=True, capture_output=True, text=True)
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
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", b"".join(chunks))
                     + _png_chunk(b"IEND", b""))
    return path


def _ifd_entry(tag: int, typ: int, count: int, value: bytes) -> bytes:
    return struct.pack(">HHI", tag, typ, count) + value.ljust(4, b"\x00")


def make_exif_ifd_loop(path: PathLike, size: tuple[int, int] = (64, 48)) -> Path:
    """A JPEG whose EXIF points back into itself: IFD0's next-IFD link, its Exif sub-IFD and its GPS sub-IFD
    all point at IFD0 (exif-py #161: parsers that follow links blindly loop forever)."""
    path = _prepare(path)
    ifd0 = 8
    entries = [
        _ifd_entry(0x010F, 2, 4, b"Cam\x00"),                    # Make
        _ifd_entry(0x8769, 4, 1, struct.pack(">I", ifd0)),      # ExifOffset -> IFD0
        _ifd_entry(0x8825, 4, 1, struct.pack(">I", ifd0)),      # GPSInfo -> IFD0
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
        _ifd_entry(0x010F, 2, 4, b"\xff\xfeX\x00"),              # Make, not UTF-8
        _ifd_entry(0x8769, 4, 1, struct.pack(">I", 8 + 2 + 12 * 2 + 4 - 1)),  # ExifOffset -> last byte
    ]
    tiff = b"MM\x00*" + struct.pack(">I", ifd0) + struct.pack(">H", len(entries)) + b"".join(entries)
    tiff += struct.pack(">I", 0)
    buf = io.BytesIO()
    marker_image(size).save(buf, "JPEG", quality=90, exif=b"Exif\x00\x00" + tiff)
    path.write_bytes(buf.getvalue())
    return path
