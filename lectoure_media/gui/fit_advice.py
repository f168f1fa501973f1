"""The export dialog's one-click offer of the "fit" mode when a crop would enlarge a video a lot.

core.fit_advice decides (a crop enlarging 3 times or more, where the whole frame over a blurred fill would be
enlarged less); this bar only says it and, on a click, asks the dialog to tick its fit box.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..core import ExportPreset, FitAdvice, fit_advice
from .text import fill


class FitAdviceBar(QWidget):
    """Hidden unless the chosen formats would enlarge a selected video a lot and the fit mode is off."""

    fitChosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.advice = FitAdvice()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #a06000;")
        self.button = QPushButton(self.tr("Show it &whole"), self)
        self.button.setToolTip(self.tr("Fit the whole picture over a blurred background instead of cropping"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.fitChosen.emit)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.setVisible(False)

    def refresh(self, assets: Sequence[dict[str, Any]], presets: Sequence[ExportPreset], fit_on: bool) -> None:
        self.advice = FitAdvice() if fit_on else fit_advice(assets, presets)
        if not self.advice:
            self.setVisible(False)
            return
        worst = self.advice.worst
        crop, fit = (QLocale().toString(round(v, 1)) for v in (worst.crop_scale, worst.fit_scale))
        self.label.setText(
            fill(
                self.tr(
                    "“%1” would be enlarged %2 times to be cropped for “%3”; shown whole over a blurred background, only %4 times."  # noqa: E501 -- one literal, as lupdate extracts it
                ),
                os.path.basename(worst.path),
                crop,
                worst.preset_label,
                fit,
            )
        )
        self.setVisible(True)
