"""Files made from a plan and a log: PDF, iCalendar, CSV and plain text."""
