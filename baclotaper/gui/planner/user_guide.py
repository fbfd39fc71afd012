"""Help ▸ User guide (F1): a short guide by task, shipped in ``resources/help/user-guide.md``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from baclotaper.common.data import resource_path

GUIDE = "help/user-guide.md"


class UserGuide(QDialog):
    """Not modal: the guide stays open beside the window while the user follows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle("User guide")
        self.text = QTextBrowser()
        self.text.setObjectName("userGuideText")
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(resource_path(GUIDE).read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        chars = self.fontMetrics().horizontalAdvance("x")
        self.resize(chars * 80, self.fontMetrics().lineSpacing() * 36)

    def headings(self) -> list[str]:
        """The guide's task headings, as shown."""
        document = self.text.document()
        block = document.begin()
        found = []
        while block.isValid():
            if block.blockFormat().headingLevel() == 2:
                found.append(block.text())
            block = block.next()
        return found
