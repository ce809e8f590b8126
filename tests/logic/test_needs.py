"""Needs matched to projects: posting, suggestions (Solr MoreLikeThis with boosts), who is told,
pins, solved with what helped, and who may call each action."""

from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.digicanvis.model.forum import ForumNotification, ForumTopic
from ckanext.digicanvis.model.needs import Need, NeedBodySetting

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

TELECARE = {
    "title": "Teleassistència per a la gent gran que viu sola",
    "description": "Volem una alarma de teleassistència per a les persones grans que viuen soles, amb seguiment a casa.",
    "area": "social_services",
}


def as_user(user, action, **data):
    return helpers.call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


def auth(user, action, **data):
    return helpers.call_auth(action, {"user": user["name"] if user else "", "model": model}, **data)


@pytest.fixture
def world():
    """A small council with a clerk (editor), a city with a telecare project and its IT lead
    (admin) and a plain member, and a Lleida project of another area."""
    small = factories.local_body(name="ajuntament-de-tremp", title="Ajuntament de Tremp", ine_code="25223",
                                 comarca="Pallars Jussà", province="Lleida", population=5875, latitude=42.16703, longitude=0.89487)
    city = factories.body_at("sabadell", ine_code="08187", comarca="Vallès Occidental")
    lleida = factories.body_at("lleida", ine_code="25120", comarca="Segrià", province="Lleida")
    clerk = factories.editor_of(small["id"], ckan_factories.User(name="clerk", email="clerk@tremp.example"))
    it_lead = ckan_factories.User(name="it-lead", email="it@sabadell.example")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=city["id"], username="it-lead", role="admin")
    member = ckan_factories.User(name="plain-member", email="member@sabadell.example")
    helpers.call_action("organization_member_create", {"ignore_auth": True}, id=city["id"], username="plain-member", role="member")
    telecare = factories.project_of(city, "teleassistencia-sabadell", title="Teleassistència a domicili",
                                    notes="Alarma de teleassistència per a persones grans que viuen soles, amb seguiment a casa i trucades.",
                                    area="social_services", technologies=["telecare devices"])
    factories.project_of(lleida, "xatbot-lleida", title="Xatbot municipal", notes="Un xatbot per al padró.", area="citizen_attention")
    own = factories.project_of(small, "tremp-own", title="Teleassistència de Tremp", notes=TELECARE["description"], area="social_services")
    return {"small": small, "city": city, "clerk": clerk, "it_lead": it_lead, "member": member,
            "telecare": telecare, "own": own}


def post_need(world, **fields):
    return as_user(world["clerk"], "need_create", **{"body": world["small"]["name"], **TELECARE, **fields})


class TestPosting:
    def test_a_need_is_a_forum_topic_in_its_areas_category_with_suggestions(self, world):
        need = post_need(world, technologies="telecare devices, mobile app", budget_range="10k-50k")

        topic = model.Session.get(ForumTopic, need["id"])
        assert topic.kind == "need" and need["topic"]["category"] == "social_services"
        assert need["body"]["name"] == "ajuntament-de-tremp"
        assert need["technologies"] == ["telecare devices", "mobile app"] and need["budget_range"] == "10k-50k"
        names = [project["name"] for project in need["suggestions"]]
        assert names[0] == "teleassistencia-sabadell"
        assert "tremp-own" not in names  # never the asker's own projects
        listed = helpers.call_action("forum_topic_list", kind="need")
        assert [item["id"] for item in listed["results"]] == [need["id"]]

    def test_private_projects_are_never_suggested(self, world):
        helpers.call_action("package_patch", {"user": ckan_factories.Sysadmin()["name"]}, id=world["telecare"]["id"], private=True)

        need = post_need(world)

        assert "teleassistencia-sabadell" not in [project["name"] for project in need["suggestions"]]

    @pytest.mark.parametrize(("fields", "field"), [
        ({"area": "everything"}, "area"), ({"budget_range": "a lot"}, "budget_range"), ({"title": ""}, "title"),
        ({"description": ""}, "description"), ({"body": "ajuntament-de-sabadell"}, "body"),
        ({"technologies": ["x" * 61]}, "technologies"),
    ])
    def test_bad_input_is_refused_and_stores_nothing(self, world, fields, field):
        with pytest.raises(tk.ValidationError) as error:
            post_need(world, **fields)
        assert field in error.value.error_dict
        assert model.Session.query(Need).count() == 0

    def test_who_may_post_a_need(self, world):
        outsider = ckan_factories.User()
        assert auth(world["clerk"], "need_create")
        with pytest.raises(tk.NotAuthorized):
            auth(None, "need_create")
        with pytest.raises(tk.NotAuthorized):
            auth(outsider, "need_create")  # belongs to no local body
        with pytest.raises(tk.NotAuthorized):
            as_user(outsider, "need_create", body=world["small"]["name"], **TELECARE)


