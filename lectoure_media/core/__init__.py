"""UI-independent engine. Nothing under this package may import Qt (tests/test_layering.py).

The public surface: what the GUI (`lectoure_media/gui`) and the CLI (`lectoure_media/cli.py`) may use,
listed in `__all__` and nothing else (tests/test_layering.py checks their imports against it). It is the
facade `Library` with its errors, and the value types and pure helpers that travel through it (filters,
summaries, tag changes, settings, crop boxes, export presets, plans and results). Storage (catalog,
taxonomy, sidecars, index) stays behind the facade.

Names are resolved lazily (PEP 562): importing `lectoure_media.core` loads no engine module, so a GUI
or CLI start does not pay for Pillow or PyAV before an export is asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The same names as _PUBLIC below, for type checkers; PyInstaller also reads these import statements in the
# bytecode (never run), so the frozen app bundles the modules the lazy table loads (core/demo.py: only here).
if TYPE_CHECKING:
    from .catalog import CatalogError
    from .catalog import _french_os_reason as french_os_reason
    from .consents import SCOPES as CONSENT_SCOPES
    from .consents import Consent, ConsentError
    from .coverage import CoverageReport, CoverageRow, MonthPoint
    from .demo import ensure_demo_library
    from .duplicates import DuplicateGroup, TrashResult
    from .export.advice import FitAdvice, fit_advice
    from .export.batch import CANCELLED_MESSAGE, BatchProgress, ExportItem, ItemResult
    from .export.crop import CropBox, InvalidCrop, centred_box, move_box, resize_from_corner, scale_about_centre
    from .export.framing import even_for, frame_for, smart_frames
    from .export.image import Overlay
    from .export.naming import TEMPLATE_FIELDS, InvalidTemplate, render_name
    from .export.plan import KindGroup, example_file_name, split_by_kind
    from .export.presets import ExportPreset, SafeZone, UnknownPreset, load_presets, load_presets_report
    from .fsutil import is_printable, json_path, os_bytes, printable
    from .library import Library, LibraryError, ScanSummary, SelectionSummary, default_data_dir
    from .media.sniff import ProbeError
    from .model import FACETS, FORBIDDEN_TAG_CHARS, InvalidName, clean_name, fold, unique_names
    from .picks import InvalidPick, PickChange
    from .reconcile import LibraryWatch
    from .rights import LICENCES, RightsChange
    from .rights import matches as rights_match
    from .scan import RootUnreachable
    from .search import Filter
    from .settings import Settings
    from .settings import replace as replace_settings
    from .sirene import ImportSummary
    from .tagging import TagChange
    from .taxonomy import BUSINESS_CATEGORIES, RECORD_TYPES
    from .watch import WatchStatus

# public name -> (module under lectoure_media.core, attribute in it)
_PUBLIC: dict[str, tuple[str, str]] = {
    # the facade and its errors
    "Library": ("library", "Library"),
    "LibraryError": ("library", "LibraryError"),
    "default_data_dir": ("library", "default_data_dir"),
    "RootUnreachable": ("scan", "RootUnreachable"),
    "LibraryWatch": ("reconcile", "LibraryWatch"),  # the handle Library.watch() returns (stop())
    "WatchStatus": ("watch", "WatchStatus"),  # what Library.watch(on_status=…) reports (status bar, CLI)
    "french_os_reason": ("catalog", "_french_os_reason"),
    "CatalogError": ("catalog", "CatalogError"),  # a final save refused by the disk (cli.main)
    # values through the facade
    "ScanSummary": ("library", "ScanSummary"),
    "SelectionSummary": ("library", "SelectionSummary"),
    "TagChange": ("tagging", "TagChange"),
    "DuplicateGroup": ("duplicates", "DuplicateGroup"),  # Library.duplicates
    "TrashResult": ("duplicates", "TrashResult"),  # Library.trash_duplicates
    "PickChange": ("picks", "PickChange"),  # what Library.set_picks changed (undo)
    "InvalidPick": ("picks", "InvalidPick"),
    "Filter": ("search", "Filter"),
    "CoverageReport": ("coverage", "CoverageReport"),  # Library.coverage()
    "CoverageRow": ("coverage", "CoverageRow"),
    "MonthPoint": ("coverage", "MonthPoint"),
    "ImportSummary": ("sirene", "ImportSummary"),  # Library.import_businesses()
    "Settings": ("settings", "Settings"),
    "replace_settings": ("settings", "replace"),
    # names: the model's rules and the fixed vocabularies
    "FACETS": ("model", "FACETS"),
    "FORBIDDEN_TAG_CHARS": ("model", "FORBIDDEN_TAG_CHARS"),
    "InvalidName": ("model", "InvalidName"),
    "clean_name": ("model", "clean_name"),
    "fold": ("model", "fold"),
    "unique_names": ("model", "unique_names"),
    "BUSINESS_CATEGORIES": ("taxonomy", "BUSINESS_CATEGORIES"),
    "RECORD_TYPES": ("taxonomy", "RECORD_TYPES"),
    # file names as the user sees them
    "printable": ("fsutil", "printable"),
    "is_printable": ("fsutil", "is_printable"),
    "os_bytes": ("fsutil", "os_bytes"),
    "json_path": ("fsutil", "json_path"),
    "ProbeError": ("media.sniff", "ProbeError"),
    # export: presets, framing, naming, plan and results
    "ExportPreset": ("export.presets", "ExportPreset"),
    "SafeZone": ("export.presets", "SafeZone"),
    "UnknownPreset": ("export.presets", "UnknownPreset"),
    "load_presets": ("export.presets", "load_presets"),
    "load_presets_report": ("export.presets", "load_presets_report"),
    "CropBox": ("export.crop", "CropBox"),
    "InvalidCrop": ("export.crop", "InvalidCrop"),
    "centred_box": ("export.crop", "centred_box"),
    "move_box": ("export.crop", "move_box"),
    "resize_from_corner": ("export.crop", "resize_from_corner"),
    "scale_about_centre": ("export.crop", "scale_about_centre"),
    "even_for": ("export.framing", "even_for"),
    "frame_for": ("export.framing", "frame_for"),
    "smart_frames": ("export.framing", "smart_frames"),
    "TEMPLATE_FIELDS": ("export.naming", "TEMPLATE_FIELDS"),
    "InvalidTemplate": ("export.naming", "InvalidTemplate"),
    "render_name": ("export.naming", "render_name"),
    "KindGroup": ("export.plan", "KindGroup"),
    "example_file_name": ("export.plan", "example_file_name"),
    "FitAdvice": ("export.advice", "FitAdvice"),  # videos a crop would enlarge a lot (export dialog, CLI)
    "fit_advice": ("export.advice", "fit_advice"),
    "split_by_kind": ("export.plan", "split_by_kind"),
    "Overlay": ("export.image", "Overlay"),
    "CANCELLED_MESSAGE": ("export.batch", "CANCELLED_MESSAGE"),
    "BatchProgress": ("export.batch", "BatchProgress"),
    "ExportItem": ("export.batch", "ExportItem"),
    "ItemResult": ("export.batch", "ItemResult"),
    # rights and consents (issue 11)
    "Consent": ("consents", "Consent"),
    "ConsentError": ("consents", "ConsentError"),
    "CONSENT_SCOPES": ("consents", "SCOPES"),
    "LICENCES": ("rights", "LICENCES"),
    "RightsChange": ("rights", "RightsChange"),
    "rights_match": ("rights", "matches"),
    # the demo library (first run, `demo` command)
    "ensure_demo_library": ("demo", "ensure_demo_library"),
}

__all__ = [
    "BUSINESS_CATEGORIES",
    "CANCELLED_MESSAGE",
    "CONSENT_SCOPES",
    "FACETS",
    "FORBIDDEN_TAG_CHARS",
    "LICENCES",
    "RECORD_TYPES",
    "TEMPLATE_FIELDS",
    "BatchProgress",
    "CatalogError",
    "Consent",
    "ConsentError",
    "CoverageReport",
    "CoverageRow",
    "CropBox",
    "DuplicateGroup",
    "ExportItem",
    "ExportPreset",
    "FitAdvice",
    "Filter",
    "ImportSummary",
    "InvalidCrop",
    "InvalidName",
    "InvalidPick",
    "InvalidTemplate",
    "ItemResult",
    "KindGroup",
    "Library",
    "LibraryWatch",
    "LibraryError",
    "MonthPoint",
    "Overlay",
    "PickChange",
    "ProbeError",
    "RightsChange",
    "RootUnreachable",
    "SafeZone",
    "ScanSummary",
    "SelectionSummary",
    "Settings",
    "TagChange",
    "TrashResult",
    "UnknownPreset",
    "WatchStatus",
    "centred_box",
    "clean_name",
    "default_data_dir",
    "ensure_demo_library",
    "even_for",
    "example_file_name",
    "fit_advice",
    "fold",
    "frame_for",
    "french_os_reason",
    "is_printable",
    "json_path",
    "load_presets",
    "load_presets_report",
    "move_box",
    "os_bytes",
    "printable",
    "render_name",
    "replace_settings",
    "resize_from_corner",
    "rights_match",
    "scale_about_centre",
    "smart_frames",
    "split_by_kind",
    "unique_names",
]


def __getattr__(name: str) -> Any:
    """Load the module of a public name on first use (PEP 562)."""
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value  # the next access does not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
