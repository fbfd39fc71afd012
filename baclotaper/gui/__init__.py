"""Everything Qt: the planner window, the nurse's log and their views.  The core never imports this package."""

import sys

# The modules loaded before PySide6 is (the command line loads the form's core first): none of them
# can be using it, which gui.app tells PySide6 so that it does not read their source (see there).
# None when PySide6 came first (a test run).
BEFORE_PYSIDE = None if "PySide6" in sys.modules else tuple(sys.modules)
