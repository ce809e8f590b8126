"""The leak sweep: a private project with contacts, team messages, visit purposes and a
discussion; every page and API answer anonymous readers and a signed-in outsider can reach is
fetched, its status asserted, and searched for those secrets.

Add a path when a feature adds a page or an API answer (RDF, harvest sources, statistics):
PAGES and API below, with the status anonymous readers and the outsider get ("{need_public}"
and "{need_private}" stand for the world's needs).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from ckan.tests import helpers

from tests.security.world import PUBLIC_CONTACT, SECRET_CONTACT, World, member_of


@pytest.fixture(scope="module")
def secrets(world: World) -> dict[str, str]:
    """Everything that must stay with the private project's body (and each request's sender)."""
    member, outsider = world.users["member"]["name"], world.users["outsider"]["name"]
    private = world.project("private")
    found = {
        "private project title": "Xatbot private",
        "private project description": "Projecte private de Girona",
        "private discussion": "PRIVAT-DEBAT-7731",
        "contact e-mail": SECRET_CONTACT["email"],
        "contact phone": SECRET_CONTACT["phone"],
        "non-public contact name": SECRET_CONTACT["name"],
        "public contact's e-mail": PUBLIC_CONTACT["email"],
        "public contact's phone": PUBLIC_CONTACT["phone"],
        "message to the private project": "PRIVAT-MISSATGE-1142",
        "message to the public project": "PRIVAT-MISSATGE-2253",
        "visit purpose (private)": "PRIVAT-VISITA-3364",
        "visit purpose (public)": "PRIVAT-VISITA-4475",
        "review comment": "PRIVAT-REVISIO-5586",
        "project returned for review": "Retornat secret",
    }
    helpers.call_action("forum_follow", {"user": outsider}, object_type="category", id="general")
    helpers.call_action("forum_post_create", {"user": member}, project=private,
                        body=f"{found['private discussion']}: ho parlem aquí, @{outsider}.")
    for scope, key in (("private", "message to the private project"), ("public", "message to the public project")):
        helpers.call_action("contact_request_create", {"user": world.users["admin"]["name"], "ignore_auth": False},
                            project=world.project(scope), message=found[key])
    # Visits asked by a colleague of the outsider (same body, not the outsider): the purpose is
    # for the requester and the host.
    visitor = member_of(world.bodies["other"], "member")
    for scope, key in (("private", "visit purpose (private)"), ("public", "visit purpose (public)")):
        if scope == "private":  # only its body's members may see the private project: one of them visits
            visitor = world.users["member"]
            helpers.call_action("organization_member_create", {"ignore_auth": True}, id=world.bodies["other"]["id"],
                                username=visitor["name"], role="member")
        helpers.call_action("visit_request_create", {"user": visitor["name"], "ignore_auth": False},
                            project=world.project(scope), purpose=found[key], dates=["2099-05-04"], visitors=2,
                            visiting_body=world.bodies["other"]["name"])
    # The private need is solved with the private project; the public one names it in a reply.
    editor = world.users["editor"]["name"]
    helpers.call_action("need_solve", {"user": editor, "ignore_auth": False}, id=world.needs["private"], project=private)
    helpers.call_action("forum_post_create", {"user": editor, "ignore_auth": False}, topic_id=world.needs["public"],
                        body=f"Ho vam resoldre amb /project/{private} .")
    # A project sent back with a comment (issue 16): between its body and the observatory editors.
    returned = world.fresh_project("in_review")
    helpers.call_action("package_patch", {"user": world.users["sysadmin"]["name"]}, id=returned,
                        title=found["project returned for review"])
    helpers.call_action("project_review", {"user": world.users["forum_editor"]["name"], "ignore_auth": False},
                        id=returned, decision="return", comment=found["review comment"])
    world.returned = returned
    return found


# (path, status for anonymous readers, status for the outsider)
PAGES = [
    ("/", 200, 200), ("/project/", 200, 200), ("/project/?q=Xatbot", 200, 200), ("/project/xatbot-public", 200, 200),
    ("/project/xatbot-private", 404, 404), ("/project/xatbot-public/discussion", 200, 200),
    ("/project/xatbot-private/discussion", 404, 404), ("/project/xatbot-public/spread", 200, 200),
    ("/project/xatbot-private/spread", 404, 404), ("/organization/", 302, 302),  # to /local-bodies/
    ("/organization/ajuntament-de-girona", 200, 200), ("/organization/about/ajuntament-de-girona", 200, 200),
    ("/forum/", 200, 200), ("/forum/c/general", 200, 200), ("/forum/search?q=PRIVAT", 200, 200),
    ("/forum/search?q=Discussi%C3%B3", 200, 200), ("/forum/notifications", 302, 200), ("/requests/", 302, 200),
    ("/project/map.geojson", 200, 200), ("/project/export.csv", 200, 200), ("/project/export.xlsx", 200, 200),
    # CKAN's activity pages and ckanext-dcat answer 403 for a private dataset (its existence
    # shows, nothing of it does); our pages and CKAN's dataset page answer 404.
    ("/dataset/activity/xatbot-public", 200, 200), ("/dataset/activity/xatbot-private", 403, 403),
    ("/organization/activity/ajuntament-de-girona", 200, 200), ("/dashboard/", 302, 200),
    ("/feeds/dataset.atom", 200, 200), ("/feeds/organization/ajuntament-de-girona.atom", 200, 200),
    ("/feeds/custom.atom?q=Xatbot", 200, 200),
    ("/catalog.ttl", 200, 200), ("/catalog.jsonld", 200, 200), ("/dataset/xatbot-public.rdf", 200, 200),
    ("/dataset/xatbot-private.ttl", 403, 403), ("/dataset/xatbot-private/croissant.jsonld", 404, 404),
    # Linked data (issue 12): our documents answer a private project as an unknown one.
    ("/project/xatbot-public.ttl", 200, 200), ("/project/xatbot-public.jsonld", 200, 200),
    ("/project/xatbot-private.ttl", 404, 404), ("/project/xatbot-private.jsonld", 404, 404),
    ("/organization/ajuntament-de-girona.ttl", 200, 200), ("/organization/ajuntament-de-girona.jsonld", 200, 200),
    ("/vocab/", 200, 200), ("/vocab/area", 200, 200), ("/vocab/area.ttl", 200, 200), ("/ns", 200, 200),
    ("/ns.ttl", 200, 200),
    # Accounts, my space, the directory, the site's mail (issue 13)
    ("/my-space/", 302, 200), ("/local-bodies/", 200, 200), ("/local-bodies/?q=girona", 200, 200),
    ("/user/join", 302, 200), ("/ckan-admin/mail/", 403, 403),
    # Statistics and needs (issue 16)
    ("/statistics/", 200, 200), ("/statistics/?province=Girona", 200, 200), ("/statistics/coverage.json", 200, 200),
    *((f"/statistics/{table}.csv", 200, 200) for table in (
        "area", "transformation_type", "phase", "maturity_level", "province", "comarca", "start_year", "technologies",
        "savings", "coverage", "comarques_without", "activity")),
    ("/forum/needs/", 200, 200), ("/forum/needs/?state=solved", 200, 200),
    # A private project answers as an unknown one does.
    ("/forum/needs/?solved_with=xatbot-private", 400, 400), ("/forum/needs/?solved_with=no-such-project", 400, 400),
    ("/forum/t/{need_public}", 200, 200), ("/forum/t/{need_private}", 200, 200), ("/forum/needs/new", 302, 200),
    ("/forum/needs/settings", 302, 200), ("/user/register", 200, 200),
    # Review and fresh records (issue 16): the queue is the observatory editors'; confirming
    # a record is its body's (a private one answers as an unknown one).
    ("/review", 302, 403), ("/review?queue=returned", 302, 403), ("/project/{returned}", 404, 404),
    ("/project/xatbot-public/confirm", 403, 403), ("/project/xatbot-private/confirm", 404, 404),
    ("/project/{returned}/confirm", 404, 404), ("/project/xatbot-public/confirm?token=PRIVAT", 400, 400),
    # Harvesting (issue 11): sources are public; their jobs are for whoever may update the
    # source (ckanext-harvest's rule), imports for the observatory editors.
    ("/harvest/", 200, 200), ("/harvest/font-girona", 200, 200), ("/harvest/font-girona/job", 403, 403),
    ("/harvest/font-girona/job/{harvest_job}", 403, 403), ("/harvest/spreadsheet/template.xlsx", 200, 200),
    ("/harvest/spreadsheet/import", 403, 403), ("/harvest/spreadsheet/import/{spreadsheet_import}", 403, 403),
    ("/harvest/spreadsheet/import/{spreadsheet_import}.json", 403, 403),
]
API = [
    ("package_search", {"q": "*:*", "include_private": True, "rows": 100}, 200, 200),
    ("package_search", {"q": "Xatbot", "include_private": True, "facet.field": ["organization", "area"]}, 200, 200),
    ("package_show", {"id": "xatbot-public"}, 200, 200),
    ("package_show", {"id": "xatbot-private"}, 403, 403),
    ("package_list", {}, 200, 200),
    ("current_package_list_with_resources", {}, 200, 200),
    ("organization_show", {"id": "ajuntament-de-girona", "include_datasets": True}, 200, 200),
    ("package_activity_list", {"id": "xatbot-public"}, 200, 200),
    ("package_activity_list", {"id": "xatbot-private"}, 403, 403),
    ("organization_activity_list", {"id": "ajuntament-de-girona"}, 200, 200),
    ("recently_changed_packages_activity_list", {}, 200, 200),
    ("digicanvis_similar_projects", {"id": "xatbot-public", "rows": 20}, 200, 200),
    ("forum_topic_list", {"rows": 20}, 200, 200),
    ("forum_search", {"q": "PRIVAT"}, 200, 200),
    ("forum_notification_list", {}, 403, 200),
    ("contact_request_list", {"scope": "received"}, 403, 200),
    ("contact_request_list", {"scope": "sent"}, 403, 200),
    ("visit_request_list", {"scope": "received"}, 403, 200),
    ("visit_report_list", {"project": "xatbot-public"}, 200, 200),
    ("collaboration_interest_list", {"project": "xatbot-public"}, 200, 200),
    ("digicanvis_autocomplete", {"kind": "project", "q": "Xatbot"}, 200, 200),
    ("digicanvis_autocomplete", {"kind": "user", "q": "a"}, 403, 200),
    ("forum_follow_list", {}, 403, 200),
    ("membership_request_list", {"scope": "mine"}, 403, 200),
    ("digicanvis_statistics", {}, 200, 200),
    ("need_list", {}, 200, 200),
    ("need_list", {"state": "solved"}, 200, 200),
    ("need_show", {"id": "{need_private}"}, 200, 200),
    ("need_show", {"id": "{need_public}"}, 200, 200),
    ("need_body_settings_show", {}, 403, 200),
    ("digicanvis_mail_sink_list", {}, 403, 403),
    ("project_review_list", {"queue": "all"}, 403, 403),
    ("project_review_history", {"id": "xatbot-private"}, 403, 404),
    ("project_review_history", {"id": "{returned}"}, 403, 404),
    ("project_notice_list", {}, 403, 200),
    ("digicanvis_harvest_job_report", {"id": "{harvest_job}"}, 403, 403),
    ("harvest_source_list", {}, 200, 200),
    ("harvest_job_list", {}, 403, 403), ("harvest_job_list", {"source_id": "font-girona"}, 403, 403),
    ("digicanvis_spreadsheet_import_show", {"id": "{spreadsheet_import}"}, 403, 403),
]


def needs_of(world: World) -> dict[str, str]:
    """What the paths' placeholders stand for."""
    return {**{f"need_{scope}": need for scope, need in world.needs.items()}, "returned": world.returned,
            "harvest_job": world.harvest_job, "spreadsheet_import": world.spreadsheet_import}


