"""What a screen reader is told about the widgets Qt describes badly on Linux.

* A combo box: on Unix Qt names it by its current text ("Oral", "not assessed") and leaves its label
  to the "labelled by" relation, so the name set in code never reaches Orca.  Here its name is its
  label's words and its value the current text; role, states, relations, the popup list (its child)
  and the action that opens it stay as Qt's.
* A widget given a role by :func:`set_accessible_role` (a chart, a box of text): that role instead
  of "filler", with its accessible name and description.
* A slider that says its value in words (:class:`ValueInWords`, a severity score): that text as its
  value ("not assessed" rather than -1), with the numbers behind it for the Value interface.
* A tab widget: a named group, not a focusable "filler" (its tab bar takes the focus and is the control).

:func:`install` puts these in place; each window calls it before building its widgets (an interface
is made once per widget, the first time something asks, and Qt keeps it until the widget goes).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import ClassVar, Protocol, cast, runtime_checkable

from PySide6.QtCore import QCoreApplication, QObject, QPoint
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAccessibleValueInterface
from PySide6.QtWidgets import QAbstractSlider, QAccessibleWidget, QComboBox, QTabWidget, QWidget
from shiboken6 import Shiboken

ROLE_PROPERTY = "baclotaperAccessibleRole"


class _Made:
    """Whether the factory is in place and still making, and every interface it made (so that
    they can be handed back to Qt before Python goes: see :func:`release`)."""

    installed = False
    closing = False
    interfaces: ClassVar[list[QAccessibleInterface]] = []


def set_accessible_role(widget: QWidget, role: QAccessible.Role) -> None:
    """``widget`` is announced as ``role`` (call before it is shown: Qt keeps the first interface)."""
    widget.setProperty(ROLE_PROPERTY, role.value)


class ComboBoxInterface(QAccessibleWidget):
    """A combo box named by its label and valued by its current text."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo, QAccessible.Role.ComboBox)

    @property
    def combo(self) -> QComboBox:
        # Through Qt's guarded pointer: a reference kept here would keep a parentless combo alive.
        return cast(QComboBox, self.widget())

    def text(self, t: QAccessible.Text) -> str:
        combo = self.combo
        if t == QAccessible.Text.Value:
            edit = combo.lineEdit()
            return edit.text() if combo.isEditable() and edit is not None else combo.currentText()
        if t == QAccessible.Text.Accelerator:
            return "Down"  # as Qt's: Alt+Down (or Down) opens the list
        said = super().text(t)  # the accessible name, else the buddy label's words
        if t == QAccessible.Text.Name and not said:
            return combo.currentText()  # never nameless
        return said

    def state(self) -> QAccessible.State:
        state = super().state()
        state.expandable = True
        state.expanded = self.combo.view().isVisible()
        state.editable = self.combo.isEditable()
        return state

    # The popup list (and an editable combo's line edit), as Qt's own interface has them.
    def _children(self) -> list[QWidget]:
        combo = self.combo
        edit = combo.lineEdit()
        return [combo.view(), edit] if combo.isEditable() and edit is not None else [combo.view()]

    def childCount(self) -> int:
        return len(self._children())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        children = self._children()
        return QAccessible.queryAccessibleInterface(children[index]) if 0 <= index < len(children) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        found = child.object() if child is not None else None
        return next((i for i, w in enumerate(self._children()) if w is found), -1)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        edit = self.combo.lineEdit()
        if self.combo.isEditable() and edit is not None and edit.rect().contains(edit.mapFromGlobal(QPoint(x, y))):
            return QAccessible.queryAccessibleInterface(edit)
        return None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        edit = self.combo.lineEdit()
        return QAccessible.queryAccessibleInterface(edit) if self.combo.isEditable() and edit is not None else None

    def actionNames(self) -> list[str]:
        return [self.showMenuAction(), self.pressAction()]

    def localizedActionDescription(self, name: str) -> str:
        return "Open the list of choices" if name in self.actionNames() else ""

    def doAction(self, name: str) -> None:
        if name not in self.actionNames():
            return
        if self.combo.view().isVisible():
            self.combo.hidePopup()
        else:
            self.combo.showPopup()

    def keyBindingsForAction(self, name: str) -> list[str]:
        return []


