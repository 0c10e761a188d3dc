"""Allow ``python -m jwtinspector``."""

from jwtinspector.cli import main

# Guarded: the weak-secret scan's worker processes import the main module.
if __name__ == "__main__":
    raise SystemExit(main())
