"""Lists that page: a local body's projects, forum topics, the requests page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan import model
from ckan.tests import factories as ckan_factories, helpers

from ckanext.digicanvis.model.collaboration import ContactRequest

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def links(html: str, selector: str) -> list[str]:
    return [a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").select(selector)]


def test_a_bodys_projects_page_by_twenty(app):
    body = factories.body_at("girona")
    for index in range(22):
        factories.project_of(body, f"projecte-{index:02d}", title=f"Projecte {index:02d}")
    first = app.get("/organization/ajuntament-de-girona").body
    second = app.get("/organization/ajuntament-de-girona?page=2").body
    assert len(links(first, ".dataset-item .dataset-heading a")) == 20
    assert len(links(second, ".dataset-item .dataset-heading a")) == 2
    assert "page=2" in first


def test_forum_topics_page_by_twenty(app):
    authors = [ckan_factories.User() for _ in range(3)]  # 20 messages an hour each at most
    for index in range(23):
        factories.forum_topic(authors[index % 3], title=f"Tema {index:02d}", kind="discussion", category="general")
    for path in ("/forum/", "/forum/c/general"):
        assert "page=2" in app.get(path).body
        assert app.get(f"{path}?page=2").body.count('class="digicanvis-topic"') == 3


def test_the_requests_page_pages_each_list(app):
    body = factories.body_at("girona")
    project = factories.project_of(body, "xatbot-girona")
    sender = ckan_factories.User(name="laia")
    for index in range(23):
        model.Session.add(ContactRequest(package_id=project["id"], organization_id=body["id"], sender_id=sender["id"],
                                         message=f"Missatge {index:02d}"))
    model.Session.commit()
    token = helpers.call_action("api_token_create", {"ignore_auth": True}, user="laia", name="t")["token"]
    first = app.get("/requests/", headers={"Authorization": token}).body
    assert first.count("digicanvis-contact-request") == 20 and "sent_contacts=2" in first
    second = app.get("/requests/?sent_contacts=2", headers={"Authorization": token}).body
    assert second.count("digicanvis-contact-request") == 3
