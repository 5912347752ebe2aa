"""Who someone is to an agency: its staff (editors and admins), the Department (sysadmins), others."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import Context

from .. import config

STAFF_CAPACITIES = ("admin", "editor")


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


@dataclass(frozen=True)
class Viewer:
    """Who reads a report or a request, worked out once per call."""

    user: Optional[model.User]
    sysadmin: bool
    staff_orgs: frozenset[str]
    member_orgs: frozenset[str]

    def manages(self, org_id: Optional[str]) -> bool:
        """Sees everything and acts: the agency's editors and admins, or the Department."""
        return self.sysadmin or (bool(org_id) and org_id in self.staff_orgs)

    def reads_private(self, org_id: Optional[str]) -> bool:
        return self.sysadmin or (bool(org_id) and org_id in self.member_orgs)


def viewer_of(context: Context) -> Viewer:
    user = user_of(context)
    return Viewer(user=user, sysadmin=is_sysadmin(user), staff_orgs=frozenset(staff_org_ids(user)),
                  member_orgs=frozenset(member_org_ids(user)))


def user_of(context: Context) -> Optional[model.User]:
    """The signed-in user the action runs for, or None for an anonymous caller."""
    name = context.get("user")
    if not name:
        return None
    user = model.User.get(name)
    return user if user is not None and user.state == "active" else None


def is_sysadmin(user: Optional[model.User]) -> bool:
    return bool(user is not None and authz.is_sysadmin(user.name))


def org_ids_with(user: Optional[model.User], capacities: tuple[str, ...]) -> set[str]:
    """Organisations in which the user holds one of the capacities."""
    if user is None:
        return set()
    rows = (model.Session.query(model.Member.group_id)
            .join(model.Group, model.Group.id == model.Member.group_id)
            .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                    model.Member.state == "active", model.Member.capacity.in_(capacities),
                    model.Group.is_organization.is_(True), model.Group.state == "active"))
    return {row[0] for row in rows}


def staff_org_ids(user: Optional[model.User]) -> set[str]:
    return org_ids_with(user, STAFF_CAPACITIES)


def member_org_ids(user: Optional[model.User]) -> set[str]:
    return org_ids_with(user, ("admin", "editor", "member"))


def is_staff_of(user: Optional[model.User], org_id: Optional[str]) -> bool:
    """An editor or admin of the agency, or a sysadmin (the Department)."""
    if is_sysadmin(user):
        return True
    return bool(org_id) and org_id in staff_org_ids(user)


def is_admin_of(user: Optional[model.User], org_id: Optional[str]) -> bool:
    return bool(org_id) and org_id in org_ids_with(user, ("admin",))


def actor_role(user: Optional[model.User]) -> str:
    """How a change is shown in the public history: never the person's name."""
    if user is None:
        return "system"
    return "department" if is_sysadmin(user) else "agency"


def agency_recipients(org_id: Optional[str]) -> list[Recipient]:
    """The agency's active editors and admins that have an e-mail address."""
    if not org_id:
        return []
    rows = (model.Session.query(model.User)
            .join(model.Member, sa.and_(model.Member.table_id == model.User.id,
                                        model.Member.table_name == "user",
                                        model.Member.group_id == org_id, model.Member.state == "active",
                                        model.Member.capacity.in_(STAFF_CAPACITIES)))
            .filter(model.User.state == "active", model.User.email.isnot(None), model.User.email != "")
            .order_by(model.User.name))
    return [Recipient(user.display_name, user.email) for user in rows]


def department_recipients() -> list[Recipient]:
    """The Department's mailboxes when configured, else every active sysadmin with an address."""
    configured = config.department_emails()
    if configured:
        return [Recipient(tk._("Department of Science and Technology"), email) for email in configured]
    rows = (model.Session.query(model.User)
            .filter(model.User.sysadmin.is_(True), model.User.state == "active",
                    model.User.email.isnot(None), model.User.email != "")
            .order_by(model.User.name))
    return [Recipient(user.display_name, user.email) for user in rows]


def site_user_context() -> Context:
    """A context for the extension's own calls of other actions (jobs, notifications)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}  # type: ignore[return-value]
