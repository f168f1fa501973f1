"""Withdrawing a consent (GDPR, issue 11): the consent is marked withdrawn in the team register, every asset
linked to it is marked "ne pas publier" in its sidecar (so every PC's export gate refuses it), and a report
says where each asset was exported and published, so that the officer can take the posts down.

`report()` is pure: it takes this PC's export log and the publications (the team's publication log, per PC)
as functions of an asset's path, so the facade can hand it whatever logs it has.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .library import Library

Rows = Callable[[str], list[Any]]  # rows from logs: untrusted, checked one by one


def linked_paths(lib: Library, consent_id: str) -> list[tuple[int, str]]:
    """(id, path) of the assets whose rights link `consent_id`, by path."""
    with lib._lock:
        found = [
            (doc_id, doc["path"])
            for doc_id, doc in lib._index.docs.items()
            if consent_id in ((doc.get("rights") or {}).get("consents") or ())
        ]
    return sorted(found, key=lambda x: x[1])


def _export_row(row: dict[str, Any], pc: str | None) -> dict[str, Any] | None:
    preset, output = row.get("preset"), row.get("output")
    if not isinstance(preset, str) or not isinstance(output, str):
        return None
    date = row.get("date", row.get("at"))
    pc_name = row.get("pc", pc)
    return {
        "preset": preset,
        "output": output,
        "date": date if isinstance(date, str) else "",
        "pc": pc_name if isinstance(pc_name, str) else "",
    }


def _published_row(row: dict[str, Any]) -> dict[str, Any] | None:
    platform = row.get("platform")
    if not isinstance(platform, str):
        return None
    date, url = row.get("date", row.get("at")), row.get("url")
    return {
        "platform": platform,
        "date": date if isinstance(date, str) else "",
        "url": url if isinstance(url, str) else None,
    }


def report(
    consent_id: str,
    paths: Iterable[str],
    exports: Rows,
    publications: Rows | None = None,
    *,
    pc: str | None = None,
) -> dict[str, Any]:
    """CLI.md's `consent withdraw --json` object. `exports(path)`: this PC's export log rows (publog shape,
    labelled `pc`); `publications(path)`: rows of the team's publication log — a row with a `platform` is a
    publication, a row with a `preset` and an `output` an export (made on the PC it names). The same
    export seen in both is listed once; malformed rows are skipped; newest first."""
    assets = []
    for path in paths:
        rows: list[dict[str, Any]] = []
        published: list[dict[str, Any]] = []
        for row in exports(path):
            out = _export_row(row, pc) if isinstance(row, dict) else None
            if out:
                rows.append(out)
        for row in publications(path) if publications else []:
            if not isinstance(row, dict):
                continue
            pub = _published_row(row)
            if pub:
                published.append(pub)
                continue
            out = _export_row(row, None)
            if out:
                rows.append(out)
        seen: set[tuple[str, str]] = set()
        unique = []
        for row in sorted(rows, key=lambda r: r["date"], reverse=True):
            key = (row["preset"], os.path.normcase(row["output"]))
            if key not in seen:
                seen.add(key)
                unique.append(row)
        published.sort(key=lambda r: r["date"], reverse=True)
        assets.append({"path": path, "exports": unique, "published": published})
    return {"id": consent_id, "assets": assets}


def withdraw(lib: Library, consent_id: str, publications: Rows | None = None) -> dict[str, Any]:
    """Library.withdraw_consent: withdraw, mark the linked assets "ne pas publier", report (see report())."""
    from .consents import ConsentError
    from .library import LibraryError
    from .rights import apply_rights, delta
    from .team.paths import pc_identity

    try:
        lib.consents.withdraw(consent_id)
    except ConsentError as exc:
        raise LibraryError(str(exc)) from None
    linked = linked_paths(lib, consent_id)
    apply_rights(lib, [i for i, _ in linked], delta(do_not_publish=True))
    label, _ = pc_identity(lib.data_dir)
    # The team's publication log (every PC's "published" marks) unless the caller gives its own rows.
    return report(consent_id, [p for _, p in linked], lib.export_log, publications or lib.publications, pc=label)


__all__ = ["linked_paths", "report", "withdraw"]
