"""The people and things the security checks call actions about.

Roles (the matrix's columns, in this order): anonymous; an outsider (signed in, an editor of
another local body); a member, an editor and an admin of the body that owns the projects; a
forum editor (member of the editors' group, of no body); a sysadmin. Scopes: a public and a
private project of the owning body, each with contacts, a discussion, a question and its
answer, and a need the body's editor posted.

Makers used by action rows create fresh objects straight in the database (``fresh_*``), so
that rows whose action consumes them (delete, report, flag) and the abuse limits on the
actions themselves never get in the way of another call.
"""

from __future__ import annotations

import datetime
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import FileStorage

from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.logic import forum
from ckanext.digicanvis.model.accounts import MembershipRequest
from ckanext.digicanvis.model.collaboration import ContactRequest, VisitRequest

from tests import factories

ROLES = ("anonymous", "outsider", "member", "editor", "admin", "forum_editor", "sysadmin")
SCOPES = ("public", "private")
# Secrets of the private project and of people's requests: the leak sweep looks for them.
SECRET_CONTACT = {"name": "Jordi Secret", "role": "Tècnic", "email": "jordi.secret@girona.example.cat",
                  "phone": "972 555 111", "public": "no"}
PUBLIC_CONTACT = {"name": "Marta Puig", "role": "Cap TIC", "email": "marta.puig@girona.example.cat",
                  "phone": "972 000 000", "public": "yes"}


@dataclass
class World:
    users: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    tokens: dict[str, str | None] = field(default_factory=dict)
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    discussions: dict[str, str] = field(default_factory=dict)  # scope -> topic id
    answers: dict[str, str] = field(default_factory=dict)  # scope -> reply id in a question
    needs: dict[str, str] = field(default_factory=dict)  # scope -> a need the owning body's editor posted
    harvest_job: str = ""  # a job of a harvest source the owning body runs
    spreadsheet_import: str = ""  # an import a sysadmin started
    returned: str = ""  # a project returned with a comment (made by the leak sweep)

    def project(self, scope: str) -> str:
        return self.projects[scope]["name"]

    def user(self, role: str) -> model.User:
        return model.User.get(self.users[role]["name"])

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens[role]
        return {"Authorization": token} if token else {}

    # Fresh objects ---------------------------------------------------------------------

    def fresh_post(self, scope: str, role: str = "member") -> str:
        """A reply by ``role`` in the scope's project discussion, dated two hours ago: the
        matrix makes dozens, which must not use up the author's hourly posting limit."""
        topic = forum.get_topic(self.discussions[scope])
        post = forum.add_post(topic, self.user(role), "Una resposta.")
        post.created = post.created - datetime.timedelta(hours=2)
        model.Session.commit()
        return post.id

    def fresh_contact_request(self, scope: str, sender: str = "outsider") -> str:
        package = model.Package.get(self.project(scope))
        request = ContactRequest(package_id=package.id, organization_id=package.owner_org,
                                 sender_id=self.user(sender).id, message="Podem parlar del projecte?")
        model.Session.add(request)
        model.Session.commit()
        return request.id

    def fresh_visit(self, scope: str, accepted: bool = False) -> str:
        """A visit the outsider (for the other body) asked for; accepted yesterday if so."""
        package = model.Package.get(self.project(scope))
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        visit = VisitRequest(package_id=package.id, organization_id=package.owner_org,
                             requester_id=self.user("outsider").id, visiting_body_id=self.bodies["other"]["id"],
                             purpose="Veure com funciona.", proposed_dates=[yesterday], visitors=3,
                             status="accepted" if accepted else "requested", accepted_date=yesterday if accepted else None)
        model.Session.add(visit)
        model.Session.commit()
        return visit.id

    def fresh_user(self) -> str:
        return ckan_factories.User(email=f"{uuid.uuid4().hex[:10]}@example.cat")["name"]

    def own_account(self, role: str) -> dict[str, Any]:
        """The caller's account as user_update wants it, unchanged (anonymous: someone's)."""
        user = self.user(role) if self.users[role] else model.User.get(self.fresh_user())
        return {"id": user.id, "name": user.name, "email": user.email, "fullname": user.fullname or ""}

    def body_of(self, role: str) -> str:
        """The local body a role posts for: the outsider's own, the owning body for the rest."""
        return self.bodies["other" if role == "outsider" else "owner"]["name"]

    def fresh_body(self) -> str:
        """A local body nobody of the world belongs to, with no admin of its own."""
        return factories.local_body(name=f"ens-{uuid.uuid4().hex[:8]}", title=f"Consell {uuid.uuid4().hex[:6]}")["name"]

    def fresh_membership_request(self, by: str | None = None) -> str:
        """A request to join: by ``by`` (a role) to a fresh body, or by a fresh person to the
        owning body (whose admin decides)."""
        if by is None:
            user, body = model.User.get(self.fresh_user()), model.Group.get(self.bodies["owner"]["id"])
        else:
            user, body = self.user(by), model.Group.get(self.fresh_body())
        request = MembershipRequest(user_id=user.id, organization_id=body.id, message="Hi treballo.")
        model.Session.add(request)
        model.Session.commit()
        return request.id

    def fresh_draft(self, scope: str) -> str:
        """A draft of the owning body (drafts are private whatever the scope asks)."""
        name = f"esborrany-{scope}-{uuid.uuid4().hex[:8]}"
        helpers.call_action("package_create", {"user": self.users["editor"]["name"], "ignore_auth": False},
                            **factories.full_project(self.bodies["owner"]["id"], name=name, state="draft", contacts=[]))
        return name

    def fresh_project(self, state: str) -> str:
        """A finished project of the owning body in a publication state (issue 16): ``draft``,
        ``in_review`` or ``returned`` (not public), made by a sysadmin, who may name it."""
        name = f"projecte-{state.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
        factories.project_of(self.bodies["owner"], name, publication_state=state)
        return name

    def project_update(self, scope: str) -> dict[str, Any]:
        """The scope's project as package_update wants it: the whole record, unchanged."""
        shown = helpers.call_action("package_show", {"user": self.users["sysadmin"]["name"]}, id=self.project(scope))
        return {key: value for key, value in shown.items() if key not in ("publication_state", "freshness")}

    def new_project(self, scope: str) -> dict[str, Any]:
        """A project of the owning body for package_create; the private scope asks for a private one."""
        return factories.full_project(self.bodies["owner"]["id"], name=f"nou-{uuid.uuid4().hex[:8]}",
                                      private=scope == "private", contacts=[])

    def blocked_user(self) -> str:
        name = self.fresh_user()
        helpers.call_action("contact_sender_block", {"user": self.users["sysadmin"]["name"]}, user=name, reason="Brossa")
        return name


