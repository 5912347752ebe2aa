from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.huesso import authenticator, helpers
from ckanext.huesso.logic import action, api_token, auth, validators


@tk.blanket.config_declarations
@tk.blanket.blueprints
@tk.blanket.actions(action.get_actions)
@tk.blanket.auth_functions(auth.get_auth_functions)
@tk.blanket.validators(validators.get_validators)
class HuessoPlugin(p.SingletonPlugin, DefaultTranslation):
    """Wires ckanext-huesso into CKAN; the logic lives in the modules beside this one."""

    p.implements(p.IConfigurer)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.IApiToken, inherit=True)
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

    # IApiToken
    def create_api_token_schema(self, schema: Any) -> Any:
        return api_token.update_schema(schema)

    def postprocess_api_token(self, data: dict[str, Any], jti: str,
                              data_dict: dict[str, Any]) -> dict[str, Any]:
        return api_token.add_expiry(data, jti, data_dict)

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        return helpers.get_helpers()