def text_of(response: Any) -> str:
    if response.headers.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.data)) as package:
            return "\n".join(package.read(name).decode() for name in package.namelist() if name.endswith(".xml"))
    return response.get_data(as_text=True)


def leaks(body: str, secrets: dict[str, str]) -> list[str]:
    return [what for what, secret in secrets.items() if secret in body]


@pytest.mark.parametrize("reader", ["anonymous", "outsider"])
def test_no_page_or_api_answer_an_outsider_can_reach_shows_a_secret(app, world: World, secrets, reader):
    headers = world.headers(reader)
    found: dict[str, Any] = {}
    for path, anonymous, outsider in PAGES:
        path = path.format(**needs_of(world))
        response = app.get(path, headers=headers, follow_redirects=False)
        expected = anonymous if reader == "anonymous" else outsider
        problems = leaks(text_of(response), secrets)
        if response.status_code != expected or problems:
            found[path] = {"expected": expected, "status": response.status_code, "leaks": problems}
    for action, data, anonymous, outsider in API:
        data = {key: value.format(**needs_of(world)) if isinstance(value, str) else value for key, value in data.items()}
        response = app.post(f"/api/3/action/{action}", json=data, headers=headers)
        expected = anonymous if reader == "anonymous" else outsider
        problems = leaks(response.body, secrets)
        if response.status_code != expected or problems:
            found[f"{action} {data}"] = {"expected": expected, "status": response.status_code, "leaks": problems}

    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
    print(f"leak sweep ({reader}): {len(PAGES)} pages, {len(API)} API calls, {len(secrets)} secrets")


def test_the_sweep_would_see_the_secrets(app, world: World, secrets):
    """The secrets are where their readers see them: the sweep is not blind."""
    member, sender = world.headers("member"), world.headers("admin")

    project = app.get("/project/xatbot-private", headers=member).body
    assert not {"private project title", "contact e-mail", "non-public contact name"} - set(leaks(project, secrets))
    assert "private discussion" in leaks(app.get("/project/xatbot-private/discussion", headers=member).body, secrets)
    received = app.post("/api/3/action/contact_request_list", json={"scope": "sent"}, headers=sender).body
    assert {"message to the private project", "message to the public project"} <= set(leaks(received, secrets))
    solved = app.get(f"/forum/t/{world.needs['private']}", headers=member).body
    assert "private project title" in leaks(solved, secrets)
    found = app.post("/api/3/action/digicanvis_autocomplete", json={"kind": "project", "q": "Xatbot"}, headers=member).body
    assert "private project title" in leaks(found, secrets)
    history = app.post("/api/3/action/project_review_history", json={"id": world.returned}, headers=member).body
    assert "review comment" in leaks(history, secrets)
