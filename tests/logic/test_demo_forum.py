"""The demo forum: loaded with the demo catalogue through the forum's actions, read on the
forum's pages, and a second load changes nothing."""

from __future__ import annotations

import pytest

import ckan.cli.cli
from ckan import model

from ckanext.digicanvis.logic import demo
from ckanext.digicanvis.model.forum import ForumFollow, ForumPost, ForumTopic

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

QUESTION = "Xatbot per a un ajuntament de 20.000 habitants: per on començar?"


@pytest.fixture
def demo_projects(monkeypatch, cli) -> None:
    factories.demo_forum_projects(cli, monkeypatch)


def load(cli) -> str:
    result = cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo-forum"])
    assert result.exit_code == 0, result.output
    return result.output


def snapshot() -> dict[str, object]:
    return {
        "topics": sorted((t.title, t.category_id, t.kind, t.answer_post_id or "") for t in model.Session.query(ForumTopic)),
        "posts": sorted((p.topic_id, p.author_id, p.parent_id or "", p.body) for p in model.Session.query(ForumPost)),
        "follows": model.Session.query(ForumFollow).count(),
        "users": model.Session.query(model.User).filter(model.User.name.like("%-demo")).count(),
    }


def test_demo_forum_loads_once_through_the_actions(cli, demo_projects):
    output = load(cli)
    assert "Demo forum: 5 people, 4 topics and 13 messages added, 1 answers accepted" in output
    topics = {topic.title: topic for topic in model.Session.query(ForumTopic)}
    assert len(topics) == 4
    categories = {topic.category_id for topic in topics.values()}
    assert len(categories) >= 3, "topics in different categories"

    question = topics[QUESTION]
    assert question.kind == "question" and question.answer_post_id
    answer = model.Session.get(ForumPost, question.answer_post_id)
    assert model.Session.get(model.User, answer.author_id).name == "jordi-roca-demo"
    discussion = model.Session.query(ForumTopic).filter(ForumTopic.discussion_of.isnot(None)).one()
    assert model.Package.get(discussion.discussion_of).name == "xatbot-municipal-web-telegram-i-whatsapp"
    # Demo people: real accounts nobody can sign in to with a known password, e-mailed nothing.
    marta = model.User.get("marta-vidal-demo")
    assert marta.state == "active" and marta.fullname == "Marta Vidal"

    before = snapshot()
    assert "Demo forum: 0 people, 0 topics and 0 messages added, 0 answers accepted" in load(cli)
    assert snapshot() == before


def test_newcomer_reads_the_demo_forum(app, cli, demo_projects):
    load(cli)
    index = app.get("/forum/")
    assert index.status_code == 200
    for title in (QUESTION, "Teleassistència i dades per detectar situacions de risc abans que passin",
                  "Licitació electrònica en un municipi petit sense personal de contractació"):
        assert title in index.body

    question = model.Session.query(ForumTopic).filter_by(title=QUESTION).one()
    page = app.get(f"/forum/t/{question.id}")
    assert page.status_code == 200
    assert "Marta Vidal" in page.body and "Jordi Roca" in page.body and "Joan Mas" in page.body
    assert "només amb el padró" in page.body
    # The accepted answer comes right after the question, and links the project it names.
    assert page.body.index("només amb el padró") < page.body.index("Des de Mataró coincidim")
    assert 'href="/project/xatbot-del-padro-i-canal-de-whatsapp-municipal"' in page.body

    discussion = app.get("/project/xatbot-municipal-web-telegram-i-whatsapp/discussion")
    assert discussion.status_code == 200
    assert "castellà i en català barrejats" in discussion.body and "nou de cada deu" in discussion.body


def test_topics_about_missing_projects_are_skipped(cli, monkeypatch):
    only_madrid = [record for record in demo.demo_records() if record["title"] == "Decide Madrid"]
    monkeypatch.setattr(demo, "demo_records", lambda: only_madrid)
    assert cli.invoke(ckan.cli.cli.ckan, ["digicanvis", "load-demo"]).exit_code == 0
    output = load(cli)
    assert "5 people, 0 topics and 0 messages added" in output
    assert "skipped: " + QUESTION in output
    assert model.Session.query(ForumTopic).count() == 0
