from functions.admin.cli import main

raise SystemExit(main())
