"""E-mails reach each person in the language they chose in El meu espai (else the site's),
whoever caused them and whatever language the request was in (issue 17)."""

from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import helpers

from ckanext.digicanvis.logic import accounts, freshness, mail
from tests import factories, sessions

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

# One line of each e-mail, as each language writes it (the catalogues in i18n/).
REVIEW_FOOTER = {"ca": "Rebeu aquest missatge perquè documenteu els projectes de",
                 "es": "Recibe este mensaje porque documenta los proyectos de",
                 "en": "You receive this because you document the projects of"}
JOIN_SUBJECT = {"ca": "demana entrar a", "es": "pide unirse a", "en": "asks to join"}
CONFIRM_SUBJECT = {"ca": "Confirmeu la vostra adreça electrònica", "es": "Confirme su dirección de correo electrónico",
                   "en": "Confirm your e-mail address"}


def choose(user: dict, language: str) -> None:
    helpers.call_action("digicanvis_language_update", {"user": user["name"], "ignore_auth": False}, language=language)


def inbox(smtp_sink) -> dict[str, tuple[str, str]]:
    return {message["To"].addresses[0].addr_spec: (str(message["Subject"]), message.get_content()) for message in smtp_sink}


@pytest.fixture
def girona():
    return factories.body_at("girona")


@pytest.fixture
def people(girona):
    return factories.review_people(girona)


def test_the_choice_is_kept_on_the_account_and_only_the_callers(people) -> None:
    choose(people["editor"], "es")
    assert mail.language_of(model.User.get(people["editor"]["name"])) == "es"
    assert mail.language_of(model.User.get(people["admin"]["name"])) == "ca"  # the site's default
    with pytest.raises(tk.ValidationError):
        choose(people["editor"], "fr")
    with pytest.raises(tk.ValidationError):
        choose(people["editor"], ["en"])
    assert mail.language_of(model.User.get(people["editor"]["name"])) == "es"
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("digicanvis_language_update", {"user": "", "ignore_auth": False}, language="en")


def test_a_review_decision_reaches_two_editors_each_in_their_language(girona, people, smtp_sink, run_jobs) -> None:
    choose(people["editor"], "es")
    choose(people["admin"], "en")
    name = "registre-digital"
    helpers.call_action("package_create", {"user": people["editor"]["name"], "ignore_auth": False},
                        **factories.full_project(girona["id"], name=name))
    helpers.call_action("project_submit_for_review", {"user": people["editor"]["name"], "ignore_auth": False}, id=name)
    # The reviewer works in Catalan: the recipients still read their own languages.
    choose(people["observatory_editor"], "ca")
    helpers.call_action("project_review", {"user": people["observatory_editor"]["name"], "ignore_auth": False},
                        id=name, decision="return", comment="Afegiu com heu mesurat els estalvis.")
    run_jobs()
    told = inbox(smtp_sink)
    spanish, english = told[people["editor"]["email"]][1], told[people["admin"]["email"]][1]
    assert REVIEW_FOOTER["es"] in spanish and REVIEW_FOOTER["en"] not in spanish
    assert REVIEW_FOOTER["en"] in english and REVIEW_FOOTER["ca"] not in english
    assert "Afegiu com heu mesurat els estalvis." in spanish and "Afegiu com heu mesurat els estalvis." in english


def test_a_join_request_reaches_two_administrators_each_in_their_language(app, girona, smtp_sink, run_jobs) -> None:
    first, second = sessions.person(), sessions.person()
    for admin in (first, second):
        helpers.call_action("organization_member_create", {"ignore_auth": True}, id=girona["id"],
                            username=admin["name"], role="admin")
    choose(second, "en")
    asker = sessions.person()
    choose(asker, "es")  # the asker's language is not the deciders'
    with app.flask_app.test_request_context("/es/"):
        helpers.call_action("membership_request_create", {"user": asker["name"], "ignore_auth": False},
                            organization=girona["id"], message="Hi treballo.")
    run_jobs()
    told = inbox(smtp_sink)
    assert JOIN_SUBJECT["ca"] in told[first["email"]][0]
    assert JOIN_SUBJECT["en"] in told[second["email"]][0]


def test_the_answer_to_a_join_request_and_the_confirmation_speak_the_askers_language(girona, people, smtp_sink,
                                                                                      run_jobs) -> None:
    asker = sessions.person()
    choose(asker, "en")
    request = helpers.call_action("membership_request_create", {"user": asker["name"], "ignore_auth": False},
                                  organization=girona["id"], message="Hi treballo.")
    choose(people["admin"], "es")
    helpers.call_action("membership_request_decide", {"user": people["admin"]["name"], "ignore_auth": False},
                        id=request["id"], decision="approve")
    run_jobs()
    assert inbox(smtp_sink)[asker["email"]][0].endswith("Welcome to " + girona["title"])
    smtp_sink.clear()
    accounts.send_confirmation(model.User.get(asker["name"]))
    run_jobs()
    assert CONFIRM_SUBJECT["en"] in inbox(smtp_sink)[asker["email"]][0]


