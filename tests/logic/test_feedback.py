"""Honest feedback: a request to a project nobody can be reached for goes to the editors with
a note and the sender is told so; a visit is accepted on a chosen date; e-mail that fails is
retried and, in the end, listed for sysadmins; the local mail sink's messages are read back."""

from __future__ import annotations

import datetime
import mailbox
from email.message import EmailMessage

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from rq import SimpleWorker
from rq.registry import FailedJobRegistry

from ckan.lib import jobs
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.logic import collaboration, mail

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def as_user(action, user, /, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


@pytest.fixture
def lonely_project():
    """A project with no contact e-mail, whose body has no admin of its own; a sender of Tremp."""
    girona = factories.body_at("girona")
    project = factories.project_of(girona, "xatbot-girona", title="Xatbot de Girona",
                                   contacts=[{"name": "Jordi", "email": "", "phone": "", "public": "yes"}])
    sender = ckan_factories.User(name="laia", fullname="Laia Roca", email="laia@tremp.example.cat")
    return project, sender


def test_a_message_nobody_can_receive_goes_to_the_editors_with_a_note(lonely_project, smtp_sink, run_jobs):
    project, sender = lonely_project
    factories.forum_editor(ckan_factories.User(name="editora", email="editora@aoc.example.cat"))
    sent = as_user("contact_request_create", sender, project=project["name"], message="Quant va costar?")
    assert sent["answered_by"] == collaboration.EDITORS
    assert "editors" in sent["answered_by_text"]
    run_jobs()
    to_editor = [m for m in smtp_sink if "editora@aoc.example.cat" in str(m["To"])]
    assert to_editor, [str(m["To"]) for m in smtp_sink]
    text = to_editor[0].get_content()
    assert "no contact e-mail" in text or "cap correu" in text  # the note, in the site's language
    assert "Quant va costar?" in text and to_editor[0]["Reply-To"] == "laia@tremp.example.cat"


def test_the_bodys_own_admins_come_before_the_editors(lonely_project, smtp_sink, run_jobs):
    project, sender = lonely_project
    factories.forum_editor(ckan_factories.User(name="editora", email="editora@aoc.example.cat"))
    host = ckan_factories.User(name="host", email="host@girona.example.cat")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=project["owner_org"],
                        username="host", role="admin")
    sent = as_user("contact_request_create", sender, project=project["name"], message="Hola")
    assert sent["answered_by"] == collaboration.BODY
    run_jobs()
    assert [m["To"].addresses[0].addr_spec for m in smtp_sink] == ["host@girona.example.cat"]


def test_the_contact_page_tells_the_sender_who_will_answer(app, lonely_project):
    project, sender = lonely_project
    factories.forum_editor(ckan_factories.User(name="editora", email="editora@aoc.example.cat"))
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user="laia", name="t")["token"]
    page = app.post(f"/project/{project['name']}/contact", data={"message": "Hola"},
                    headers={"Authorization": token}, follow_redirects=True)
    alert = BeautifulSoup(page.body, "html.parser").select_one(".alert-success")
    # "Neither the project nor Ajuntament de Girona can be reached yet: the observatory's editors…"
    assert alert is not None and "Ajuntament de Girona" in alert.get_text()


def test_accepting_a_visit_asks_which_date_when_there_are_several(lonely_project):
    project, sender = lonely_project
    tremp = factories.body_at("tremp")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=tremp["id"], username="laia", role="editor")
    day = lambda n: (datetime.date.today() + datetime.timedelta(days=n)).isoformat()  # noqa: E731
    visit = as_user("visit_request_create", sender, project=project["name"], purpose="Aprendre", visitors=2,
                    dates=[day(10), day(20)])
    admin = ckan_factories.Sysadmin()
    with pytest.raises(tk.ValidationError) as unsure:
        as_user("visit_request_update", admin, id=visit["id"], status="accepted")
    assert "date" in unsure.value.error_dict
    assert as_user("visit_request_update", admin, id=visit["id"], status="accepted", date=day(20))["accepted_date"] == day(20)


def test_failed_emails_are_retried_then_listed_for_sysadmins(ckan_config):
    ckan_config["ckanext.digicanvis.mail.retry_intervals"] = ["0", "0"]  # retry at once
    ckan_config["smtp.server"] = "127.0.0.1:9"  # nothing listens there: every try fails
    queue = jobs.get_queue()
    queue.empty()
    mail.queue_email("Laia", "laia@tremp.example.cat", "Prova", "Text")
    registry = FailedJobRegistry(queue=queue)
    try:
        # A real RQ worker, in this process, until the queue is empty: three tries.
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        listed = helpers.call_action("digicanvis_mail_failures_list", {"user": ckan_factories.Sysadmin()["name"]})
        (failed,) = listed
        assert failed["title"] == "Prova → laia@tremp.example.cat" and failed["tries"] == 3
        assert "refused" in failed["error"].lower() or "connect" in failed["error"].lower()
        for someone in (ckan_factories.User(), None):
            with pytest.raises(tk.NotAuthorized):
                as_user("digicanvis_mail_failures_list", someone)
    finally:
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)


def test_the_sink_messages_are_read_back_for_sysadmins(ckan_config, tmp_path):
    folder = tmp_path / "mail"
    box = mailbox.Maildir(str(folder), create=True)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "observatori@example.cat", "Laia <laia@example.cat>", "Confirmeu l'adreça"
    message.set_content("Obriu aquest enllaç: http://example.cat/user/confirm/x")
    box.add(message)
    ckan_config["ckanext.digicanvis.mail.sink_dir"] = str(folder)
    (read,) = helpers.call_action("digicanvis_mail_sink_list", {"user": ckan_factories.Sysadmin()["name"]})
    assert (read["to"], read["subject"]) == ("Laia <laia@example.cat>", "Confirmeu l'adreça")
    assert "user/confirm/x" in read["body"]
    with pytest.raises(tk.NotAuthorized):
        as_user("digicanvis_mail_sink_list", ckan_factories.User())
