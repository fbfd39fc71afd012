"""Everything Qt: the planner window and its views.  The core never imports this package."""

from baclotaper.gui.refcount_guard import make_singletons_immortal

# Before any Qt call: see refcount_guard for the PySide6 6.12 / CPython 3.11 reference bug.
make_singletons_immortal()
