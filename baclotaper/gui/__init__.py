"""Everything Qt: the planner window, the nurse's log and their views.  The core never imports this package."""
