"""Resource URLs on private networks are never downloaded by the portal's jobs (SSRF)."""
from __future__ import annotations

import pytest

from ckanext.huequality import fetching
from ckanext.huequality.logic import updates


@pytest.mark.ckan_config("ckanext.huequality.fetch_private_addresses", False)
@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/data.csv", "http://localhost/data.csv", "http://10.1.2.3/admin",
    "http://192.168.1.10/x.json", "http://169.254.169.254/latest/meta-data/", "http://[::1]/data.csv",
])
def test_private_and_local_addresses_are_refused(url):
    with pytest.raises(fetching.PrivateAddressError):
        fetching.check_fetchable(url)


@pytest.mark.ckan_config("ckanext.huequality.fetch_private_addresses", False)
def test_a_public_address_is_allowed():
    fetching.check_fetchable("http://8.8.8.8/data.csv")  # an address literal: no lookup needed


@pytest.mark.ckan_config("ckanext.huequality.fetch_private_addresses", False)
def test_fingerprint_of_an_internal_url_is_not_taken(monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("the job must not connect to an internal address")

    monkeypatch.setattr(updates.requests, "get", no_download)
    assert updates.content_hash({"id": "r1", "url": "http://10.0.0.5/secret.csv"}) is None


@pytest.mark.ckan_config("ckanext.huequality.fetch_private_addresses", True)
def test_operators_may_allow_private_addresses():
    fetching.check_fetchable("http://127.0.0.1:8080/data.csv")
