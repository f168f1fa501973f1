"""The asset grid's model: a list of catalog ids, thumbnails loaded off the GUI thread.

The model holds ids only (100,000 ints); each row's record is fetched from the Library when painted.
Thumbnails are read from the core's disk cache by a QThreadPool as QImage (QPixmap may only be made on
the GUI thread), and results for rows that have since changed are dropped.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QImageReader

from ..core import Filter, Library, is_printable, os_bytes, printable

log = logging.getLogger(__name__)

AssetIdRole = Qt.ItemDataRole.UserRole + 1
AssetRole = Qt.ItemDataRole.UserRole + 2  # the public asset dict
ThumbRole = Qt.ItemDataRole.UserRole + 3  # QImage or None (not loaded yet)
MIME_ASSET_IDS = "application/x-lectoure-asset-ids"
# Past this many changed rows, one dataChanged spans them all (a signal per row costs more than a repaint).
_ROWS_SIGNALLED_ONE_BY_ONE = 64


def file_url(path: str):
    """file: URL of a path; a name that is not UTF-8 keeps its real bytes (percent-encoded), which
    QUrl.fromLocalFile would turn into other bytes."""
    from PySide6.QtCore import QUrl

    if is_printable(path):
        return QUrl.fromLocalFile(path)
    from urllib.parse import quote

    return QUrl.fromEncoded(("file://" + quote(os_bytes(path))).encode("ascii"))


class ThumbnailLoader(QObject):
    """Reads cached thumbnails (the core's JPEG files) off the GUI thread, for the grid and the inspector's
    preview alike. The result is a QImage, since QPixmap belongs to the GUI thread; EXIF orientation is
    applied. `loaded(token, image)` arrives on the GUI thread with the caller's token; the image is null
    when the file cannot be read (the reason is logged)."""

    loaded = Signal(object, QImage)

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)

    def load(self, token: object, path: str) -> None:
        self._pool.start(_ThumbnailJob(self, token, path))

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)


class _ThumbnailJob(QRunnable):
    def __init__(self, loader: ThumbnailLoader, token: object, path: str) -> None:
        super().__init__()
        self.loader, self.token, self.path = loader, token, path

    def run(self) -> None:
        reader = QImageReader(self.path)
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            log.info("thumbnail unreadable: %s (%s)", self.path, reader.errorString())
        self.loader.loaded.emit(self.token, image)


class AssetListModel(QAbstractListModel):
    """Rows are asset ids in the order of the current query (newest first, or by name)."""

    countChanged = Signal(int)

    def __init__(self, library: Library, parent: QObject | None = None, *, cache_size: int = 3000) -> None:
        super().__init__(parent)
        self.library = library
        self.filter = Filter()
        self.sort_by = "date"  # "date" | "name" (not `sort`: that is QAbstractItemModel.sort())
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._thumbs: OrderedDict[int, tuple[str, QImage]] = OrderedDict()  # LRU of decoded thumbnails
        self._cache_size = cache_size
        self._pending: set[int] = set()
        self.thumbnails = ThumbnailLoader(self)
        self.thumbnails.loaded.connect(self._on_thumb)

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 -- an invalid index, never mutated (Qt's own default)
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        asset_id = self._ids[index.row()]
        if role == AssetIdRole:
            return asset_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, AssetRole):
            asset = self.library.asset(asset_id)
            if asset is None:
                return None
            if role == AssetRole:
                return asset
            relpath = printable(asset["relpath"])  # a name that is not UTF-8: shown with U+FFFD
            name = relpath.rsplit("/", 1)[-1]
            if role == Qt.ItemDataRole.DisplayRole:
                return name
            tags = ", ".join(n for names in asset["tags"].values() for n in names)
            return f"{relpath}\n{asset['taken_at'] or ''}\n{tags}".strip()
        if role == ThumbRole:
            return self._thumb(asset_id)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME_ASSET_IDS, "text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        """Drag assets onto a facet (ids) or out of the app (file URLs for a browser or the file manager)."""

        mime = QMimeData()
        ids = [self._ids[i.row()] for i in indexes if i.isValid()]
        mime.setData(MIME_ASSET_IDS, ",".join(map(str, ids)).encode())
        urls = []
        for asset_id in ids:
            asset = self.library.asset(asset_id)
            if asset:
                urls.append(file_url(asset["path"]))
        mime.setUrls(urls)
        return mime

    # -- content -------------------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, asset_id: int) -> int | None:
        return self._row_of.get(asset_id)

    def set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self.refresh()

    def set_sort(self, sort: str) -> None:
        self.sort_by = sort
        self.refresh()

    def _query(self) -> list[int]:
        ids = self.library.query_ids(self.filter)
        if self.sort_by == "name":
            ids = self.library.sort_by_name(ids)
        elif self.sort_by == "added":
            ids = self.library.news.sort_by_added(ids)
        return ids

    def refresh(self) -> None:
        """Re-run the query and update rows in place: selection and scroll position survive (the
        persistent indexes of the view are moved to the rows' new places)."""
        self._show(self._query())

    def show_ids(self, flt: Filter, ids: list[int], rows: dict[int, int] | None = None) -> None:
        """The result of `flt` computed elsewhere (the search box's worker thread), shown as refresh() does;
        `rows` (id → row of `ids`), when given, was built there too."""
        self.filter = flt
        self._show(ids, rows)

    def _show(self, new_ids: list[int], rows: dict[int, int] | None = None) -> None:
        if new_ids == self._ids:
            return
        self.layoutAboutToBeChanged.emit()
        new_row = rows if rows is not None else {asset_id: row for row, asset_id in enumerate(new_ids)}
        old_persistent = self.persistentIndexList()
        new_persistent = []
        for idx in old_persistent:
            row = new_row.get(self._ids[idx.row()]) if idx.row() < len(self._ids) else None
            new_persistent.append(self.index(row, 0) if row is not None else QModelIndex())
        self._ids = new_ids
        self._row_of = new_row
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()
        self.countChanged.emit(len(self._ids))

    def assets_changed(self, ids) -> None:
        """Some records changed (tags, file, status): repaint their rows, and only theirs. A few rows get a
        dataChanged each; many get one signal over their span (the view then repaints what it shows)."""
        rows = []
        for asset_id in ids:
            row = self._row_of.get(asset_id)
            if row is not None:
                rows.append(row)
                if asset_id in self._thumbs:
                    self._drop_stale_thumb(asset_id)
        if len(rows) > _ROWS_SIGNALLED_ONE_BY_ONE:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0))
            return
        for row in sorted(rows):
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx)

    def all_changed(self) -> None:
        """Any record may have changed (registries renamed or merged): one signal for every row."""
        for asset_id in list(self._thumbs):
            self._drop_stale_thumb(asset_id)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))

    def _drop_stale_thumb(self, asset_id: int) -> None:
        asset = self.library.asset(asset_id)
        if asset is None or self._thumbs[asset_id][0] != asset.get("thumb"):
            del self._thumbs[asset_id]

    # -- thumbnails ----------------------------------------------------------------------------------
    def _thumb(self, asset_id: int) -> QImage | None:
        cached = self._thumbs.get(asset_id)
        if cached is not None:
            self._thumbs.move_to_end(asset_id)
            return cached[1]
        if asset_id not in self._pending:
            asset = self.library.asset(asset_id)
            path = self.library.thumbnail_path(asset) if asset else None
            if asset and path:
                self._pending.add(asset_id)
                self.thumbnails.load((asset_id, asset["thumb"]), path)
        return None

    @Slot(object, QImage)
    def _on_thumb(self, token: tuple[int, str], image: QImage) -> None:
        asset_id, key = token
        self._pending.discard(asset_id)
        asset = self.library.asset(asset_id)
        if asset is None or asset.get("thumb") != key:
            return  # stale: the file changed since the job started
        self._thumbs[asset_id] = (key, image)
        while len(self._thumbs) > self._cache_size:
            self._thumbs.popitem(last=False)
        row = self._row_of.get(asset_id)
        if row is not None:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [ThumbRole])

    def wait_for_thumbnails(self, msecs: int = 5000) -> bool:
        return self.thumbnails.wait(msecs)
