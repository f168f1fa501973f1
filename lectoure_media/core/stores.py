"""Opening the Library's stores: the catalog and the registry (recovering them if damaged), the taxonomy
and the in-memory index; the repair a reader writes back when nothing else holds the catalog. A part of
the Library split out of library.py: it sets the facade's private stores, index and registries.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .catalog import CatalogError, Store
from .scan import RootUnreachable
from .search import AssetIndex
from .taxonomy import Taxonomy

if TYPE_CHECKING:
    from .library import Library
    from .reconcile import Progress, ScanSummary

log = logging.getLogger(__name__)


def open_stores_and_index(lib: Library, flush_delay: float) -> None:
    """Open the catalog and the registry (recovering them if damaged) and index the assets."""
    from .library import ASSETS, ROOTS, SETTINGS, LibraryError

    catalog = lib.data_dir / "catalog.json"
    catalog_existed = catalog.exists() or catalog.with_name(catalog.name + ".bak").exists()
    try:
        lib._assets = Store(str(catalog), read_only=lib.read_only, flush_delay=flush_delay)
        lib._registry = Store(str(lib.data_dir / "registry.json"), read_only=lib.read_only, flush_delay=flush_delay)
        if lib.read_only:
            lib._repair_restored_stores(flush_delay)
    except CatalogError as exc:
        lib._release()
        raise LibraryError(str(exc)) from None
    for store in (lib._assets, lib._registry):
        if store.recovery:
            lib.messages.append(store.recovery)
    settings = lib._registry.get(SETTINGS, 1) or {}
    # Catalog and backup both gone while folders were scanned before: the catalog starts empty and says so.
    lost = not catalog_existed and lib._registry.count(ROOTS) > 0
    if lost:
        lib.messages.append(
            f"Le catalogue de ce poste est introuvable, sauvegarde comprise (« {catalog} ») : il repart vide "
            "et sera reconstruit depuis les dossiers et les fichiers XMP à la prochaine analyse."
        )
    elif settings.get("rebuild_pending") and not lib._assets.rebuilt:
        lib.messages.append(
            "Le catalogue de ce poste n'a pas encore été reconstruit : il sera complété "
            "depuis les dossiers et les fichiers XMP à la prochaine analyse."
        )
    lib.needs_rebuild = bool(lib._assets.rebuilt or lost or settings.get("rebuild_pending"))
    if (lib._assets.rebuilt or lost) and not lib.read_only:
        # Remembered until rebuild() has run: a command that writes an (almost) empty catalog before
        # then must not make the next start believe the catalog is complete.
        lib._registry.put(SETTINGS, 1, {**settings, "rebuild_pending": True})
    lib._taxonomy = Taxonomy(lib._registry)
    if not lib.read_only and not (lib._registry.get(SETTINGS, 1) or {}).get("heritage_seeded"):
        from ..resources import resource_path

        lib._taxonomy.seed_heritage(str(resource_path("heritage.json")))
        lib._registry.put(SETTINGS, 1, {**(lib._registry.get(SETTINGS, 1) or {}), "heritage_seeded": True})
    open_team(lib)
    lib._index = AssetIndex()
    lib._index.load(lib._assets.items(ASSETS))
    from . import publog

    publog.open_log(lib)  # the team folder's publication log (and the migration of registry.json's rows)
    from .team import settings as team_settings

    lib._team_settings = team_settings.open_for(lib)  # the team folder's settings (migrated once per root)


def open_team(lib: Library) -> None:
    """Link the registries to the team folder (core/team/registry_sync.py) and read it back once; after
    the local seeding above, so that the default heritage list only reaches a team folder without one."""
    from ..resources import resource_path
    from .team.registry_sync import TeamSync

    lib._team = TeamSync(
        lib.data_dir,
        lib._taxonomy,
        lib.roots,
        lib._lock,
        read_only=lib.read_only,
        seed_path=lambda: str(resource_path("heritage.json")),
    )
    lib._taxonomy.team = lib._team
    try:
        lib._team.sync()
    except Exception:  # the open goes on with the local cache; the next scan tries again
        log.exception("team registry not read at open")


def repair_restored_stores(lib: Library, flush_delay: float) -> None:
    """A reader (`list`) that found a damaged file restored from its backup writes the repair when no
    other process holds the catalog: otherwise every later reader would restore, and say so, again."""
    stores = [s for s in (lib._assets, lib._registry) if s.recovered_from_backup]
    if not stores or lib.owner_elsewhere:
        return
    from filelock import Timeout

    try:
        lib._file_lock.acquire(timeout=0)
    except (Timeout, OSError):  # held by a writer (which repairs it itself), or a read-only folder: read as is
        return
    try:
        for store in stores:
            try:
                Store(str(store.path), flush_delay=flush_delay).close()
            except CatalogError as exc:
                log.warning("restored catalog not written back: %s", exc)
    finally:
        lib._release()


def rebuild(lib: Library, *, progress: Progress | None = None) -> list[ScanSummary]:
    """Library.rebuild: after a lost catalog, rescan every known root (tags come back from the sidecars)."""
    from .library import SETTINGS

    out = []
    complete = True  # a root out of reach keeps the catalog marked as still to rebuild
    for root in lib.roots():
        try:
            out.append(lib.scan(root, progress=progress))
        except RootUnreachable as exc:
            lib.messages.append(str(exc))
            complete = False
    lib.needs_rebuild = False
    settings = lib._registry.get(SETTINGS, 1) or {}
    if complete and settings.get("rebuild_pending") and not lib.read_only:
        lib._registry.put(SETTINGS, 1, {k: v for k, v in settings.items() if k != "rebuild_pending"})
    return out
