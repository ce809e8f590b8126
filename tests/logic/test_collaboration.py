"""Contact the team, request a visit, replicate or collaborate: through the API and a local
SMTP sink, and what anonymous readers can (not) learn."""

from __future__ import annotations

import datetime
import json

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.model.collaboration import CollaborationInterest, ContactRequest, VisitRequest

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

CONTACTS = [
    {"name": "Marta Puig", "role": "Cap TIC", "email": "marta.puig@girona.example.cat", "phone": "+34 972 000 000", "public": "yes"},
    {"name": "Jordi Soler", "role": "Tècnic", "email": "", "phone": "", "public": "no"},
]


@pytest.fixture
def world():
    """Girona owns a project (with a contact); a user of Tremp's council writes to it."""
    girona = factories.body_at("girona", ine_code="17079")
    tremp = factories.body_at("tremp", ine_code="25234")
    project = factories.project_of(girona, "xatbot-girona", title="Xatbot de Girona", contacts=CONTACTS)
    visitor = ckan_factories.User(name="laia", fullname="Laia Roca", email="laia@tremp.example.cat")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=tremp["id"], username="laia", role="editor")
    host = ckan_factories.User(name="host", fullname="Host Girona", email="host@girona.example.cat")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=girona["id"], username="host", role="admin")
    return {"girona": girona, "tremp": tremp, "project": project, "visitor": visitor, "host": host}


def as_user(action, user, /, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


def future(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def test_contact_is_relayed_with_the_senders_address_and_never_shows_the_contacts(world, smtp_sink, run_jobs):
    sent = as_user("contact_request_create", world["visitor"], project="xatbot-girona",
                   message="Hola! Quant us va costar el xatbot?")
    run_jobs()

    (message,) = smtp_sink
    assert message["To"].addresses[0].addr_spec == "marta.puig@girona.example.cat"
    assert message["Reply-To"] == "laia@tremp.example.cat"
    text = message.get_content()
    assert "Laia Roca (laia@tremp.example.cat)" in text and "Quant us va costar el xatbot?" in text

    mine = as_user("contact_request_list", world["visitor"], scope="sent")
    assert [r["status"] for r in mine] == ["sent"]
    everything_the_sender_sees = json.dumps([sent, mine])
    assert "marta.puig" not in everything_the_sender_sees and "972" not in everything_the_sender_sees

    received = as_user("contact_request_list", world["host"], scope="received")
    assert received[0]["sender"]["email"] == "laia@tremp.example.cat"
    assert received[0]["message"] == "Hola! Quant us va costar el xatbot?"


def test_without_contact_emails_the_bodys_admins_receive_it(world, smtp_sink, run_jobs):
    helpers.call_action("package_patch", {"user": ckan_factories.Sysadmin()["name"]}, id="xatbot-girona",
                        contacts=[CONTACTS[1]])

    as_user("contact_request_create", world["visitor"], project="xatbot-girona", message="Hi ha algú?")
    run_jobs()

    assert [m["To"].addresses[0].addr_spec for m in smtp_sink] == ["host@girona.example.cat"]


def test_request_statuses_and_deletion(world):
    request = as_user("contact_request_create", world["visitor"], project="xatbot-girona", message="Hola")

    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("contact_request_update", {"user": "laia"}, id=request["id"], status="answered")
    as_user("contact_request_update", world["host"], id=request["id"], status="answered")
    assert as_user("contact_request_list", world["visitor"])[0]["status"] == "answered"

    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("contact_request_delete", {"user": "host"}, id=request["id"])
    as_user("contact_request_delete", world["visitor"], id=request["id"])
    assert model.Session.query(ContactRequest).count() == 0


def test_bodies_see_only_requests_to_their_own_projects(world):
    as_user("contact_request_create", world["visitor"], project="xatbot-girona", message="Hola")
    stranger = ckan_factories.User()
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=world["tremp"]["id"],
                        username=stranger["name"], role="admin")

    assert as_user("contact_request_list", stranger, scope="received") == []
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("contact_request_list", {"user": ""})


def test_a_visit_goes_through_accept_and_report_and_the_report_shows_on_the_project(world, smtp_sink, run_jobs, app, freezer):
    visit = as_user("visit_request_create", world["visitor"], project="xatbot-girona", purpose="Veure el xatbot en marxa",
                    dates=[future(10), future(12)], visitors=3)
    assert (visit["status"], visit["visiting_body"]["title"]) == ("requested", "Ajuntament de Tremp")
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("visit_request_update", {"user": "laia"}, id=visit["id"], status="accepted")

    accepted = as_user("visit_request_update", world["host"], id=visit["id"], status="accepted", date=future(12),
                       message="Us esperem a les 10 h.")
    assert accepted["accepted_date"] == future(12)
    with pytest.raises(tk.ValidationError):  # not yet visited
        as_user("visit_report_create", world["visitor"], visit_id=visit["id"], body="Massa aviat.")

    freezer.move_to(future(13))
    report = as_user("visit_report_create", world["visitor"], visit_id=visit["id"], body="Molt útil: copiarem el flux de derivació.")
    run_jobs()

    shown = as_user("visit_report_list", None, project="xatbot-girona")
    assert shown["visited_by"] == 1 and shown["reports"][0]["id"] == report["id"]
    page = app.get("/project/xatbot-girona").body
    assert "copiarem el flux de derivació" in page and "Ajuntament de Tremp" in page
    recipients = sorted(m["To"].addresses[0].addr_spec for m in smtp_sink)
    assert recipients == ["laia@tremp.example.cat", "marta.puig@girona.example.cat"]  # asked; answered


def test_the_host_may_propose_other_dates_or_decline(world):
    visit = as_user("visit_request_create", world["visitor"], project="xatbot-girona", purpose="Visita",
                    dates=[future(5)], visitors=2)

    other = as_user("visit_request_update", world["host"], id=visit["id"], status="other_dates", dates=[future(20)])
    assert other["host_dates"] == [future(20)]
    with pytest.raises(tk.ValidationError):
        as_user("visit_request_update", world["host"], id=visit["id"], status="accepted", date=future(7))
    declined = as_user("visit_request_update", world["host"], id=visit["id"], status="declined")
    assert declined["status"] == "declined"


def test_interest_is_counted_once_per_body_and_listed_only_when_public(world):
    as_user("collaboration_interest_create", world["visitor"], project="xatbot-girona", kind="replicate", public=True)
    with pytest.raises(tk.ValidationError):
        as_user("collaboration_interest_create", world["visitor"], project="xatbot-girona", kind="replicate")
    colleague = ckan_factories.User()
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=world["tremp"]["id"],
                        username=colleague["name"], role="member")
    with pytest.raises(tk.ValidationError):  # same body, same kind
        as_user("collaboration_interest_create", colleague, project="xatbot-girona", kind="replicate")
    as_user("collaboration_interest_create", colleague, project="xatbot-girona", kind="collaborate", public=False)

    listed = as_user("collaboration_interest_list", None, project="xatbot-girona")
    assert listed["replicate"] == {"count": 1, "bodies": [{"name": "ajuntament-de-tremp", "title": "Ajuntament de Tremp"}]}
    assert listed["collaborate"] == {"count": 1, "bodies": []}
    assert model.Session.query(CollaborationInterest).count() == 2


