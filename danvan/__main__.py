from danvan.cli import main

raise SystemExit(main())
