"""The taper engine: regimen, products and rounding, paces, sequences, dates, the plan and its
warnings, the pump forecast, hand edits and the plan file.  It never imports the log, the exports,
the command line or the window."""
