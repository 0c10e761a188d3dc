"""Allow ``python -m jwtinspector``."""

from jwtinspector.cli import main

raise SystemExit(main())
