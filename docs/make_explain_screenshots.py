"""Render the "How it is signed" walkthrough for RS256, PS256, ES256 and EdDSA.

Usage (from the repository root)::

    python docs/make_explain_screenshots.py

Writes ``docs/screenshots/explain-rs256.png``, ``explain-ps256.png``,
``explain-es256.png`` and ``explain-eddsa.png``: a token signed with a key made
for the picture, its public key in the key box, the window at 1920x1080 with
the walkthrough scrolled to the signature and what it holds (the recovered
RSA block, the PSS salt, r and s, R and S). The images are kept small (an
8-bit palette). No display is needed; saved window settings are ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1920, 1080)
PAYLOAD = {"sub": "alice", "name": "Alice", "iat": 1764700000}


def _key(alg: str) -> object:
    from jwtinspector.core import keygen

    if alg[:2] in ("RS", "PS"):
        return keygen.generate_rsa(2048)
    if alg.startswith("ES"):
        return keygen.generate_ec("P-256")
    return keygen.generate_okp("Ed25519")


def shoot(alg: str) -> Path:
    """One window on a token of ``alg``; the walkthrough from its signature on."""
    from cryptography.hazmat.primitives import serialization
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from jwtinspector.app import create_window
    from jwtinspector.core.sign import sign_token

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    key = _key(alg)
    token = sign_token({"alg": alg, "typ": "JWT"}, PAYLOAD, key)  # type: ignore[arg-type]
    pem = key.key.public_key().public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    window = create_window(token)
    window.resize(*SIZE)
    window.show()
    panel = window.signature_panel
    panel.set_key_text(pem.decode())
    panel.details.setCurrentWidget(panel.explain_view)
    sizes = window.right.sizes()  # give the details pane most of the height
    total = sum(sizes)
    window.right.setSizes([total // 8, total // 8, *[0] * (len(sizes) - 3), total])
    for _ in range(10):
        app.processEvents()
    view = panel.explain_view
    found = view.document().find("The signature ·")
    if not found.isNull():  # the found step at the top of the view
        view.setTextCursor(found)
        view.ensureCursorVisible()
        app.processEvents()
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + view.viewport().height() - 40)
        found.clearSelection()
        view.setTextCursor(found)
    app.processEvents()
    image = (
        window.grab()
        .toImage()
        .convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
        )
    )
    path = OUT / f"explain-{alg.lower()}.png"
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    window.close()
    return path


def main() -> int:
    """Write the four screenshots; print their paths."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QStyleFactory

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(app.style().standardPalette())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        # A clean settings folder: no saved geometry or splitter positions.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        for alg in ("RS256", "PS256", "ES256", "EdDSA"):
            print(shoot(alg))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
