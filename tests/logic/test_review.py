"""The editorial review: who sees a project in each publication state, the moves between
states and who may make them, the queue, the history, and the notices to the body."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ROLES = factories.REVIEW_ROLES
# Who reads a project in each state (the rest get 403 from package_show and no search hit).
READERS = {
    "draft": {"member", "editor", "admin", "sysadmin"},
    "in_review": {"member", "editor", "admin", "observatory_editor", "sysadmin"},
    "returned": {"member", "editor", "admin", "observatory_editor", "sysadmin"},
    "published": set(ROLES),
}


def as_person(user: dict | None, action: str, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


@pytest.fixture
def girona():
    return factories.body_at("girona")


@pytest.fixture
def people(girona):
    return factories.review_people(girona)


def draft(girona, people, name="registre-digital", **fields):
    return as_person(people["editor"], "package_create", **factories.full_project(girona["id"], name=name, **fields))


def in_state(state, girona, people, name):
    made = draft(girona, people, name=name, title=f"Projecte {state}")
    if state == "draft":
        return made
    as_person(people["editor"], "project_submit_for_review", id=name)
    if state == "returned":
        as_person(people["observatory_editor"], "project_review", id=name, decision="return", comment="Falten els estalvis.")
    elif state == "published":
        as_person(people["observatory_editor"], "project_review", id=name, decision="publish")
    return helpers.call_action("package_show", id=name)


def reads(user, name) -> bool:
    try:
        as_person(user, "package_show", id=name)
    except tk.NotAuthorized:
        return False
    return True


def finds(user, name) -> bool:
    found = as_person(user, "package_search", q=f"name:{name}", include_private=True)
    return found["count"] == 1


def test_who_reads_a_project_in_each_state(app, girona, people):
    for state, readers in READERS.items():
        name = f"projecte-{state.replace('_', '-')}"
        made = in_state(state, girona, people, name)
        assert made["publication_state"] == state
        assert made["private"] is (state != "published")
        for role in ROLES:
            expected = role in readers
            assert reads(people[role], name) is expected, (state, role)
            assert finds(people[role], name) is expected, (state, role)
            token = helpers.call_action("api_token_create", {"ignore_auth": True}, user=people[role]["name"],
                                        name="t")["token"] if people[role] else None
            page = app.get(f"/project/{name}", headers={"Authorization": token} if token else {})
            assert page.status_code == (200 if expected else 404), (state, role)


def test_a_new_project_of_a_body_editor_is_a_draft_and_only_its_body_sees_it(girona, people):
    made = draft(girona, people)
    assert (made["publication_state"], made["private"]) == ("draft", True)
    assert helpers.call_action("package_search", {"user": ""}, q="name:registre-digital")["count"] == 0


def test_the_whole_journey_submit_return_resubmit_publish(girona, people, smtp_sink, run_jobs):
    editor, reviewer = people["editor"], people["observatory_editor"]
    draft(girona, people)

    submitted = as_person(editor, "project_submit_for_review", id="registre-digital", note="Ja el tenim a punt.")
    assert (submitted["publication_state"], submitted["private"]) == ("in_review", True)
    queue = as_person(reviewer, "project_review_list")
    assert [item["name"] for item in queue["results"]] == ["registre-digital"]
    assert queue["results"][0]["last_event"]["comment"] == "Ja el tenim a punt."

    returned = as_person(reviewer, "project_review", id="registre-digital", decision="return",
                         comment="Afegiu com heu mesurat els estalvis.")
    assert (returned["publication_state"], returned["private"]) == ("returned", True)
    run_jobs()
    told = {message["To"].addresses[0].addr_spec: message for message in smtp_sink}
    assert set(told) == {people["editor"]["email"], people["admin"]["email"]}  # not members, not the reviewer
    assert "Afegiu com heu mesurat els estalvis." in told[people["admin"]["email"]].get_content()
    notices = as_person(people["admin"], "project_notice_list")
    assert notices["unread"] == 1 and notices["results"][0]["kind"] == "returned"
    assert notices["results"][0]["note"] == "Afegiu com heu mesurat els estalvis."

    as_person(editor, "package_patch", id="registre-digital", value_proposition="Estalvi mesurat amb el registre.")
    assert helpers.call_action("package_show", id="registre-digital")["publication_state"] == "returned"
    as_person(editor, "project_submit_for_review", id="registre-digital")
    published = as_person(reviewer, "project_review", id="registre-digital", decision="publish")
    assert (published["publication_state"], published["private"]) == ("published", False)
    assert helpers.call_action("package_search", {"user": ""}, q="name:registre-digital")["count"] == 1
    smtp_sink.clear()
    run_jobs()
    assert {message["To"].addresses[0].addr_spec for message in smtp_sink} == {people["editor"]["email"], people["admin"]["email"]}
    assert "is published" in smtp_sink[0]["Subject"] or "publicat" in smtp_sink[0]["Subject"]

    history = as_person(editor, "project_review_history", id="registre-digital")
    assert [(event["event"], event["user"]["name"]) for event in history] == [
        ("submitted", editor["name"]), ("returned", reviewer["name"]), ("submitted", editor["name"]),
        ("published", reviewer["name"])]
    assert history[1]["comment"] == "Afegiu com heu mesurat els estalvis."


def test_who_may_submit_and_who_may_review(girona, people):
    draft(girona, people)
    for role in ("anonymous", "outsider", "member", "observatory_editor"):
        with pytest.raises(tk.NotAuthorized):
            as_person(people[role], "project_submit_for_review", id="registre-digital")
    as_person(people["admin"], "project_submit_for_review", id="registre-digital")
    for role in ("anonymous", "outsider", "member", "editor", "admin"):
        with pytest.raises(tk.NotAuthorized):
            as_person(people[role], "project_review", id="registre-digital", decision="publish")
        with pytest.raises(tk.NotAuthorized):
            as_person(people[role], "project_review_list")
    as_person(people["sysadmin"], "project_review", id="registre-digital", decision="publish")


def test_moves_that_make_no_sense_are_refused_with_a_reason(girona, people):
    editor, reviewer = people["editor"], people["observatory_editor"]
    draft(girona, people)
    with pytest.raises(tk.ValidationError, match="not submitted"):
        as_person(reviewer, "project_review", id="registre-digital", decision="publish")
    as_person(editor, "project_submit_for_review", id="registre-digital")
    with pytest.raises(tk.ValidationError, match="already waiting"):
        as_person(editor, "project_submit_for_review", id="registre-digital")
    with pytest.raises(tk.ValidationError) as no_comment:
        as_person(reviewer, "project_review", id="registre-digital", decision="return", comment="  ")
    assert "comment" in no_comment.value.error_dict
    with pytest.raises(tk.ValidationError) as wrong:
        as_person(reviewer, "project_review", id="registre-digital", decision="approve")
    assert "decision" in wrong.value.error_dict
    with pytest.raises(tk.ValidationError):
        as_person(reviewer, "project_review", id="registre-digital", decision="return", comment="x" * 5001)
    with pytest.raises(tk.ObjectNotFound):
        as_person(reviewer, "project_review", id="no-such-project", decision="publish")
    as_person(reviewer, "project_review", id="registre-digital", decision="publish")
    with pytest.raises(tk.ValidationError, match="already published"):
        as_person(reviewer, "project_review", id="registre-digital", decision="publish")
    with pytest.raises(tk.ValidationError, match="already published"):
        as_person(editor, "project_submit_for_review", id="registre-digital")
    assert helpers.call_action("package_show", id="registre-digital")["publication_state"] == "published"


def test_the_state_changes_only_through_the_workflow(girona, people):
    editor = people["editor"]
    with pytest.raises(tk.ValidationError) as refused:
        as_person(editor, "package_create", **factories.full_project(girona["id"], publication_state="published"))
    assert "publication_state" in refused.value.error_dict
    draft(girona, people)
    for state in ("published", "in_review", "nonsense"):
        with pytest.raises(tk.ValidationError):
            as_person(editor, "package_patch", id="registre-digital", publication_state=state)
    with pytest.raises(tk.ValidationError):
        as_person(people["sysadmin"], "package_patch", id="registre-digital", publication_state="published")
    stored = model.Package.get("registre-digital")
    assert (stored.extras["publication_state"], stored.private) == ("draft", True)
    # A private flag cannot make a published project private, nor a draft public.
    as_person(editor, "package_patch", id="registre-digital", private=False)
    assert model.Package.get("registre-digital").private is True


def test_observatory_editors_and_internal_calls_publish_when_they_create(girona, people):
    editor_and_member = factories.editor_of(girona["id"], factories.forum_editor())
    assert as_person(editor_and_member, "package_create", **factories.full_project(
        girona["id"], name="de-l-observatori"))["publication_state"] == "published"
    assert as_person(people["sysadmin"], "package_create", **factories.full_project(
        girona["id"], name="de-l-administrador"))["publication_state"] == "published"
    assert factories.project_of(girona, "carregat")["publication_state"] == "published"  # loaders, harvesters
    assert factories.project_of(girona, "privat", private=True)["publication_state"] == "draft"
    harvester = {"user": helpers.call_action("get_site_user")["name"], "ignore_auth": True}
    queued = helpers.call_action("package_create", harvester, **factories.full_project(
        girona["id"], name="a-la-cua", publication_state="in_review"))
    assert queued["publication_state"] == "in_review"
    assert [item["name"] for item in as_person(people["sysadmin"], "project_review_list")["results"]] == ["a-la-cua"]


def test_a_body_change_to_a_published_project_stays_public_and_is_listed(girona, people):
    editor, reviewer = people["editor"], people["observatory_editor"]
    in_state("published", girona, people, "registre-digital")
    as_person(editor, "package_patch", id="registre-digital", notes="Ara també per a entitats.")
    as_person(editor, "package_patch", id="registre-digital", notes="Ara també per a entitats i empreses.")
    shown = helpers.call_action("package_show", id="registre-digital")
    assert (shown["publication_state"], shown["private"]) == ("published", False)
    changed = as_person(reviewer, "project_review_list", queue="changed")
    assert [item["name"] for item in changed["results"]] == ["registre-digital"]
    assert changed["results"][0]["pending_change"]["user"]["name"] == editor["name"]
    assert changed["counts"] == {"in_review": 0, "changed": 1, "returned": 0}
    # An observatory editor's own edit is not a body change to look at.
    as_person(people["sysadmin"], "package_patch", id="registre-digital", value_proposition="Revisat.")
    assert as_person(reviewer, "project_review_list", queue="changed")["count"] == 1
    as_person(reviewer, "project_review", id="registre-digital", decision="publish")
    assert as_person(reviewer, "project_review_list", queue="changed")["count"] == 0
    assert helpers.call_action("package_show", id="registre-digital")["publication_state"] == "published"


@pytest.mark.ckan_config("ckanext.digicanvis.review.rereview_changes", "true")
def test_with_rereview_a_body_change_goes_back_to_review(girona, people):
    in_state("published", girona, people, "registre-digital")
    as_person(people["editor"], "package_patch", id="registre-digital", notes="Canviat.")
    shown = helpers.call_action("package_show", id="registre-digital")
    assert (shown["publication_state"], shown["private"]) == ("in_review", True)
    assert helpers.call_action("package_search", {"user": ""}, q="name:registre-digital")["count"] == 0
    queue = as_person(people["observatory_editor"], "project_review_list")
    assert queue["results"][0]["pending_change"]["user"]["name"] == people["editor"]["name"]
    as_person(people["observatory_editor"], "project_review", id="registre-digital", decision="publish")
    assert helpers.call_action("package_search", {"user": ""}, q="name:registre-digital")["count"] == 1


def test_returning_a_published_project_takes_it_off_the_public_site(girona, people):
    in_state("published", girona, people, "registre-digital")
    as_person(people["observatory_editor"], "project_review", id="registre-digital", decision="return",
              comment="Les dades de contacte són d'una altra persona.")
    assert not reads(None, "registre-digital")
    assert helpers.call_action("package_search", {"user": ""}, q="name:registre-digital")["count"] == 0


def test_the_queue_filters_and_pages(girona, people):
    vic = factories.local_body(name="ajuntament-de-vic", title="Ajuntament de Vic", ine_code="08298")
    vic_editor = factories.editor_of(vic["id"])
    for name, area in (("cita-previa", "services_procedures"), ("xatbot-municipal", "citizen_attention")):
        draft(girona, people, name=name, title=name.replace("-", " ").capitalize(), area=area)
        as_person(people["editor"], "project_submit_for_review", id=name)
    as_person(vic_editor, "package_create", **factories.full_project(vic["id"], name="teleassistencia", title="Teleassistència"))
    as_person(vic_editor, "project_submit_for_review", id="teleassistencia")
    reviewer = people["observatory_editor"]

    def names(**filters):
        return [item["name"] for item in as_person(reviewer, "project_review_list", **filters)["results"]]

    assert names() == ["cita-previa", "xatbot-municipal", "teleassistencia"]  # oldest waiting first
    assert names(organization="Vic") == ["teleassistencia"]
    assert names(organization="ajuntament-de-girona") == ["cita-previa", "xatbot-municipal"]
    assert names(area="citizen_attention") == ["xatbot-municipal"]
    assert names(q="teleassistencia") == ["teleassistencia"]  # accents ignored
    assert names(rows=1, page=2) == ["xatbot-municipal"]
    with pytest.raises(tk.ValidationError) as unknown:
        names(organization="Ajuntament de Nenlloc")
    assert "Nenlloc" in unknown.value.error_dict["organization"][0]
    with pytest.raises(tk.ValidationError):
        names(area="weather")
    with pytest.raises(tk.ValidationError):
        names(queue="everything")


def test_the_history_is_for_the_body_and_the_editors(girona, people):
    in_state("returned", girona, people, "registre-digital")
    for role in ("member", "editor", "admin", "observatory_editor", "sysadmin"):
        assert [event["event"] for event in as_person(people[role], "project_review_history", id="registre-digital")] \
            == ["submitted", "returned"]
    with pytest.raises(tk.NotAuthorized):
        as_person(people["anonymous"], "project_review_history", id="registre-digital")
    with pytest.raises(tk.ObjectNotFound):  # a project they may not read: not told it exists
        as_person(people["outsider"], "project_review_history", id="registre-digital")
    # Published, anyone reads the project, but the editors' comments stay between them and the body.
    as_person(people["editor"], "project_submit_for_review", id="registre-digital")
    as_person(people["observatory_editor"], "project_review", id="registre-digital", decision="publish")
    with pytest.raises(tk.NotAuthorized):
        as_person(people["outsider"], "project_review_history", id="registre-digital")


def test_the_activity_page_shows_the_review_history(app, girona, people):
    in_state("returned", girona, people, "registre-digital")
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user=people["member"]["name"], name="t")["token"]
    page = app.get("/dataset/activity/registre-digital", headers={"Authorization": token})
    assert page.status_code == 200
    assert 'id="review-history"' in page.body and "Falten els estalvis." in page.body
    assert people["observatory_editor"]["display_name"] in page.body


def test_notices_go_only_to_people_who_may_read_and_are_marked_read(girona, people):
    in_state("returned", girona, people, "registre-digital")
    assert as_person(people["member"], "project_notice_list")["results"] == []  # members do not document
    admin = people["admin"]
    listed = as_person(admin, "project_notice_list")
    assert listed["unread"] == 1
    # Someone who left the body is no longer told about (nor shown) its private project.
    helpers.call_action("organization_member_delete", {"user": people["sysadmin"]["name"]}, id=girona["id"],
                        username=people["editor"]["name"])
    assert as_person(people["editor"], "project_notice_list") == {"unread": 0, "results": []}
    assert as_person(admin, "project_notice_mark_read")["marked"] == 1
    assert as_person(admin, "project_notice_list", unread_only=True)["results"] == []
    with pytest.raises(tk.NotAuthorized):
        as_person(None, "project_notice_list")
    with pytest.raises(tk.ValidationError):
        as_person(admin, "project_notice_mark_read", ids="uns, dos")


def test_the_demo_catalogue_is_published():
    from ckanext.digicanvis.logic import demo

    records = demo.demo_records()[:3]
    for _record, _report in demo.load_demo(records):
        pass
    found = helpers.call_action("package_search", {"user": ""}, fq="+dataset_type:project")
    assert found["count"] == 3
    assert {project["publication_state"] for project in found["results"]} == {"published"}
