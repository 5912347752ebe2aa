"""Fixtures shared by every test folder of the suite (CKAN's own come from its pytest plugin)."""
from __future__ import annotations

import logging
import os
import sys

import pytest

# The portal as it ships (config/ckan.ini over HTTP): fixtures for every test folder.
pytest_plugins = ["tests.shipped_portal"]

# Tables of the suite's plugins and of the upstream plugins they use; CKAN's `clean_db`
# drops them all and recreates only core tables, so ours recreates these too.
PLUGINS_WITH_TABLES = ("activity", "harvest", "huesearch", "huesso", "huequality", "huedata", "huefeedback")


@pytest.fixture
def clean_db(reset_db, reset_index, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the migrations of every loaded plugin that has tables.

    Depends on ``with_plugins`` because migrations are found through loaded plugins.
    The search index is emptied too: it must never hold datasets the database lost.
    """
    import ckan.plugins as plugins

    reset_db()
    for name in PLUGINS_WITH_TABLES:
        if plugins.plugin_loaded(name):
            migrate_db_for(name)
    _harvest_tables_for_its_mappers()
    if plugins.plugin_loaded("huesearch"):
        reset_index()


def _harvest_tables_for_its_mappers() -> None:
    """Once any test module imported ckanext-harvest's model, its mappers watch every dataset
    (a purge asks for the dataset's harvest objects) even in tests without the harvest plugin:
    give those tests the harvest tables too. A portal never imports the model without the plugin."""
    import ckan.model as model
    import ckan.plugins as plugins

    if "ckanext.harvest.model" not in sys.modules or plugins.plugin_loaded("harvest"):
        return
    import ckanext.harvest

    original = model.repo._alembic_ini
    model.repo._alembic_ini = os.path.join(os.path.dirname(ckanext.harvest.__file__), "migration", "harvest",
                                           "alembic.ini")
    try:
        model.repo.upgrade_db("head")
    finally:
        model.repo._alembic_ini = original


@pytest.fixture
def clean_index(reset_index, with_plugins):
    """CKAN's clean_index, after the plugins (huesearch) are loaded."""
    reset_index()


@pytest.fixture(autouse=True)
def _show_server_errors():
    # A 500 inside the test client logs nothing unless this logger is enabled again.
    logging.getLogger("ckan.config.middleware.flask_app").disabled = False