@runtime_checkable
class ValueInWords(Protocol):
    """A slider whose positions have words: "not assessed", "2, moderate"."""

    def value_in_words(self) -> str: ...


class _SliderValue(QAccessibleValueInterface):
    """The numbers behind a slider said in words (what AT-SPI's Value interface carries)."""

    def __init__(self, face: QAccessibleWidget) -> None:
        super().__init__()
        self._face = face  # the slider through Qt's guarded pointer, never kept alive from here

    def _number(self, read: Callable[[QAbstractSlider], int]) -> int:
        slider = self._face.widget()
        return read(slider) if isinstance(slider, QAbstractSlider) else 0

    def currentValue(self) -> int:
        return self._number(QAbstractSlider.value)

    def setCurrentValue(self, value: object) -> None:
        slider = self._face.widget()
        if isinstance(slider, QAbstractSlider) and isinstance(value, int | float):
            slider.setValue(round(value))

    def maximumValue(self) -> int:
        return self._number(QAbstractSlider.maximum)

    def minimumValue(self) -> int:
        return self._number(QAbstractSlider.minimum)

    def minimumStepSize(self) -> int:
        return self._number(QAbstractSlider.singleStep)


class WordedSliderInterface(QAccessibleWidget):
    """A slider whose value text is its words; its Value interface has the numbers."""

    def __init__(self, slider: QAbstractSlider) -> None:
        super().__init__(slider, QAccessible.Role.Slider)
        self._value = _SliderValue(self)

    def text(self, t: QAccessible.Text) -> str:
        slider = self.widget()
        if t == QAccessible.Text.Value and isinstance(slider, ValueInWords):
            return slider.value_in_words()
        return super().text(t)

    def interface_cast(self, t: QAccessible.InterfaceType) -> Shiboken.VoidPtr:  # type: ignore[override]
        # Qt asks for each interface by a raw pointer.  Always a VoidPtr: a plain int here fails to
        # convert, and PySide then stops calling this override (the Value interface vanished).
        if t == QAccessible.InterfaceType.ValueInterface:
            return Shiboken.VoidPtr(Shiboken.getCppPointer(self._value)[0])
        return Shiboken.VoidPtr(super().interface_cast(t))


class TabGroupInterface(QAccessibleWidget):
    """A tab widget: the group of its pages; the focus goes to its tab bar (its focus proxy)."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs, QAccessible.Role.Grouping)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.focusable = False
        return state


class RoleInterface(QAccessibleWidget):
    """A widget with the role :func:`set_accessible_role` gave it; name and description are the widget's."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if _Made.closing or not isinstance(obj, QWidget):
        return None
    made: QAccessibleInterface
    if isinstance(obj, QComboBox):
        made = ComboBoxInterface(obj)
    elif isinstance(obj, QTabWidget):
        made = TabGroupInterface(obj)
    elif isinstance(obj, QAbstractSlider) and isinstance(obj, ValueInWords):
        made = WordedSliderInterface(obj)
    else:
        role = obj.property(ROLE_PROPERTY)
        if role is None:
            return None
        made = RoleInterface(obj, QAccessible.Role(role))
    interfaces = _Made.interfaces
    if len(interfaces) % 256 == 255:  # forget those Qt has deleted with their widgets
        interfaces[:] = [i for i in interfaces if Shiboken.isValid(i)]
    interfaces.append(made)
    return made


def install() -> None:
    """Put the interfaces above in place (once; later calls do nothing)."""
    if _Made.installed:
        return
    _Made.installed = True
    QAccessible.installFactory(_factory)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(release)
    atexit.register(release)


def release() -> None:
    """Hand every interface made here back to Qt, which deletes it, and make no more.

    PySide keeps the Python side of each one until the application object goes, then drops it,
    which would delete an interface Qt still holds (and deletes again as the last widgets go):
    a crash on the way out.  Deleted through Qt now, each leaves Qt's cache cleanly; widgets
    asked about after this get Qt's own interfaces.
    """
    _Made.closing = True
    while _Made.interfaces:
        made = _Made.interfaces.pop()
        if Shiboken.isValid(made):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(made))
