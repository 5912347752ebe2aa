"""Where staff find what waits for them: the agency's feedback tab and the dashboard tab."""
from __future__ import annotations

import pytest

from ckanext.huefeedback.tests.conftest import PLUGINS, call


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestInbox:
    def test_dashboard_and_agency_tab_list_open_feedback_for_staff_only(self, app, city):
        with app.flask_app.test_request_context():
            call("huefeedback_report_create", "citizen", package_id="quan-trac-nuoc", category="broken_link",
                 description="Tệp nuoc.csv không tải được")
            call("huefeedback_request_create", "citizen", title="Danh sách giếng khoan", description="Vị trí, độ sâu",
                 purpose="Quy hoạch", organization="so-tnmt")
            call("huefeedback_request_create", "citizen", title="Lịch thu gom rác", description="Theo phường",
                 purpose="Ứng dụng nhắc lịch")
        editor = app.get("/dashboard/phan-hoi", extra_environ={"REMOTE_USER": "a-editor"}).get_data(as_text=True)
        assert "Quan trắc nước" in editor and "Danh sách giếng khoan" in editor and "Lịch thu gom rác" not in editor
        other = app.get("/dashboard/phan-hoi", extra_environ={"REMOTE_USER": "b-editor"}).get_data(as_text=True)
        assert "Quan trắc nước" not in other and "Danh sách giếng khoan" not in other
        department = app.get("/dashboard/phan-hoi", extra_environ={"REMOTE_USER": "dst-admin"}).get_data(as_text=True)
        assert "Yêu cầu cần chuyển cơ quan" in department and "Lịch thu gom rác" in department
        tab = app.get("/organization/so-tnmt/phan-hoi", extra_environ={"REMOTE_USER": "a-admin"}).get_data(as_text=True)
        assert "Danh sách giếng khoan" in tab and "Tệp nuoc.csv không tải được" in tab
        app.get("/organization/so-tnmt/phan-hoi", extra_environ={"REMOTE_USER": "a-member"}, status=403)
        app.get("/organization/so-tnmt/phan-hoi", status=403)
        page = app.get("/organization/so-tnmt", extra_environ={"REMOTE_USER": "a-editor"}).get_data(as_text=True)
        assert "Phản hồi (2)" in page
        assert "Phản hồi" not in app.get("/organization/so-tnmt").get_data(as_text=True).split("Nhu cầu dữ liệu")[-1][:500]