class TestTellingTheBodies:
    def test_the_bodies_of_suggested_projects_are_told_in_site_and_by_email(self, world, smtp_sink, run_jobs):
        need = post_need(world)
        run_jobs()

        told = {row.user_id for row in model.Session.query(ForumNotification).filter_by(kind="suggestion", topic_id=need["id"])}
        assert world["it_lead"]["id"] in told  # admins and editors, not plain members, nor the asker
        assert not told & {world["member"]["id"], world["clerk"]["id"]}
        notices = as_user(world["it_lead"], "forum_notification_list")["results"]
        assert notices[0]["kind"] == "suggestion" and TELECARE["title"] in notices[0]["text"]
        mails = [m for m in smtp_sink if "it@sabadell.example" in m["To"]]
        assert len(mails) == 1 and "/forum/needs/settings" in mails[0].get_content()
        assert not [m for m in smtp_sink if "member@sabadell.example" in m["To"]]

    def test_a_body_that_opted_out_is_not_told(self, world, smtp_sink, run_jobs):
        as_user(world["it_lead"], "need_body_settings_update", body=world["city"]["name"], notify_suggestions=False)
        assert model.Session.get(NeedBodySetting, world["city"]["id"]).notify_suggestions is False

        need = post_need(world)
        run_jobs()

        assert "teleassistencia-sabadell" in [project["name"] for project in need["suggestions"]]
        assert model.Session.query(ForumNotification).filter_by(kind="suggestion", user_id=world["it_lead"]["id"]).count() == 0
        assert not [m for m in smtp_sink if "it@sabadell.example" in m["To"]]
        shown = as_user(world["it_lead"], "need_body_settings_show")
        assert shown == [{"body": {"id": world["city"]["id"], "name": "ajuntament-de-sabadell", "title": "Ajuntament de Sabadell"},
                          "notify_suggestions": False}]

    def test_only_a_bodys_admins_and_editors_change_its_choice(self, world):
        assert auth(world["it_lead"], "need_body_settings_update", body=world["city"]["name"])
        for user in (world["member"], world["clerk"], None):
            with pytest.raises(tk.NotAuthorized):
                auth(user, "need_body_settings_update", body=world["city"]["name"])
        with pytest.raises(tk.NotAuthorized):
            as_user(world["member"], "need_body_settings_update", body=world["city"]["name"], notify_suggestions=False)
        assert model.Session.get(NeedBodySetting, world["city"]["id"]) is None
        with pytest.raises(tk.NotAuthorized):
            auth(None, "need_body_settings_show")


class TestPinsAndRefresh:
    def test_an_editor_pins_a_project_that_comes_first_and_its_body_is_told(self, world):
        editor = factories.forum_editor()
        need = post_need(world)
        other = factories.project_of(world["city"], "padro-en-linia", title="Padró en línia", area="services_procedures")

        pinned = as_user(editor, "need_suggestion_pin", id=need["id"], project=other["name"])

        assert pinned["suggestions"][0]["name"] == "padro-en-linia" and pinned["suggestions"][0]["pinned"]
        assert model.Session.query(ForumNotification).filter_by(kind="suggestion", user_id=world["it_lead"]["id"]).count() == 2
        unpinned = as_user(editor, "need_suggestion_pin", id=need["id"], project=other["name"], pinned=False)
        assert not any(project["pinned"] for project in unpinned["suggestions"])

    def test_only_editors_pin_and_only_public_projects(self, world):
        need = post_need(world)
        for user in (world["clerk"], world["it_lead"], None):
            with pytest.raises(tk.NotAuthorized):
                auth(user, "need_suggestion_pin", id=need["id"], project="xatbot-lleida")
        private = factories.project_of(world["city"], "secret", private=True)
        with pytest.raises(tk.ValidationError):
            as_user(factories.forum_editor(), "need_suggestion_pin", id=need["id"], project=private["name"])

    def test_the_asker_and_editors_match_again_others_may_not(self, world):
        need = post_need(world)
        assert as_user(world["clerk"], "need_suggestions_refresh", id=need["id"])["suggestions"]
        assert auth(factories.forum_editor(), "need_suggestions_refresh", id=need["id"])
        for user in (world["it_lead"], None):
            with pytest.raises(tk.NotAuthorized):
                auth(user, "need_suggestions_refresh", id=need["id"])


