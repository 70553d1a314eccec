"""Storyline's web app: HTTP JSON API and HTML pages over a database (`storyline serve`)."""

from storyline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
