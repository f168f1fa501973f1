"""Is every byte a HEIF file's items point at really in the file?

A HEIC cut short (an interrupted copy to the share) still opens, and its embedded thumbnail, stored before
the main image, still decodes; libheif then decodes a grid image whose tiles lie past the end of the file as
green tiles instead of failing. Neither the probe's reduced decode nor the export would notice. Decoding
the whole main image at every scan would cost a full 12 MP decode per photo; reading the item location box
(`iloc`, a few KB in the `meta` box) and comparing each extent with the file size costs one small read.

Only the file's structure is checked: a main image whose bytes are all there but altered is not detected.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

REASON_TRUNCATED = "la photo est tronquée, une partie de ses données manque (copie interrompue ?)"
REASON_DAMAGED = "la structure de la photo HEIF est endommagée"
REASON_META_TOO_BIG = "l'en-tête de la photo HEIF est démesuré"

# iPhone meta boxes weigh a few KB (48 tiles); anything this large is not a photo's header.
MAX_META_BYTES = 16 * 1024 * 1024
# Top-level boxes walked before the meta box (ftyp, sometimes a free box): never a long list in a photo.
MAX_TOP_BOXES = 64
MAX_EXTENTS = 1_000_000


class _Damaged(Exception):
    pass


class _MetaTooBig(Exception):
    pass


class _Reader:
    def __init__(self, data: bytes, pos: int = 0, end: int | None = None) -> None:
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def uint(self, n: int) -> int:
        if n == 0:
            return 0
        if self.pos + n > self.end:
            raise _Damaged()
        value = int.from_bytes(self.data[self.pos : self.pos + n], "big")
        self.pos += n
        return value


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in data[start:end]; _Damaged if they overrun it."""
    pos = start
    while pos + 8 <= end:
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise _Damaged()
            size, header = int.from_bytes(data[pos + 8 : pos + 16], "big"), 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise _Damaged()
        yield kind, pos + header, pos + size
        pos += size


def heif_damage(fh: IO[bytes]) -> str | None:
    """None when every item's data lies inside the file, else one French sentence saying what is wrong.

    Raises OSError only for a failed read (the caller words it as a read failure, not as damage).
    """
    fh.seek(0, os.SEEK_END)
    file_size = fh.tell()
    try:
        meta = _read_meta(fh, file_size)
        if meta is None:
            return REASON_DAMAGED
        return _check_items(meta, file_size)
    except _Damaged:
        return REASON_DAMAGED
    except _MetaTooBig:
        return REASON_META_TOO_BIG


def _read_meta(fh: IO[bytes], file_size: int) -> bytes | None:
    pos = 0
    for _ in range(MAX_TOP_BOXES):
        fh.seek(pos)
        head = fh.read(16)
        if len(head) < 8:
            return None
        size, kind, header = int.from_bytes(head[:4], "big"), head[4:8], 8
        if size == 1:
            if len(head) < 16:
                return None
            size, header = int.from_bytes(head[8:16], "big"), 16
        elif size == 0:
            size = file_size - pos
        if size < header:
            return None
        if kind == b"meta":
            if size > MAX_META_BYTES:
                raise _MetaTooBig()
            if pos + size > file_size:
                return None  # cut inside its own header: libheif would not even have opened it
            fh.seek(pos + header)
            return fh.read(size - header)
        pos += size
        if pos >= file_size:
            return None
    return None


def _check_items(meta: bytes, file_size: int) -> str | None:
    # meta is a FullBox: version and flags, then its child boxes.
    children: dict[bytes, tuple[int, int]] = {}
    for kind, start, end in _boxes(meta, 4, len(meta)):
        children.setdefault(kind, (start, end))
    if b"iloc" not in children:
        return REASON_DAMAGED
    idat_size = children[b"idat"][1] - children[b"idat"][0] if b"idat" in children else 0
    start, end = children[b"iloc"]
    r = _Reader(meta, start, end)
    version = r.uint(1)
    r.uint(3)  # flags
    if version > 2:
        return REASON_DAMAGED
    sizes = r.uint(1)
    offset_size, length_size = sizes >> 4, sizes & 0xF
    sizes = r.uint(1)
    base_offset_size, index_size = sizes >> 4, (sizes & 0xF) if version in (1, 2) else 0
    if any(n not in (0, 4, 8) for n in (offset_size, length_size, base_offset_size, index_size)):
        return REASON_DAMAGED
    item_count = r.uint(2 if version < 2 else 4)
    extents = 0
    for _ in range(item_count):
        r.uint(2 if version < 2 else 4)  # item_ID
        method = r.uint(2) & 0xF if version in (1, 2) else 0
        data_ref = r.uint(2)
        base = r.uint(base_offset_size)
        count = r.uint(2)
        extents += count
        if extents > MAX_EXTENTS:
            return REASON_DAMAGED
        for _ in range(count):
            r.uint(index_size)
            offset, length = r.uint(offset_size), r.uint(length_size)
            if data_ref != 0 or method == 2:
                continue  # data in another file (never in a photo) or in another item: nothing to measure here
            limit = file_size if method == 0 else idat_size
            first = base + offset
            if first > limit or first + length > limit:
                return REASON_TRUNCATED if method == 0 else REASON_DAMAGED
    return None
