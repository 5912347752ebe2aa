"""What a successful SSO sign-in does on the portal: find or create the one user of this person,
refresh the profile, record the level of assurance, and apply the agency's organisation role.

Called from the callback view (never from a plugin hook); commits its own transaction.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets

from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.huesso import config
from ckanext.huesso.identity import SsoIdentity, username_base
from ckanext.huesso.model import Identity
from ckanext.huesso.oidc.errors import SsoError

log = logging.getLogger(__name__)
_ROLE_RANK = {"member": 1, "editor": 2, "admin": 3}


def _site_context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def _unique_name(full_name: str) -> str:
    base = username_base(full_name)
    name = base
    while model.User.by_name(name) is not None:
        name = f"{base}-{secrets.token_hex(3)}"
    return name


def _create_user(identity: SsoIdentity) -> model.User:
    # Created through the model, not user_create: VNeID gives no email and the form's schema needs one.
    email = identity.email if identity.email and not model.User.by_email(identity.email) else None
    user = model.User(
        name=_unique_name(identity.full_name),
        fullname=identity.full_name or None,
        email=email,
        password=secrets.token_urlsafe(48),  # never told to anyone: SSO users sign in through the SSO
    )
    user.state = model.State.ACTIVE
    model.Session.add(user)
    model.Session.flush()
    log.info("SSO created user %s", user.name)
    return user


def _refresh_profile(user: model.User, identity: SsoIdentity) -> None:
    if identity.full_name and user.fullname != identity.full_name:
        user.fullname = identity.full_name
    if identity.email and user.email != identity.email:
        other = model.User.by_email(identity.email)
        if not other or other.id == user.id:
            user.email = identity.email


def find_organization(agency_code: str) -> model.Group | None:
    """The active organisation whose ``agency_code`` extra is the code, else the configured mapping."""
    org = (model.Session.query(model.Group)
           .join(model.GroupExtra, model.GroupExtra.group_id == model.Group.id)
           .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                   model.GroupExtra.key == "agency_code", model.GroupExtra.value == agency_code,
                   model.GroupExtra.state == "active")
           .first())
    if org is None and agency_code in config.agency_map():
        org = model.Group.get(config.agency_map()[agency_code])
        if org is not None and (not org.is_organization or org.state != "active"):
            org = None
    return org


def apply_agency_role(row: Identity, user: model.User) -> None:
    """Membership from the agency claim, at each login; without a claim the user waits for a sysadmin."""
    org = find_organization(row.agency_code) if row.agency_code else None
    context = _site_context()
    if row.granted_org_id and (org is None or org.id != row.granted_org_id):
        # The person left the agency that gave the membership: take back what SSO granted.
        try:
            tk.get_action("organization_member_delete")(
                dict(context), {"id": row.granted_org_id, "username": user.id})
        except tk.ObjectNotFound:
            pass
        row.granted_org_id = None
    if org is None:
        if row.approval not in ("approved",):
            row.approval = "pending"
        return
    role = config.agency_role()
    current = authz.users_role_for_group_or_org(org.id, user.name)
    if _ROLE_RANK.get(current or "", 0) < _ROLE_RANK.get(role, 0):
        # The claim grants at least its role; a higher one a sysadmin gave by hand is kept.
        tk.get_action("organization_member_create")(
            dict(context), {"id": org.id, "username": user.name, "role": role})
    row.granted_org_id = org.id
    row.approval = "claim"


def complete_login(identity: SsoIdentity) -> model.User:
    """The CKAN user of this person (created at the first login), profile and roles brought up to date."""
    try:
        return _complete_login(identity)
    except IntegrityError:
        # The same person's first login in two tabs at once: the other one created the identity.
        model.Session.rollback()
        return _complete_login(identity)


def _complete_login(identity: SsoIdentity) -> model.User:
    row = Identity.find(identity.issuer, identity.subject, identity.id_hash)
    if row is None:
        user = _create_user(identity)
        row = Identity(issuer=identity.issuer, subject=identity.subject, id_hash=identity.id_hash,
                       user_id=user.id, approval="none")
        model.Session.add(row)
    else:
        user = model.User.get(row.user_id)
        if user is None:
            raise SsoError("account_disabled")
        if row.subject is None or row.issuer != identity.issuer:
            # First login of an identity a sysadmin linked by ID number.
            row.issuer, row.subject = identity.issuer, identity.subject
        if row.id_hash is None and identity.id_hash:
            row.id_hash = identity.id_hash
        _refresh_profile(user, identity)
    if user.state != model.State.ACTIVE:
        model.Session.rollback()
        raise SsoError("account_disabled")
    row.agency_code = identity.agency_code
    row.last_loa = identity.loa
    row.last_login = dt.datetime.now(dt.timezone.utc)
    model.Session.flush()
    apply_agency_role(row, user)
    model.Session.commit()
    return user


def last_loa(user_id: str) -> int | None:
    """The level of assurance of the user's last SSO login, or None for a user who never used SSO."""
    row = Identity.for_user(user_id)
    return None if row is None else row.last_loa