def test_a_contact_address_with_an_account_gets_its_accounts_language(girona, smtp_sink, run_jobs) -> None:
    contact = sessions.person(email="marta.puig@example.cat")
    choose(contact, "en")
    factories.project_of(girona, "finestreta-virtual", contacts=[
        {"name": "Marta Puig", "role": "Cap", "email": "marta.puig@example.cat", "phone": "", "public": "yes"},
        {"name": "Jordi Soler", "role": "TIC", "email": "jordi.soler@example.cat", "phone": "", "public": "yes"}])
    sender = factories.editor_of(factories.body_at("tremp")["id"], sessions.person())
    choose(sender, "es")
    helpers.call_action("contact_request_create", {"user": sender["name"], "ignore_auth": False},
                        project="finestreta-virtual", message="Com ho vau fer?")
    run_jobs()
    told = inbox(smtp_sink)
    assert told["marta.puig@example.cat"][0].endswith('A message about "finestreta-virtual"')
    assert told["jordi.soler@example.cat"][0].endswith('Un missatge sobre "finestreta-virtual"')


def test_a_freshness_reminder_is_written_in_the_editors_language(girona, people) -> None:
    choose(people["editor"], "es")
    project = model.Package.get(factories.project_of(girona, "finestreta-virtual")["id"])
    due = freshness.BodyDue(body=model.Group.get(girona["id"]), yearly=True, stale=[], projects=[project])
    at = datetime.datetime(2026, 12, 1)  # UTC, stored without a zone as CKAN does
    subject, _body = freshness.reminder_email(model.User.get(people["editor"]["name"]), due, at)
    english, _ = freshness.reminder_email(model.User.get(people["admin"]["name"]), due, at)
    assert subject != english
    assert "¿" in subject  # "¿Los proyectos de ... siguen al día?"


def test_a_person_chooses_in_el_meu_espai(make_app) -> None:
    from bs4 import BeautifulSoup

    person = sessions.person()
    browser = sessions.sign_in(make_app(), person)
    form = BeautifulSoup(browser.get("/en/my-space/").body, "html.parser").select_one("#email-language form")
    assert form.select_one("option[selected]")["value"] == "ca"  # the site's language until one is chosen
    token = form.select_one(f"input[name={sessions.CSRF_FIELD}]")["value"]
    refused = browser.post(form["action"], data={"language": "es"}, follow_redirects=False)
    assert refused.status_code == 400  # no CSRF token: nothing stored
    assert mail.chosen_language(model.User.get(person["name"])) is None
    done = browser.post(form["action"], data={"language": "es", sessions.CSRF_FIELD: token}, follow_redirects=True)
    assert done.status_code == 200
    assert "Saved: the observatory's e-mails will reach you in this language." in BeautifulSoup(done.body, "html.parser").get_text()
    assert mail.chosen_language(model.User.get(person["name"])) == "es"
    wrong = browser.post(form["action"], data={"language": "fr", sessions.CSRF_FIELD: token}, follow_redirects=True)
    assert "Choose one of the languages offered" in BeautifulSoup(wrong.body, "html.parser").get_text()
    assert mail.chosen_language(model.User.get(person["name"])) == "es"


def test_a_person_chooses_in_their_profile_form(make_app) -> None:
    from bs4 import BeautifulSoup

    person = sessions.person()
    browser = sessions.sign_in(make_app(), person)
    form = BeautifulSoup(browser.get(f"/user/edit/{person['name']}").body, "html.parser").select_one("form#user-edit-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("checkbox", "file", "submit")}
    data.update({textarea["name"]: textarea.get_text() for textarea in form.select("textarea[name]")})
    assert form.select_one("select[name=digicanvis_language] option[selected]")["value"] == "ca"
    data.update({"digicanvis_language": "en", "save": ""})  # "save": the form's submit button
    saved = browser.post(f"/user/edit/{person['name']}", data=data, follow_redirects=False)
    assert saved.status_code == 302, saved.status_code
    assert mail.chosen_language(model.User.get(person["name"])) == "en"
    data["digicanvis_language"] = "xx"  # not offered: the profile is saved, the language kept
    browser.post(f"/user/edit/{person['name']}", data=data, follow_redirects=False)
    assert mail.chosen_language(model.User.get(person["name"])) == "en"
