"""Fresh records: "verified on", the "needs update" badge and facet after the configured
time, the reminders (real SMTP sink) with their signed one-click links, and the phase history
in the API and on the page."""

from __future__ import annotations

import datetime
import html
import re

import freezegun
import pytest
from dateutil.relativedelta import relativedelta

from ckan import model
from ckan.lib import search
from ckan.tests import helpers

from ckanext.digicanvis.logic import freshness
from ckanext.digicanvis.model.forum import now
from tests import factories, sessions

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PROJECT = "registre-digital"
LINK = re.compile(r"https?://\S+/project/(?P<name>[\w-]+)/confirm\?token=(?P<token>\S+)")


@pytest.fixture
def girona():
    return factories.body_at("girona")


@pytest.fixture
def clerk(girona):
    return factories.editor_of(girona["id"], sessions.person(email="clerk@girona.example.cat"))


def published(girona, name=PROJECT, **fields):
    return factories.project_of(girona, name, title="Registre digital", **fields)


def age(name: str, months: int) -> None:
    """Pretend nobody confirmed or edited the project for ``months`` months."""
    package = model.Package.get(name)
    freshness.row(package.id).verified_at = now() - relativedelta(months=months)
    model.Session.commit()
    search.rebuild(package.id)


def freshness_facet(**extra):
    found = helpers.call_action("package_search", {"user": ""}, fq="+dataset_type:project",
                                **{"facet.field": '["facet_freshness"]', **extra})
    return {item["name"]: item["count"] for item in found["search_facets"].get("facet_freshness", {}).get("items", [])}


def test_a_new_project_is_verified_today_and_fresh(girona):
    published(girona)
    shown = helpers.call_action("package_show", id=PROJECT)
    assert shown["freshness"]["needs_update"] is False
    assert shown["freshness"]["verified"][:10] == now().date().isoformat()
    assert freshness_facet() == {"updated_last_year": 1}


def test_past_the_limit_the_badge_and_the_facet_appear(app, girona):
    published(girona)
    published(girona, name="cita-previa")
    age(PROJECT, 13)
    assert helpers.call_action("package_show", id=PROJECT)["freshness"]["needs_update"] is True
    assert freshness_facet() == {"updated_last_year": 1, "needs_update": 1}
    found = helpers.call_action("package_search", {"user": ""}, fq="+dataset_type:project +facet_freshness:needs_update")
    assert [project["name"] for project in found["results"]] == [PROJECT]
    page = html.unescape(app.get(f"/project/{PROJECT}").body)
    assert "digicanvis-needs-update" in page and "Cal actualitzar" in page
    assert "digicanvis-needs-update" not in app.get("/project/cita-previa").body
    search_page = html.unescape(app.get("/project/?facet_freshness=needs_update").body)
    assert "Registre digital" in search_page and "cita-previa" not in search_page


@pytest.mark.ckan_config("ckanext.digicanvis.freshness.months", "6")
def test_the_limit_is_configurable(girona):
    published(girona)
    age(PROJECT, 7)
    assert helpers.call_action("package_show", id=PROJECT)["freshness"]["needs_update"] is True


def test_an_edit_by_its_body_verifies_it_again(girona, clerk):
    published(girona)
    age(PROJECT, 13)
    helpers.call_action("package_patch", {"user": clerk["name"], "ignore_auth": False}, id=PROJECT, notes="Al dia.")
    assert helpers.call_action("package_show", id=PROJECT)["freshness"]["needs_update"] is False


@pytest.mark.usefixtures("with_request_context")  # as the ckan CLI runs the job
def test_a_stale_project_is_reminded_once_and_confirmed_with_one_click(make_app, girona, clerk, smtp_sink, run_jobs):
    published(girona)
    age(PROJECT, 13)
    report = freshness.send_reminders()
    assert (report.emails, report.bodies, report.stale_projects) == (1, 1, 1)
    run_jobs()
    (message,) = smtp_sink
    assert message["To"].addresses[0].addr_spec == "clerk@girona.example.cat"
    text = message.get_content()
    assert "Registre digital" in text and "1 projectes" in message["Subject"]
    link = LINK.search(text)
    assert link and link["name"] == PROJECT
    notices = helpers.call_action("project_notice_list", {"user": clerk["name"]})
    assert [notice["kind"] for notice in notices["results"]] == ["needs_update"]

    assert freshness.send_reminders().emails == 0  # told once, not every day

    browser = make_app()  # the link works without signing in, for the person it was made for
    opened = browser.get(f"/project/{PROJECT}/confirm?token={link['token']}")
    assert opened.status_code == 200
    assert helpers.call_action("package_show", id=PROJECT)["freshness"]["needs_update"] is True  # a GET changes nothing
    token = sessions.CSRF_INPUT.search(opened.body).group(1)
    forged = browser.post(f"/project/{PROJECT}/confirm", data={"token": link["token"]}, follow_redirects=False)
    assert forged.status_code == 400
    done = browser.post(f"/project/{PROJECT}/confirm", data={"token": link["token"], sessions.CSRF_FIELD: token},
                        follow_redirects=False)
    assert done.status_code == 302
    shown = helpers.call_action("package_show", id=PROJECT)["freshness"]
    assert shown["needs_update"] is False and shown["confirmed"][:10] == now().date().isoformat()
    assert freshness_facet() == {"updated_last_year": 1}