def test_a_body_is_named_only_when_it_opts_in(world, app):
    """Without ``public`` the interest is counted but the body is not named (issue 10, defect 8)."""
    as_user("collaboration_interest_create", world["visitor"], project="xatbot-girona", kind="replicate")

    listed = as_user("collaboration_interest_list", None, project="xatbot-girona")
    assert listed["replicate"] == {"count": 1, "bodies": []}
    token = helpers.call_action("api_token_create", user="laia", name="t")["token"]
    page = app.get("/project/xatbot-girona", headers={"Authorization": token}).body
    assert '<input type="checkbox" name="public" value="1">' in page  # the form asks, unticked


def test_only_members_of_a_local_body_show_interest(world):
    loner = ckan_factories.User()
    with pytest.raises(tk.ValidationError):
        as_user("collaboration_interest_create", loner, project="xatbot-girona", kind="collaborate")
    with pytest.raises(tk.ValidationError):  # its own project
        as_user("collaboration_interest_create", world["host"], project="xatbot-girona", kind="collaborate")


def test_anonymous_reads_reveal_no_personal_data(world, app):
    as_user("contact_request_create", world["visitor"], project="xatbot-girona", message="Missatge privat 4321")
    visit = as_user("visit_request_create", world["visitor"], project="xatbot-girona", purpose="Propòsit privat",
                    dates=[future(3)], visitors=2)
    as_user("collaboration_interest_create", world["visitor"], project="xatbot-girona", kind="replicate")

    public = [
        app.get("/api/3/action/visit_report_list?project=xatbot-girona").body,
        app.get("/api/3/action/collaboration_interest_list?project=xatbot-girona").body,
        app.get("/api/3/action/package_show?id=xatbot-girona").body,
        app.get("/api/3/action/package_search?q=*:*").body,
        app.get("/project/xatbot-girona").body,
        app.get("/project/activity/xatbot-girona").body,
    ]
    for text in public:
        for secret in ("laia@", "marta.puig@", "972 000 000", "Missatge privat 4321", "Propòsit privat"):
            assert secret not in text
    for action, data in (("contact_request_list", {}), ("visit_request_list", {})):
        app.get(f"/api/3/action/{action}", status=403)
    app.post("/api/3/action/visit_request_update", json={"id": visit["id"], "status": "accepted"}, status=403)


