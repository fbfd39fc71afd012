from baclotaper.cli import main

raise SystemExit(main())
