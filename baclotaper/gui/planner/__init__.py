"""The planner window: the regimen form, the live plan (steps, calendar, chart, warnings), edits, files, printing."""