@pytest.mark.parametrize(("action", "data", "field"), [
    ("contact_request_create", {"project": "no-existeix", "message": "Hola"}, "project"),
    ("contact_request_create", {"project": "xatbot-girona", "message": "  "}, "message"),
    ("contact_request_create", {"project": "xatbot-girona", "message": "x" * 5001}, "message"),
    ("contact_request_create", {"project": "xatbot-girona", "message": "Hola", "website": "http://spam"}, "message"),
    ("visit_request_create", {"project": "xatbot-girona", "purpose": "Visita", "dates": ["2020-01-01"], "visitors": 2}, "dates"),
    ("visit_request_create", {"project": "xatbot-girona", "purpose": "Visita", "dates": ["demà"], "visitors": 2}, "dates"),
    ("visit_request_create", {"project": "xatbot-girona", "purpose": "Visita", "dates": [future(3)], "visitors": 0}, "visitors"),
    ("visit_request_create", {"project": "xatbot-girona", "purpose": "Visita", "dates": [future(3)], "visitors": 5000}, "visitors"),
    ("collaboration_interest_create", {"project": "xatbot-girona", "kind": "copy"}, "kind"),
])
def test_bad_input_is_refused_and_nothing_is_stored_or_sent(world, smtp_sink, run_jobs, action, data, field):
    with pytest.raises(tk.ValidationError) as error:
        as_user(action, world["visitor"], **data)

    assert field in error.value.error_dict
    run_jobs()
    assert smtp_sink == []
    assert model.Session.query(ContactRequest).count() == model.Session.query(VisitRequest).count() == 0


def test_rate_limit_per_user_and_blocked_senders(world, ckan_config):
    ckan_config["ckanext.digicanvis.contact.per_user_per_day"] = 2
    for n in range(2):
        as_user("contact_request_create", world["visitor"], project="xatbot-girona", message=f"Missatge {n}")
    with pytest.raises(tk.ValidationError):
        as_user("contact_request_create", world["visitor"], project="xatbot-girona", message="Un de massa")

    editor = factories.forum_editor()
    spammer = ckan_factories.User(email="spam@example.com")
    with pytest.raises(tk.NotAuthorized):
        helpers.call_auth("contact_sender_block", {"user": world["host"]["name"]}, user=spammer["name"], reason="x")
    as_user("contact_sender_block", editor, user=spammer["name"], reason="Correu brossa")
    with pytest.raises(tk.ValidationError) as error:
        as_user("contact_request_create", spammer, project="xatbot-girona", message="Compra!")
    assert "blocked" in str(error.value.error_dict)


def test_replicated_from_shows_the_lineage_on_both_pages(world, app):
    replica = factories.project_of(world["tremp"], "xatbot-tremp", title="Xatbot de Tremp", replicated_from="xatbot-girona",
                                   start_year="2023")

    assert replica["replicated_from"] == "xatbot-girona"
    assert "Xatbot de Girona" in app.get("/project/xatbot-tremp").body
    assert "Ajuntament de Tremp" in app.get("/project/xatbot-girona").body
    spread = app.get("/project/xatbot-girona/spread").body
    assert "xatbot-tremp" in spread and 'data-module="digicanvis-map"' in spread
    with pytest.raises(tk.ValidationError):
        factories.project_of(world["tremp"], "xatbot-2", replicated_from="no-existeix")


def test_replicated_from_does_not_tell_whether_a_private_project_exists(world):
    """An editor naming a private project of another body gets the answer an unknown name gets
    (issue 10, defect 8)."""
    factories.project_of(world["girona"], "pla-intern-girona", private=True)
    editor = factories.editor_of(world["tremp"]["id"])

    answers = []
    for name in ("pla-intern-girona", "no-existeix"):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action("package_create", {"user": editor["name"], "ignore_auth": False},
                                **factories.full_project(world["tremp"]["id"], name=f"copia-{name}", contacts=[],
                                                         replicated_from=name))
        answers.append(error.value.error_dict["replicated_from"])

    assert answers[0] == [m.replace("no-existeix", "pla-intern-girona") for m in answers[1]]
    # Its own body's members may name it.
    member = factories.editor_of(world["girona"]["id"])
    copy = helpers.call_action("package_create", {"user": member["name"], "ignore_auth": False},
                               **factories.full_project(world["girona"]["id"], name="copia-interna", contacts=[],
                                                        replicated_from="pla-intern-girona"))
    assert copy["replicated_from"] == "pla-intern-girona"
