"""The window's controllers: each takes only the session, the widgets it
uses and a ``show_status(text)`` callable, never the window."""
