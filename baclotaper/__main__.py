from baclotaper.cli.main import main

raise SystemExit(main())
