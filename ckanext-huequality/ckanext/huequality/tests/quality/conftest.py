from __future__ import annotations

import http.server
import threading

import pytest

QUALITY_PLUGINS = "huequality huesearch"


@pytest.fixture
def file_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving files written into a temporary folder."""
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **kw)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(name: str, text: str) -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_port}/{name}"

    serve.base = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
    yield serve
    server.shutdown()
    server.server_close()