def test_a_link_is_only_for_its_project_and_expires(app, girona, clerk):
    published(girona)
    published(girona, name="cita-previa")
    user, other = model.User.get(clerk["name"]), model.Package.get("cita-previa")
    token = freshness.confirm_token(user, other)
    assert app.get(f"/project/{PROJECT}/confirm?token={token}").status_code == 400
    assert app.get(f"/project/{PROJECT}/confirm?token=made-up").status_code == 400
    assert app.get(f"/project/{PROJECT}/confirm").status_code == 403  # anonymous, no link
    with freezegun.freeze_time(datetime.datetime.utcnow() - datetime.timedelta(days=61)):  # link_days: 60
        old = freshness.confirm_token(user, other)
    page = app.get(f"/project/cita-previa/confirm?token={old}")
    assert page.status_code == 400 and "caducat" in html.unescape(page.body)


def test_a_link_of_someone_who_left_the_body_confirms_nothing(app, girona, clerk):
    published(girona)
    age(PROJECT, 13)
    token = freshness.confirm_token(model.User.get(clerk["name"]), model.Package.get(PROJECT))
    helpers.call_action("organization_member_delete", {"user": helpers.call_action("get_site_user")["name"]},
                        id=girona["id"], username=clerk["name"])
    assert app.get(f"/project/{PROJECT}/confirm?token={token}").status_code == 403
    assert helpers.call_action("package_show", id=PROJECT)["freshness"]["needs_update"] is True


@pytest.mark.usefixtures("with_request_context")
def test_the_yearly_reminder_lists_every_published_project(girona, clerk, smtp_sink, run_jobs):
    published(girona)
    published(girona, name="cita-previa")
    factories.project_of(girona, "esborrany", private=True)  # a draft is not reminded of
    a_year_on = now() + relativedelta(months=12, days=1)
    report = freshness.send_reminders(at=a_year_on)
    assert report.emails == 1
    run_jobs()
    (message,) = smtp_sink
    assert {match["name"] for match in LINK.finditer(message.get_content())} == {PROJECT, "cita-previa"}
    assert freshness.send_reminders(at=a_year_on + datetime.timedelta(days=1)).emails == 0


@pytest.mark.usefixtures("with_request_context")
def test_a_body_with_no_editor_is_reported_and_stays_due(girona):
    published(girona)
    age(PROJECT, 13)
    report = freshness.send_reminders()
    assert report.emails == 0 and report.unreachable_bodies == [girona["name"]]
    assert freshness.send_reminders().unreachable_bodies == [girona["name"]]


def test_the_cli_sends_the_reminders(cli, girona, clerk, smtp_sink, run_jobs):
    import ckan.cli.cli

    published(girona)
    age(PROJECT, 13)
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "freshness-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 e-mails to 1 bodies, 1 projects newly needing an update" in result.output


def test_every_phase_change_is_kept_with_its_date(app, girona, clerk):
    published(girona, phase="prototype")
    helpers.call_action("package_patch", {"user": clerk["name"], "ignore_auth": False}, id=PROJECT, phase="pilot")
    helpers.call_action("package_patch", {"user": clerk["name"], "ignore_auth": False}, id=PROJECT, notes="Sense canvi de fase.")
    history = helpers.call_action("package_show", id=PROJECT)["phase_history"]
    today = now().date().isoformat()
    assert history == [{"phase": "prototype", "date": today}, {"phase": "pilot", "date": today}]
    page = app.get(f"/project/{PROJECT}").body
    assert page.count('class="digicanvis-phase-step') == 2 and 'data-phase="pilot"' in page


def test_a_harvester_brings_the_history_a_person_cannot(girona, clerk):
    given = [{"phase": "pilot", "date": "2021-03-01"}, {"phase": "implemented", "date": "2023-06-15"}]
    harvester = {"user": helpers.call_action("get_site_user")["name"], "ignore_auth": True}
    helpers.call_action("package_create", harvester, **factories.full_project(
        girona["id"], name=PROJECT, phase="implemented", phase_history=given))
    assert helpers.call_action("package_show", id=PROJECT)["phase_history"] == given
    assert "phase_history" not in model.Package.get(PROJECT).extras
    helpers.call_action("package_patch", {"user": clerk["name"], "ignore_auth": False}, id=PROJECT,
                        phase_history=[{"phase": "prototype", "date": "2000-01-01"}])
    assert helpers.call_action("package_show", id=PROJECT)["phase_history"] == given
    with pytest.raises(Exception, match="phase"):
        helpers.call_action("package_create", harvester, **factories.full_project(
            girona["id"], name="un-altre", phase_history=[{"phase": "weather", "date": "2021-03-01"}]))


def test_the_scheduler_runs_the_days_jobs(cli, girona, clerk, smtp_sink, run_jobs):
    import ckan.cli.cli

    published(girona)
    age(PROJECT, 13)
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "daily-jobs"])
    assert result.exit_code == 0, result.output
    assert "freshness reminders: Report(bodies=1, emails=1, stale_projects=1" in result.output
    assert "forum digest:" in result.output
