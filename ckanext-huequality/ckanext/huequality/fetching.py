"""Which resource URLs the portal's own jobs may download.

Publishers type resource URLs; the fingerprint and quality jobs then download
them from inside the city's network. Without a check, a URL such as
http://10.0.0.5/admin or http://169.254.169.254/ would make the portal read
internal services (server-side request forgery). Only addresses that are
public on the internet are fetched unless an operator allows private ones.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from . import config


class PrivateAddressError(ValueError):
    """The URL's host is on a private, loopback, link-local or reserved network."""


def check_fetchable(url: str) -> None:
    """Raises PrivateAddressError unless every address ``url``'s host resolves to is public."""
    if config.fetch_private_addresses():
        return
    parts = urlsplit(url)
    if not parts.hostname:
        raise PrivateAddressError("the URL has no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as error:
        raise PrivateAddressError(f"the host cannot be resolved ({error.strerror})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise PrivateAddressError("the URL points to a private or local network address")
