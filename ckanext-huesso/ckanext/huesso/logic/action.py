"""Actions of ckanext-huesso, and the chained user actions that keep the password history."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from ckanext.huesso import config
from ckanext.huesso.identity import hash_id_number
from ckanext.huesso.logic import schema
from ckanext.huesso.logic.password import record_change
from ckanext.huesso.model import Identity


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


@tk.validate(schema.identity_link_schema)
def huesso_identity_link(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Link an existing local user to an SSO person, once (sysadmins only).

    :param user: id or name of the local user
    :param id_number: the person's ID number (only its HMAC is stored), or
    :param subject: the person's ``sub`` at the configured issuer
    :returns: ``{"user": <name>, "linked": true}`` — never the number or its hash
    """
    tk.check_access("huesso_identity_link", context, data_dict)
    id_number, subject = data_dict.get("id_number"), data_dict.get("subject")
    if not id_number and not subject:
        raise tk.ValidationError({"id_number": [tk._("Give the person's ID number or SSO subject.")]})
    user = model.User.get(data_dict["user"])
    assert user is not None  # the schema checked it exists
    if Identity.for_user(user.id) is not None:
        raise tk.ValidationError({"user": [tk._("This user is already linked to an SSO identity.")]})
    id_hash = hash_id_number(id_number, config.id_hmac_secret()) if id_number else None
    if Identity.find(config.issuer(), subject or "", id_hash) is not None:
        raise tk.ValidationError({"id_number": [tk._("This person is already linked to another user.")]})
    model.Session.add(Identity(issuer=config.issuer(), subject=subject or None, id_hash=id_hash,
                               user_id=user.id, approval="none"))
    _commit(context)
    return {"user": user.name, "linked": True}


@tk.side_effect_free
@tk.validate(schema.pending_list_schema)
def huesso_pending_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """SSO users whose login carried no agency claim, waiting for a sysadmin (sysadmins only)."""
    tk.check_access("huesso_pending_list", context, data_dict)
    rows = (model.Session.query(Identity, model.User).join(model.User, model.User.id == Identity.user_id)
            .filter(Identity.approval == "pending").order_by(Identity.last_login.desc()).all())
    return [{"user": user.name, "fullname": user.fullname,
             "last_login": row.last_login.isoformat() if row.last_login else None} for row, user in rows]


@tk.validate(schema.approve_schema)
def huesso_approve(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Give a waiting SSO user a role in an organisation (sysadmins only).

    :param user: id or name; :param organization: id or name; :param role: member, editor or admin
    """
    tk.check_access("huesso_approve", context, data_dict)
    user = model.User.get(data_dict["user"])
    row = Identity.for_user(user.id) if user else None
    if row is None:
        raise tk.ValidationError({"user": [tk._("This user never signed in through the city SSO.")]})
    tk.get_action("organization_member_create")(
        {"user": context["user"], "defer_commit": True},
        {"id": data_dict["organization"], "username": user.name, "role": data_dict["role"]})
    row.approval = "approved"
    _commit(context)
    return {"user": user.name, "organization": data_dict["organization"], "role": data_dict["role"]}


@tk.chained_action
def user_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    result = up_func(context, data_dict)
    user = model.User.get(result["id"])
    if user is not None and user.password:
        record_change(user)
        _commit(context)
    return result


def _email_optional_for_sso_users(context: Context, data_dict: DataDict, user: model.User | None) -> None:
    """VNeID gives no email: an SSO user needs one only to receive notifications."""
    if user is None or data_dict.get("email") or Identity.for_user(user.id) is None:
        return
    if tk.asbool(data_dict.get("activity_streams_email_notifications")):
        raise tk.ValidationError({"email": [tk._("An email address is needed to receive notifications.")]})
    from ckan.logic.schema import default_update_user_schema
    schema = dict(context.get("schema") or default_update_user_schema())
    schema["email"] = [tk.get_validator("ignore_empty"), tk.get_validator("unicode_safe")]
    context["schema"] = schema
    data_dict["email"] = ""  # core's duplicate-email guard reads the key; the schema then drops it


@tk.chained_action
def user_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    before = model.User.get(data_dict.get("id") or "")
    old_hash = before.password if before else None
    _email_optional_for_sso_users(context, data_dict, before)
    result = up_func(context, data_dict)
    user = model.User.get(result["id"])
    if user is not None and user.password and user.password != old_hash:
        record_change(user)
        _commit(context)
    return result


def get_actions() -> dict[str, Any]:
    return {
        "huesso_identity_link": huesso_identity_link,
        "huesso_pending_list": huesso_pending_list,
        "huesso_approve": huesso_approve,
        "user_create": user_create,
        "user_update": user_update,
    }
