from __future__ import annotations

import pytest

QUALITY_PLUGINS = "huequality huesearch"


@pytest.fixture
def csv_upload(create_with_upload):
    """Create a CSV resource on a dataset from text (a real upload in ckan.storage_path)."""
    def make(package_id: str, text: str, name: str = "data.csv", **extra):
        return create_with_upload(text.encode("utf-8"), name, package_id=package_id, format="CSV",
                                  name=name, **extra)
    return make
