"""Hostile and malformed searches against the shipped portal, anonymously, over HTTP.

Each probe must be answered with a client error whose message names the limit in Vietnamese
and English (or, for harmless odd input, a normal answer), never a 500, and never a database
or Python class name. Timings are printed, not asserted: every search statement runs under
``ckanext.huesearch.statement_timeout`` (3 s as shipped).
"""
from __future__ import annotations

import json
import re
import time

import pytest

CLASS_NAME = re.compile(r"\w+(Error|Exception)\b|psycopg|sqlalchemy|Traceback|SELECT |org\.apache")
BOTH_LANGUAGES = re.compile(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹ].* / [A-Za-z\"]")

# (id, method, parameters, expected status, the English words the message must hold or None)
API_PROBES = [
    ("12,000 title OR clauses", "POST", {"q": " OR ".join(f"title:w{i}" for i in range(12000))}, 400,
     "longer than 2000 characters"),
    ("300 words", "POST", {"q": " ".join(f"w{i}" for i in range(300))}, 400, "more than 256 words"),
    ("2,000 -name filters", "POST", {"fq": " ".join(["-name:a"] * 2000)}, 400, "longer than 2000"),
    ("300 short -n filters", "POST", {"fq": " ".join(["-n:a"] * 300)}, 400, "more than 256 words"),
    ("100 KB of words", "POST", {"q": "truong " * 15000}, 400, "longer than 2000"),
    ("1,000 nested parentheses", "POST", {"q": "(" * 1000 + "title:a" + ")" * 1000}, 400, "longer than 2000"),
    ("500 nested parentheses", "POST", {"fq": "(" * 500 + "name:a" + ")" * 500}, 400, "16 levels"),
    ("date math overflow", "GET", {"fq": "metadata_modified:NOW/DAY+1000000000DAYS"}, 400, "1000 years"),
    ("date math past 9999", "GET", {"fq": "metadata_modified:[9999-12-31T00:00:00Z+1DAY TO *]"}, 400,
     "1000 years"),
    ("date math in seconds", "GET", {"fq": "metadata_modified:[NOW-99999999999SECONDS TO NOW]"}, 400,
     "1000 years"),
    ("NUL facet field", "GET", {"facet.field": json.dumps(["\u0000"])}, 400, "control characters"),
    ("NUL in q", "GET", {"q": "a\u0000b"}, 400, "control characters"),
    ("escape in fq", "GET", {"fq": "name:\u001b[31m"}, 400, "control characters"),
    ("DEL in sort", "GET", {"sort": "name\u007f asc"}, 400, "control characters"),
    ("start 1e19", "GET", {"start": "10000000000000000000"}, 400, "\"start\""),
    ("facet.limit 1e19", "GET", {"facet.limit": "10000000000000000000", "facet.field": '["tags"]'}, 400,
     "\"facet.limit\""),
    ("facet.limit -5", "GET", {"facet.limit": "-5", "facet.field": '["tags"]'}, 400, "\"facet.limit\""),
    ("200 facet fields", "GET", {"facet.field": json.dumps([f"f{i}" for i in range(200)])}, 400, "50 facet"),
    ("rows 1e19", "GET", {"rows": "10000000000000000000"}, 200, None),  # CKAN caps it at rows_max
    ("start as a float", "GET", {"start": "1e19"}, 409, None),
    ("unbalanced parenthesis", "GET", {"q": "title:(truong"}, 400, "not valid"),
    ("unterminated quote", "GET", {"fq": 'name:"abc'}, 400, "not valid"),
    ("range without TO", "GET", {"fq": "metadata_modified:[NOW]"}, 400, "not valid"),
    ("sort injection", "GET", {"sort": "name asc; DROP TABLE package"}, 400, None),
    ("sort by an unknown field", "GET", {"sort": "nope asc"}, 200, None),
    ("local parameters", "GET", {"q": "{!lucene}title:a"}, 409, None),  # CKAN refuses query parsers
    ("wildcards everywhere", "GET", {"fq": "title:" + "*a" * 40 + "*"}, 200, None),
    ("regex-like text", "GET", {"q": "(a+)+$ .* [[:alpha:]] \\\\ %_"}, 400, "not valid"),
    ("regex-like words", "GET", {"q": "(a+)+$ .* \\\\ %_ [x-z]"}, 200, None),
    ("SQL in a phrase", "GET", {"q": "\"'; SELECT pg_sleep(10); --\""}, 200, None),
    ("huge number range", "GET", {"fq": "num_resources:[-1e400 TO 1e400]"}, 200, None),
    ("field name with quotes", "GET", {"fq": "\"na'me\":x"}, 400, "not valid"),
    ("facet on the stored dict", "GET", {"facet.field": '["data_dict", "validated_data_dict"]'}, 200, None),
]

# (id, path, parameters, expected status)
PAGE_PROBES = [
    ("search page, 1,000 nested parentheses", "/dataset/", {"q": "(" * 1000 + "a" + ")" * 1000}, 400),
    ("search page, 300 words", "/dataset/", {"q": " ".join(f"w{i}" for i in range(300))}, 400),
    ("search page, NUL facet filter", "/dataset/", {"res_format": "\u0000"}, 400),
    ("search page, bad sort", "/dataset/", {"sort": "name sideways"}, 400),
    ("search page, date math in a facet", "/dataset/", {"metadata_modified": "NOW+1000000000DAYS"}, 400),
    ("autocomplete, 5,000 letters", "/api/2/util/dataset/autocomplete", {"incomplete": "a" * 5000}, 200),
    ("autocomplete, NUL", "/api/2/util/dataset/autocomplete", {"incomplete": "\u0000"}, 200),
]

TIMINGS: list[tuple[str, int, float]] = []


def _check_message(text: str, english: str | None) -> None:
    assert not CLASS_NAME.search(text), text[:500]
    if english:
        assert english in text, text[:500]
        assert BOTH_LANGUAGES.search(text), text[:500]


@pytest.mark.parametrize("method, params, status, english",
                         [pytest.param(m, p, s, e, id=i) for i, m, p, s, e in API_PROBES])
def test_hostile_api_search_is_refused_cleanly(shipped_portal, method, params, status, english):
    started = time.perf_counter()
    response = shipped_portal.action("package_search", method=method, **params)
    TIMINGS.append((f"{method} {list(params)}", response.status_code, time.perf_counter() - started))
    assert response.status_code == status, response.text[:500]
    if status >= 400:
        body = response.json()
        assert body["success"] is False
        _check_message(body["error"].get("message") or json.dumps(body["error"], ensure_ascii=False), english)


@pytest.mark.parametrize("path, params, status", [pytest.param(p, q, s, id=i) for i, p, q, s in PAGE_PROBES])
def test_hostile_search_page_is_refused_cleanly(shipped_portal, path, params, status):
    response = shipped_portal.get(path, params=params)
    assert response.status_code == status, response.text[-500:]
    assert response.status_code != 500
    _check_message(response.text, None)


def test_the_portal_still_searches_after_the_probes(shipped_portal):
    response = shipped_portal.action("package_search", method="GET", q="truong hoc", rows=5)
    assert response.status_code == 200 and response.json()["success"] is True
    for label, code, seconds in TIMINGS:
        print(f"{code} {seconds * 1000:8.1f} ms  {label[:60]}")