def person(**fields: Any) -> dict[str, Any]:
    return ckan_factories.User(email=f"{uuid.uuid4().hex[:10]}@example.cat", image_url="", **fields)


def member_of(body: dict[str, Any], role: str) -> dict[str, Any]:
    user = person()
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=body["id"], username=user["name"], role=role)
    return user


def build_world() -> World:
    world = World()
    owner, other = factories.body_at("girona"), factories.body_at("tremp")
    world.bodies = {"owner": owner, "other": other}
    world.users = {
        "anonymous": None,
        "outsider": member_of(other, "editor"),
        "member": member_of(owner, "member"),
        "editor": member_of(owner, "editor"),
        "admin": member_of(owner, "admin"),
        "forum_editor": factories.forum_editor(person()),
        "sysadmin": ckan_factories.Sysadmin(image_url=""),
    }
    world.tokens = {role: helpers.call_action("api_token_create", user=user["name"], name="security")["token"] if user else None
                    for role, user in world.users.items()}
    editor = world.users["editor"]["name"]
    for scope in SCOPES:
        name = f"xatbot-{scope}"
        world.projects[scope] = factories.project_of(
            owner, name, title=f"Xatbot {scope}", private=scope == "private", contacts=[PUBLIC_CONTACT, SECRET_CONTACT],
            notes=f"Projecte {scope} de Girona.")
        opening = helpers.call_action("forum_post_create", {"user": editor}, project=name, body=f"Discussió {scope}.")
        world.discussions[scope] = opening["topic_id"]
        question = helpers.call_action("forum_topic_create", {"user": editor}, category="general", kind="question",
                                       title=f"Pregunta {scope}", body="Com ho vau fer?", projects=[name])
        answer = helpers.call_action("forum_post_create", {"user": world.users["member"]["name"]},
                                     topic_id=question["id"], body="Així.")
        world.answers[scope] = answer["id"]
        need = helpers.call_action("need_create", {"user": editor, "ignore_auth": False}, body=owner["name"],
                                   area="citizen_attention", title=f"Necessitat {scope}",
                                   description="Busquem un xatbot per atendre la ciutadania.")
        world.needs[scope] = need["id"]
    world.harvest_job = harvest_job(owner, world.users["sysadmin"]["name"])
    world.spreadsheet_import = helpers.call_action(
        "digicanvis_spreadsheet_import", {"user": world.users["sysadmin"]["name"]}, dry_run=True,
        upload=FileStorage(io.BytesIO(b"name,title\n"), filename="projectes.csv"))["id"]
    return world


def harvest_job(body: dict[str, Any], sysadmin: str) -> str:
    """A new (never run) job of an IPS-X source the body runs: its admins and sysadmins see it."""
    context = {"user": sysadmin}
    source = helpers.call_action("harvest_source_create", context, name="font-girona", title="Font de Girona",
                                 url="http://127.0.0.1:9/ipsx.csv", source_type="ipsx", frequency="MANUAL",
                                 owner_org=body["id"])
    return helpers.call_action("harvest_job_create", context, source_id=source["id"], run=False)["id"]
