"""A resource's bytes, read once for both features: its fingerprint and its quality scan.

Uploaded files are read where CKAN stores them. Linked files are downloaded through the
suite's one outbound fetcher (``ckanext.huedata.fetching``): public addresses only unless the
operator allows a host (``ckanext.huedata.outbound.allowed_hosts``), every redirect re-checked,
the address pinned, size and time bounded (``ckanext.huedata.outbound.*``). A URL the guard
refuses is never connected to, so nothing of what it points at can reach a hash, a score or
the public evidence: the copy only says why it could not be read, in Vietnamese and English.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ckan.lib import uploader

from ckanext.huedata import fetching

from .translations import bilingual

log = logging.getLogger(__name__)
_CHUNK = 1 << 16


def _(message: str) -> str:
    """Marks a message for extraction; :func:`bilingual` translates it."""
    return message


@dataclass(frozen=True)
class LocalCopy:
    """The bytes of one resource on local disk (``path``) and their SHA-256, or why not."""

    resource_id: str
    url: str
    path: str | None = None
    sha256: str | None = None
    failure: dict[str, str] | None = None  # {"message_vi", "message_en"}

    @property
    def readable(self) -> bool:
        return self.path is not None


def _sha256_of_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def local_copy(resource: dict[str, Any]) -> Iterator[LocalCopy]:
    """The resource's bytes for the time of the ``with`` block (a download is deleted after)."""
    resource_id, url = str(resource.get("id") or ""), str(resource.get("url") or "")
    if resource.get("url_type") == "upload":
        path = uploader.get_resource_uploader(resource).get_path(resource_id)
        if not os.path.isfile(path):
            yield LocalCopy(resource_id, url, failure=bilingual(_("the uploaded file is missing")))
            return
        yield LocalCopy(resource_id, url, path, _sha256_of_file(path))
        return
    if not url.lower().startswith(("http://", "https://")):
        yield LocalCopy(resource_id, url, failure=bilingual(_("the resource has no file or downloadable URL")))
        return
    with tempfile.TemporaryDirectory(prefix="huequality-") as folder:
        path = os.path.join(folder, "download")
        digest = hashlib.sha256()
        try:
            with fetching.open_stream(url) as chunks, open(path, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
        except fetching.FetchError as error:
            log.info("huequality: resource %s not read: %s", resource_id, error.code)
            yield LocalCopy(resource_id, url, failure={"message_vi": error.message_vi, "message_en": error.message_en})
            return
        yield LocalCopy(resource_id, url, path, digest.hexdigest())
