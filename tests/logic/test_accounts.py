"""Accounts and joining a local body, through the API and a real SMTP sink: registration
waits for the e-mail to be confirmed, the link expires, bodies admit people (the first one
becomes admin), and who may answer which request."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.logic import accounts

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db")

LINK = re.compile(r"https?://\S+/user/confirm/\S+")


def as_user(action, user, /, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


def register(**fields):
    """What the register form or an anonymous API call does."""
    data = {"name": "laia", "email": "laia@tremp.example.cat", "password": "Un-b0n-secret-llarg", "fullname": "Laia Roca", **fields}
    return helpers.call_action("user_create", {"user": "", "ignore_auth": False}, **data)


def confirmation_link(messages) -> str:
    (message,) = [m for m in messages if "laia@" in str(m["To"])]
    return LINK.search(message.get_content()).group(0)


def test_self_registration_waits_for_the_email_link(app, smtp_sink, run_jobs):
    created = register()
    assert created["state"] == "pending"
    assert model.User.get("laia").state == "pending"
    run_jobs()
    link = confirmation_link(smtp_sink)

    # A pending account cannot sign in (flask-login refuses inactive users).
    assert not model.User.get("laia").is_active

    response = app.get(urlsplit(link).path, follow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"].endswith("/user/join")
    assert model.User.get("laia").state == "active"


def test_accounts_made_by_sysadmins_or_internally_are_active_at_once():
    admin = ckan_factories.Sysadmin()
    made = helpers.call_action("user_create", {"user": admin["name"], "ignore_auth": False},
                               name="pere", email="pere@example.cat", password="Un-b0n-secret-llarg")
    assert made["state"] == "active"
    assert ckan_factories.User()["state"] == "active"


@pytest.mark.parametrize("action", ["user_create", "user_update"])
def test_an_email_of_spaces_is_refused_and_changes_nothing(action):
    """CKAN checks the e-mail is not empty before it strips it: "   " made an account without one."""
    admin, person = ckan_factories.Sysadmin(), ckan_factories.User(email="pere@example.cat")
    data = {"name": "pere2", "password": "Un-b0n-secret-llarg"} if action == "user_create" else \
        {"id": person["id"], "name": person["name"]}
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action(action, {"user": admin["name"], "ignore_auth": False}, email="   ", **data)
    assert "email" in refused.value.error_dict
    assert model.User.get("pere2") is None and model.User.get(person["id"]).email == "pere@example.cat"


def test_the_link_expires_and_a_tampered_link_is_refused(app, smtp_sink, run_jobs):
    with freeze_time("2027-01-10 09:00"):
        register()
        run_jobs()
        link = confirmation_link(smtp_sink)
    path = urlsplit(link).path
    with freeze_time("2027-01-12 10:00"):  # 49 hours later (48 allowed)
        expired = app.get(path)
    assert expired.status_code == 200 and "digicanvis-confirm-expired" in expired.body
    assert model.User.get("laia").state == "pending"
    tampered = app.get(path[:-3] + "abc")
    assert tampered.status_code == 200 and model.User.get("laia").state == "pending"


def test_a_new_link_can_be_asked_for_without_revealing_accounts(smtp_sink, run_jobs):
    register()
    run_jobs()
    smtp_sink.clear()
    anonymous = {"user": "", "ignore_auth": False}
    assert helpers.call_action("digicanvis_confirmation_resend", anonymous, email="LAIA@tremp.example.cat")["sent"]
    assert helpers.call_action("digicanvis_confirmation_resend", anonymous, email="nobody@example.cat")["sent"]
    run_jobs()
    assert [str(m["To"]) for m in smtp_sink] == ["Laia Roca <laia@tremp.example.cat>"]
    with pytest.raises(tk.ValidationError):
        helpers.call_action("digicanvis_confirmation_resend", anonymous, email="not an address")



def test_an_address_is_matched_whole_not_as_a_pattern(smtp_sink, run_jobs):
    """Issue 10: with ilike, "%@tremp.example.cat" sent a link to every waiting account there."""
    register()
    run_jobs()
    smtp_sink.clear()

    helpers.call_action("digicanvis_confirmation_resend", {"user": "", "ignore_auth": False}, email="%@tremp.example.cat")
    helpers.call_action("digicanvis_confirmation_resend", {"user": "", "ignore_auth": False}, email="l_ia@tremp.example.cat")
    run_jobs()

    assert list(smtp_sink) == []


@pytest.mark.ckan_config("ckanext.digicanvis.accounts.confirmations_per_hour", "3")
def test_the_resend_form_cannot_flood_an_address(smtp_sink, run_jobs):
    register()  # the first link
    anonymous = {"user": "", "ignore_auth": False}
    for _ in range(5):
        assert helpers.call_action("digicanvis_confirmation_resend", anonymous, email="laia@tremp.example.cat")["sent"]
    run_jobs()
    assert len(smtp_sink) == 3

    with freeze_time(datetime.datetime.utcnow() + datetime.timedelta(minutes=61)):
        helpers.call_action("digicanvis_confirmation_resend", anonymous, email="laia@tremp.example.cat")
        run_jobs()
    assert len(smtp_sink) == 4


@pytest.mark.ckan_config("ckanext.digicanvis.accounts.join_requests_per_day", "2")
def test_withdrawing_a_request_to_join_gives_no_request_back(tremp):
    """Each request e-mails the body's deciders: asking and withdrawing in a loop is counted."""
    laia = ckan_factories.User(name="laia")
    for _ in range(2):
        asked = as_user("membership_request_create", laia, organization="Tremp")
        as_user("membership_request_cancel", laia, id=asked["id"])

    with pytest.raises(tk.ValidationError) as refused:
        as_user("membership_request_create", laia, organization="Tremp")
    assert "2 requests to join today" in str(refused.value.error_dict)
    with freeze_time(datetime.datetime.utcnow() + datetime.timedelta(hours=25)):
        assert as_user("membership_request_create", laia, organization="Tremp")["status"] == "pending"


