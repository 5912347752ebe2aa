"""Uploaded files never run on the portal's origin.

CKAN serves an uploaded resource (and user/agency images) inline with the type guessed from its
name: an editor's ``page.html`` or ``logo.svg`` would run scripts as the portal. Every response
gets ``X-Content-Type-Options: nosniff``; a download of an *active* type (HTML, SVG, XML, XSL,
JavaScript) is sent as an attachment, and every download carries ``Content-Security-Policy:
sandbox`` so that even a file a browser decides to render has no origin to act for.
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from flask import Flask, Response, request

ACTIVE_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
    "text/xsl", "application/xslt+xml", "text/javascript", "application/javascript",
    "application/x-javascript", "application/ecmascript", "text/ecmascript", "application/rdf+xml",
    "application/atom+xml", "application/rss+xml", "multipart/x-mixed-replace",
})
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml",
                             ".xsl", ".xslt", ".js", ".mjs", ".rdf", ".xht"})


def is_download(endpoint: str, path: str) -> bool:
    """A view that streams a stored file: resource downloads and ``/uploads/...``."""
    return endpoint.endswith(".download") or endpoint in {"uploads", "uploaded_file"} \
        or path.startswith("/uploads/")


def is_active(mimetype: str, filename: str) -> bool:
    return mimetype.lower() in ACTIVE_TYPES or PurePosixPath(filename.lower()).suffix in ACTIVE_SUFFIXES


def harden(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if not is_download(request.endpoint or "", request.path):
        return response
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    filename = PurePosixPath(request.path).name
    if is_active(response.mimetype or "", filename):
        response.headers["Content-Disposition"] = f'attachment; filename="{_safe(filename)}"'
    return response


def _safe(filename: str) -> str:
    return "".join(c for c in filename if c.isalnum() or c in "._-") or "download"


def install(app: Any) -> Any:
    """Registers :func:`harden` on CKAN's Flask app (IMiddleware)."""
    if isinstance(app, Flask):
        app.after_request(harden)
    return app
