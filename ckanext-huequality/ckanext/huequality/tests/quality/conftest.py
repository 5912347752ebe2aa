from __future__ import annotations

import http.server
import threading

import pytest

QUALITY_PLUGINS = "huequality huesearch"


@pytest.fixture
def csv_upload(create_with_upload):
    """Create a CSV resource on a dataset from text (a real upload in ckan.storage_path)."""
    def make(package_id: str, text: str, name: str = "data.csv", **extra):
        return create_with_upload(text.encode("utf-8"), name, package_id=package_id, format="CSV",
                                  name=name, **extra)
    return make


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
