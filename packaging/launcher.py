"""The bundle's entry point.  Kept out of the package folder so that PyInstaller analyses the
installed app (with its resources package) and not the checkout beside it."""

from baclotaper.cli.main import main

raise SystemExit(main())
