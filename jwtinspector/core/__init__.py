"""The token engine: pure Python (PyJWT, cryptography, stdlib), no Qt.

Everything here returns immutable values and raises only
:class:`jwtinspector.core.errors.InspectorError` subclasses on bad input.
"""
