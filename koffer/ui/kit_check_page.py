"""The kit-check page: ``koffer doctor``'s findings before leaving for a visit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.ui import labels, style
from koffer.ui.kit_workers import CheckReport


class KitCheckPage(QWidget):
    """Runs the kit check on request and lists what it found, each line with a mark."""

    run_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the page; the check runs when the clerk asks."""
        super().__init__(parent)
        heading = QLabel(self.tr("Kit-Prüfung"))
        heading.setFont(style.heading_font(self.font()))
        intro = QLabel(
            self.tr(
                "Prüft vor dem Einsatz alle Geräte, den Datenspeicher, die Warteschlange und "
                "den freien Speicherplatz (wie „koffer doctor“)."
            )
        )
        intro.setWordWrap(True)
        self.run_button = style.button(self.tr("Prüfung &starten"), self.tr("Kit-Prüfung starten"))
        self.run_button.setObjectName("primary")
        self.run_button.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.run_button)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName(self.tr("Prüfung läuft"))
        self.busy.setVisible(False)
        self.verdict = QLabel()
        self.verdict.setAccessibleName(self.tr("Ergebnis der Kit-Prüfung"))
        self.verdict.setWordWrap(True)
        self.error_label = style.error_label(self.tr("Fehlermeldung"))
        self.results = QTreeWidget()
        self.results.setAccessibleName(self.tr("Ergebnisse der Kit-Prüfung"))
        self.results.setRootIsDecorated(False)
        self.results.setColumnCount(3)
        self.results.setHeaderLabels([self.tr("Stand"), self.tr("Prüfung"), self.tr("Befund")])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.busy)
        layout.addWidget(self.verdict)
        layout.addWidget(self.error_label)
        layout.addWidget(self.results, 1)
        QWidget.setTabOrder(self.run_button, self.results)

    @property
    def running(self) -> bool:
        """Whether a check runs."""
        return self.busy.isVisible()

    def start(self) -> None:
        """Ask the kit-check worker to run."""
        if self.running:
            return
        self.busy.setVisible(True)
        self.run_button.setEnabled(False)
        self.error_label.setVisible(False)
        self.verdict.setText(self.tr("Prüfung läuft …"))
        self.run_requested.emit()

    def show_report(self, report: CheckReport) -> None:
        """List the findings."""
        self._done()
        self.results.clear()
        for line in report.lines:
            mark = self.tr("✓ in Ordnung") if line.ready else self.tr("✗ nicht bereit")
            item = QTreeWidgetItem([mark, labels.check_name(line.name), line.detail])
            item.setToolTip(2, line.detail)
            self.results.addTopLevelItem(item)
        for column in range(2):
            self.results.resizeColumnToContents(column)
        self.verdict.setText(
            self.tr("✓ Der Koffer ist einsatzbereit.")
            if report.ready
            else self.tr(
                "✗ Der Koffer ist nicht einsatzbereit: bitte die markierten Punkte prüfen."
            )
        )

    def show_failure(self, message: str) -> None:
        """The check did not answer."""
        self._done()
        self.verdict.setText("")
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def _done(self) -> None:
        self.busy.setVisible(False)
        self.run_button.setEnabled(True)
