"""Widgets: they display the session's state and forward user actions."""