class TestSolved:
    def test_the_asker_names_the_project_that_helped_and_it_counts_the_body(self, world):
        need = post_need(world)

        solved = as_user(world["clerk"], "need_solve", id=need["id"], project="teleassistencia-sabadell")

        assert solved["solved"] and solved["solved_project"]["name"] == "teleassistencia-sabadell"
        listing = helpers.call_action("need_list", solved_with="teleassistencia-sabadell")
        assert listing["bodies_helped"] == 1 and [item["id"] for item in listing["results"]] == [need["id"]]
        page = helpers.call_action("need_list", state="open")
        assert page["count"] == 0
        reopened = as_user(world["clerk"], "need_reopen", id=need["id"])
        assert not reopened["solved"]
        assert helpers.call_action("need_list", solved_with="teleassistencia-sabadell")["bodies_helped"] == 0

    def test_a_reply_can_be_what_helped(self, world):
        need = post_need(world)
        reply = factories.forum_reply(world["it_lead"], need["id"], "Parleu amb nosaltres: us expliquem el contracte.")
        other_topic = factories.forum_topic(world["it_lead"])

        with pytest.raises(tk.ValidationError):
            as_user(world["clerk"], "need_solve", id=need["id"], post_id=other_topic["posts"][0]["id"])
        with pytest.raises(tk.ValidationError):
            as_user(world["clerk"], "need_solve", id=need["id"])  # names nothing
        solved = as_user(world["clerk"], "need_solve", id=need["id"], post_id=reply["id"])

        assert solved["solved_post_id"] == reply["id"] and solved["topic"]["posts"][1]["id"] == reply["id"]

    def test_only_the_asker_or_an_editor_marks_it_solved(self, world):
        need = post_need(world)
        assert auth(factories.forum_editor(), "need_solve", id=need["id"])
        for user in (world["it_lead"], None):
            with pytest.raises(tk.NotAuthorized):
                auth(user, "need_solve", id=need["id"])
            with pytest.raises(tk.NotAuthorized):
                auth(user, "need_reopen", id=need["id"])
        with pytest.raises(tk.NotAuthorized):
            as_user(world["it_lead"], "need_solve", id=need["id"], project="teleassistencia-sabadell")
        assert model.Session.get(Need, need["id"]).solved_at is None


class TestReading:
    def test_anyone_reads_needs_but_not_suggestions_they_may_not_read(self, world):
        need = post_need(world)
        helpers.call_action("package_patch", {"user": ckan_factories.Sysadmin()["name"]}, id=world["telecare"]["id"], private=True)

        shown = as_user(None, "need_show", id=need["id"])
        assert "teleassistencia-sabadell" not in [project["name"] for project in shown["suggestions"]]
        assert "teleassistencia-sabadell" in [project["name"] for project in as_user(world["it_lead"], "need_show", id=need["id"])["suggestions"]]
        assert auth(None, "need_list") and auth(None, "need_show", id=need["id"])

    def test_reading_follows_the_forums_public_read_setting(self, world, ckan_config, monkeypatch):
        need = post_need(world)
        monkeypatch.setitem(ckan_config, "ckanext.digicanvis.forum.public_read", False)
        with pytest.raises(tk.NotAuthorized):
            auth(None, "need_show", id=need["id"])
        with pytest.raises(tk.NotAuthorized):
            auth(None, "need_list")
        assert auth(world["member"], "need_list")

    def test_the_project_page_says_how_many_bodies_it_helped(self, world, app):
        need = post_need(world)
        as_user(world["clerk"], "need_solve", id=need["id"], project="teleassistencia-sabadell")

        page = app.get("/project/teleassistencia-sabadell")

        assert "digicanvis-helped" in page.body and "1 ens local" in page.body


def test_a_small_council_gets_a_relevant_demo_project_first(cli):
    """On the demo catalogue: two small councils, each with a need in its own words."""
    factories.demo_with_catalan_bodies(cli, "Alpens", "Tremp")
    cases = [
        ("ajuntament-d-alpens", "social_services", "Telecare for older people who live alone",
         "We want to give older residents who live alone an alarm pendant at home, answered by a 24/7 care centre, "
         "with follow-up calls.", "servei-local-de-teleassistencia"),
        ("ajuntament-de-tremp", "integral_transformation", "Move our council to electronic administration",
         "We are a small town council still working on paper files. We want electronic file management and to use "
         "the AOC services, with some help to get started.", "emunicipis-transicio-a-l-administracio-electronica"),
        ("ajuntament-d-alpens", "social_services", "Teleassistència per a la gent gran que viu sola",  # in Catalan
         "Volem donar a les persones grans que viuen soles un penjoll d'alarma connectat a una central "
         "d'atenció les 24 hores, amb trucades de seguiment.", "servei-local-de-teleassistencia"),
    ]
    for body, area, title, description, expected in cases:
        clerk = factories.editor_of(model.Group.get(body).id)
        need = as_user(clerk, "need_create", body=body, area=area, title=title, description=description)
        assert need["suggestions"][0]["name"] == expected, [s["name"] for s in need["suggestions"]]
