"""Files made from a plan: CSV here; PDF and iCalendar beside it."""
