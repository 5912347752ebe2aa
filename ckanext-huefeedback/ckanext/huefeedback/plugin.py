from __future__ import annotations

from types import ModuleType
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckan.types import CKANApp

from . import cli, helpers
from .annual import views as annual_views
from .annual.logic import action as annual_action
from .annual.logic import auth as annual_auth
from .datarequests import views as request_views
from .datarequests.logic import action as request_action
from .datarequests.logic import auth as request_auth
from .demand import counting
from .demand import views as demand_views
from .demand.logic import action as demand_action
from .demand.logic import auth as demand_auth
from .destruction import views as destruction_views
from .destruction.logic import action as destruction_action
from .destruction.logic import auth as destruction_auth
from .inbox import views as inbox_views
from .reports import quality
from .reports import views as report_views
from .reports.logic import action as report_action
from .reports.logic import auth as report_auth
from .shared import forms, validators

ACTION_MODULES = (report_action, request_action, demand_action, annual_action, destruction_action)
AUTH_MODULES = (report_auth, request_auth, demand_auth, annual_auth, destruction_auth)


def _prefixed(modules: tuple[ModuleType, ...]) -> dict[str, Any]:
    """Every public ``huefeedback_*`` function of the modules: no hand-kept list of names."""
    return {name: value for module in modules for name, value in vars(module).items()
            if name.startswith("huefeedback_") and callable(value)}


@tk.blanket.config_declarations
@tk.blanket.actions(lambda: {**_prefixed(ACTION_MODULES), **forms.get_actions()})
@tk.blanket.auth_functions(lambda: {**_prefixed(AUTH_MODULES), **forms.get_auth_functions()})
@tk.blanket.validators(validators.get_validators)
@tk.blanket.helpers(helpers.get_helpers)
@tk.blanket.blueprints(lambda: [report_views.huefeedback_reports, request_views.huefeedback_requests,
                                demand_views.huefeedback_demand, inbox_views.huefeedback_inbox,
                                annual_views.huefeedback_annual, destruction_views.huefeedback_destruction])
@tk.blanket.cli(cli.get_commands)
class HuefeedbackPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huefeedback into CKAN: error reports (reports/), data requests (datarequests/),
    demand (demand/), the annual agency report (annual/) and destruction with a log (destruction/)."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IMiddleware, inherit=True)
    if quality.IQualityDimension is not None:
        p.implements(quality.IQualityDimension, inherit=True)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # IMiddleware: demand counting after each response (the counting itself lives in demand/)
    def make_middleware(self, app: CKANApp, config: CKANConfig) -> CKANApp:
        app.after_request(counting.count_response)
        return app

    # IQualityDimension (ckanext-huequality): open wrong-value reports lower accuracy
    def quality_adjustments(self, dataset: dict[str, Any]) -> list[Any]:
        return quality.quality_adjustments(dataset)
