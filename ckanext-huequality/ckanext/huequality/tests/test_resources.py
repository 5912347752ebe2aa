"""A resource is read once, through the suite's guarded fetcher: URLs on private networks are
never downloaded by the portal's jobs (SSRF), and what could not be read says why in
Vietnamese and English. (The guard's own probes are in ckanext-huedata's test_fetching.py and
tests/security/test_ssrf.py.)"""

from __future__ import annotations

import hashlib

import pytest
import requests

from ckanext.huedata import fetching
from ckanext.huequality.resources import local_copy


@pytest.fixture
def no_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the job must not connect to an internal address")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse)


@pytest.mark.ckan_config("ckanext.huedata.outbound.allowed_hosts", "")
@pytest.mark.usefixtures("no_connection")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/data.csv",
        "http://localhost/data.csv",
        "http://10.1.2.3/admin",
        "http://192.168.1.10/x.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/data.csv",
        "http://[::ffff:127.0.0.1]/data.csv",
        "http://127.0.0.1:8080\\@1.1.1.1/../secret.csv",
    ],
)
def test_private_and_local_addresses_are_refused(url):
    with local_copy({"id": "r1", "url": url}) as copy:
        assert copy.path is None and copy.sha256 is None
        assert copy.failure is not None
        assert copy.failure["message_vi"] and copy.failure["message_en"]
        assert copy.failure["message_vi"] != copy.failure["message_en"]


def test_a_public_address_is_allowed():
    # an address literal: no lookup, and no connection is made by ``target``
    assert fetching.target("http://8.8.8.8/data.csv", allowed_hosts=[]).address == "8.8.8.8"


@pytest.mark.ckan_config("ckanext.huedata.outbound.allowed_hosts", "")
@pytest.mark.usefixtures("no_connection")
def test_fingerprint_of_an_internal_url_is_not_taken():
    with local_copy({"id": "r1", "url": "http://10.0.0.5/secret.csv"}) as copy:
        assert copy.sha256 is None


@pytest.mark.ckan_config("ckanext.huedata.outbound.allowed_hosts", "127.0.0.1")
def test_operators_may_allow_private_addresses(file_server):
    file_server.bodies["/data.csv"] = b"a,b\n1,2\n"
    with local_copy({"id": "r1", "url": file_server.url + "/data.csv"}) as copy:
        assert copy.sha256 == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
        with open(copy.path or "", "rb") as handle:
            assert handle.read() == b"a,b\n1,2\n"


@pytest.mark.parametrize(
    "resource, reason",
    [
        ({"id": "r1", "url": "ftp://example.org/a.csv"}, "the resource has no file or downloadable URL"),
        ({"id": "r1", "url": ""}, "the resource has no file or downloadable URL"),
    ],
)
def test_what_cannot_be_read_says_why_in_both_languages(resource, reason):
    with local_copy(resource) as copy:
        assert copy.failure is not None
        assert copy.failure["message_en"] == reason
        assert copy.failure["message_vi"] not in ("", reason)
