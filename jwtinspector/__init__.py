"""jwtinspector: a desktop JSON Web Token inspector."""

__version__ = "0.1.0"
