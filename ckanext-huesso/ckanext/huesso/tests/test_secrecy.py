"""The personal ID number never leaves the sign-in: not in any table, log line, page, API answer or cookie."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from ckan import model
from ckan.tests import factories

from ckanext.huesso.tests.conftest import CLIENT_SECRET, ID_NUMBER, STRONG_PASSWORD, session_cookie, sso_login

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "huesso huesearch"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]


def database_dump() -> str:
    """Every row of every table of the portal's database, as text."""
    connection = model.Session.connection()
    tables = connection.execute(text(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")).all()
    assert len(tables) > 20
    rows = []
    for schema, table in tables:
        rows.extend(str(row[0]) for row in connection.execute(text(f'SELECT t::text FROM "{schema}"."{table}" t')))
    return "\n".join(rows)


@pytest.fixture
def every_log(app, caplog):
    """Capture every logger at DEBUG: the app's logging set-up disables loggers that existed before it."""
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.disabled = False
    caplog.set_level(logging.DEBUG)
    return caplog


def test_id_number_and_client_secret_appear_nowhere(app, mock_provider, sso_settings, every_log):
    caplog = every_log
    sso_settings(mock_provider.issuer)
    mock_provider.set_user("vneid-lan", {"SoDinhDanh": ID_NUMBER, "HoVaTen": "Lê Thị Lan", "acr": "LoA2",
                                         "NgayThangNamSinh": "03/04/1985", "LoaiTaiKhoan": "2"})
    sysadmin = factories.SysadminWithToken(password=STRONG_PASSWORD)
    client = app.test_client()

    sso_login(client, mock_provider, "vneid-lan")
    sso_login(client, mock_provider, "vneid-lan", came_from="/user/le-thi-lan")
    pages = [client.get(url).get_data(as_text=True) for url in (
        "/user/le-thi-lan", "/user/edit", "/dashboard/datasets", "/api/3/action/user_show?id=le-thi-lan")]
    headers = {"Authorization": sysadmin["token"]}
    pages += [app.get(url, headers=headers).get_data(as_text=True) for url in (
        "/api/3/action/user_show?id=le-thi-lan&include_plugin_extras=true", "/api/3/action/user_list",
        "/api/3/action/huesso_pending_list", "/ckan-admin/config")]
    model.Session.remove()

    dump = database_dump()
    assert "le-thi-lan" in dump  # the dump really holds the user
    for secret in (ID_NUMBER, CLIENT_SECRET):
        assert secret not in dump
        assert secret not in caplog.text
        assert secret not in session_cookie(app, client)
        for html in pages:
            assert secret not in html
