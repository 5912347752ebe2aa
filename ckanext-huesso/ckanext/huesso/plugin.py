from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.huesso import authenticator, helpers
from ckanext.huesso.logic import action, auth, validators


@tk.blanket.config_declarations
@tk.blanket.blueprints
@tk.blanket.actions(action.get_actions)
@tk.blanket.auth_functions(auth.get_auth_functions)
@tk.blanket.validators(validators.get_validators)
class HuessoPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huesso into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.ITemplateHelpers)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")

    # IAuthenticator
    def identify(self) -> Any:
        return authenticator.expired_password_redirect()

    def login(self) -> Any:
        return authenticator.local_login_refusal()

    def logout(self) -> Any:
        return authenticator.sso_logout()

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        return helpers.get_helpers()
