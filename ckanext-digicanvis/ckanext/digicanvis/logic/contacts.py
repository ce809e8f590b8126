"""Who may see a project's contact persons, and how they are stored.

- Members of the owning local body and sysadmins see every contact with email and phone.
- Everyone else sees only the contacts marked public, by name and role.
- Internal reads (``ignore_auth``: search indexing, activity stream, harvest) always get the
  public view, so personal data never leaves the contact table through them; reads made to
  write the record back (``for_update``: patch, resource changes) get everything so an
  update does not drop contacts, but only for callers who may update the project:
  ``package_revise`` sets ``for_update`` and compares its ``match`` before it checks who
  calls, so the flag alone would confirm a guessed address to any reader.
"""

from __future__ import annotations

import json
from typing import Any

from ckan import authz, model
from ckan.types import Context

from ckanext.digicanvis.logic.fields import json_list
from ckanext.digicanvis.model import ProjectContact

FIELD = "contacts"
PUBLIC_KEYS = ("name", "role")


def as_list(value: Any) -> list[dict[str, Any]]:
    """Contacts as validated data (a list) or as CKAN stored them (a JSON string)."""
    return [dict(item) for item in json_list(value)]


def replace_contacts(package_id: str, contacts: list[dict[str, Any]]) -> None:
    """Store the project's contacts, replacing the previous ones (in the caller's transaction)."""
    session = model.Session
    session.query(ProjectContact).filter_by(package_id=package_id).delete()
    for position, contact in enumerate(contacts):
        session.add(
            ProjectContact(
                package_id=package_id,
                position=position,
                name=contact.get("name") or "",
                role=contact.get("role") or None,
                email=contact.get("email") or None,
                phone=contact.get("phone") or None,
                public=contact.get("public") == "yes",
            )
        )


def move_out_of_extras(package_id: str) -> None:
    """After a create or update: the contacts CKAN saved in the extras go to their table."""
    package = model.Package.get(package_id)
    if package is None:
        return
    extras = dict(package.extras or {})
    contacts = as_list(extras.pop(FIELD, None))
    replace_contacts(package_id, contacts)
    package.extras = extras
    model.Session.flush()


def stored_contacts(package_id: str) -> list[dict[str, Any]]:
    rows = (
        model.Session.query(ProjectContact)
        .filter_by(package_id=package_id)
        .order_by(ProjectContact.position)
    )
    return [row.as_dict() for row in rows]


def public_view(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Public contacts' name and role. Keeps ``public: yes`` so that a public view filtered
    again (the indexer filters what package_show already filtered) stays the same."""
    return [
        {**{key: contact.get(key, "") for key in PUBLIC_KEYS}, "public": "yes"}
        for contact in contacts
        if contact.get("public") == "yes"
    ]


def may_see_private(context: Context, pkg_dict: dict[str, Any]) -> bool:
    if context.get("for_update") and (context.get("ignore_auth") or may_update(context, pkg_dict)):
        return True
    if context.get("ignore_auth"):
        return False
    user = context.get("user")
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    owner = pkg_dict.get("owner_org")
    return bool(owner) and authz.users_role_for_group_or_org(owner, user) is not None


def may_update(context: Context, pkg_dict: dict[str, Any]) -> bool:
    """Whether the caller may change the project (a fresh context: auth functions cache the
    package in the one they get)."""
    user = context.get("user")
    if not user:
        return False
    check = {"user": user, "auth_user_obj": context.get("auth_user_obj"), "model": model}
    return bool(authz.is_authorized("package_update", check, {"id": pkg_dict["id"]})["success"])


def contacts_for(context: Context, pkg_dict: dict[str, Any]) -> list[dict[str, Any]]:
    contacts = stored_contacts(pkg_dict["id"])
    return contacts if may_see_private(context, pkg_dict) else public_view(contacts)


def strip_from_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Defence in depth: whatever reached the indexer, only the public view is stored."""
    pkg_dict.pop(FIELD, None)
    for stored in ("data_dict", "validated_data_dict"):
        if pkg_dict.get(stored):
            data = json.loads(pkg_dict[stored])
            if FIELD in data:
                data[FIELD] = public_view(as_list(data[FIELD]))
            pkg_dict[stored] = json.dumps(data)
    return pkg_dict


def public_names(shown: dict[str, Any]) -> list[str]:
    """Names of the public contacts of a project as shown (or as stored in the index)."""
    return [contact["name"] for contact in public_view(as_list(shown.get(FIELD)))]