@pytest.fixture
def tremp():
    return factories.body_at("tremp", ine_code="25234")


def test_the_first_person_admitted_to_a_body_without_admins_becomes_its_admin(tremp, smtp_sink, run_jobs):
    editor = factories.forum_editor(ckan_factories.User(name="editora", email="editora@aoc.example.cat"))
    laia = ckan_factories.User(name="laia", email="laia@tremp.example.cat")
    asked = as_user("membership_request_create", laia, organization="Tremp", message="Sóc la tècnica TIC")
    assert asked["organization"]["name"] == "ajuntament-de-tremp" and asked["status"] == "pending"
    assert "observatory editors" in asked["who_decides"] or "editors" in asked["who_decides"]
    run_jobs()
    assert any("editora@aoc.example.cat" in str(m["To"]) for m in smtp_sink)

    # Not Laia herself, not another user: only the editors while Tremp has no admin.
    for someone in (laia, ckan_factories.User()):
        with pytest.raises(tk.NotAuthorized):
            as_user("membership_request_decide", someone, id=asked["id"], decision="approve")
    decided = as_user("membership_request_decide", editor, id=asked["id"], decision="approve", note="Benvinguda!")
    assert decided["status"] == "approved" and decided["role"] == "admin"
    assert accounts.role_in(model.User.get("laia"), tremp["id"]) == "admin"
    smtp_sink.clear()
    run_jobs()
    (welcome,) = smtp_sink
    assert "laia@tremp.example.cat" in str(welcome["To"]) and "Benvinguda!" in welcome.get_content()

    # Now Tremp has an admin: she decides, editors no longer do (sysadmins still may).
    pere = ckan_factories.User(name="pere", email="pere@tremp.example.cat")
    second = as_user("membership_request_create", pere, organization="ajuntament-de-tremp")
    with pytest.raises(tk.NotAuthorized):
        as_user("membership_request_decide", editor, id=second["id"], decision="approve")
    assert [r["id"] for r in as_user("membership_request_list", laia, scope="to_decide")] == [second["id"]]
    assert as_user("membership_request_decide", laia, id=second["id"], decision="approve")["role"] == "editor"


def test_requests_are_refused_cancelled_and_not_repeated(tremp):
    laia = ckan_factories.User(name="laia")
    with pytest.raises(tk.NotAuthorized):
        as_user("membership_request_create", None, organization="Tremp")
    with pytest.raises(tk.ValidationError) as unknown:
        as_user("membership_request_create", laia, organization="Ajuntament de Nowhere")
    assert "Nowhere" in str(unknown.value.error_dict)
    first = as_user("membership_request_create", laia, organization="ajuntament de tremp")
    with pytest.raises(tk.ValidationError):
        as_user("membership_request_create", laia, organization="Tremp")
    with pytest.raises(tk.NotAuthorized):
        as_user("membership_request_cancel", ckan_factories.User(), id=first["id"])
    assert as_user("membership_request_cancel", laia, id=first["id"])["status"] == "cancelled"
    with pytest.raises(tk.ValidationError):
        as_user("membership_request_cancel", laia, id=first["id"])
    again = as_user("membership_request_create", laia, organization="Tremp")
    admin = ckan_factories.Sysadmin()
    refused = as_user("membership_request_decide", admin, id=again["id"], decision="reject", note="No us coneixem")
    assert refused["status"] == "rejected" and accounts.role_in(model.User.get("laia"), tremp["id"]) is None
    with pytest.raises(tk.ValidationError):
        as_user("membership_request_decide", admin, id=again["id"], decision="approve")


def test_listing_requests_needs_an_account():
    with pytest.raises(tk.NotAuthorized):
        as_user("membership_request_list", None)
    assert as_user("membership_request_list", ckan_factories.User()) == []
