"""Catalog records made directly (no file on disk), for tests that need many assets fast."""

from __future__ import annotations

import os


def synthetic_ids(lib, root: str, n: int) -> list[int]:
    """n catalogued records whose files lie in a folder that does not exist: the tagging on them is real,
    their sidecar writes fail."""
    lib._register_root(root)
    out = []
    for i in range(n):
        doc_id = lib._new_id()
        lib._put(
            doc_id,
            {"path": os.path.join(root, f"IMG_{i:05d}.JPG"), "root": root, "kind": "photo", "size": 1, "mtime_ns": i},
        )
        out.append(doc_id)
    return out
