"""Single sign-on in headless Chromium against a real OpenID Connect provider on 127.0.0.1
(oidc-provider-mock): the provider names the person's council in a claim, which becomes a
request to join it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ckan import model
from ckan.tests import factories as ckan_factories

from ckanext.digicanvis.model.accounts import MembershipRequest

from tests import factories, sso

pytestmark = pytest.mark.usefixtures("clean_db")

Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def provider():
    with sso.identity_provider({"marta-vila": {"email": "marta@manlleu.example.cat", "name": "Marta Vila",
                                               "local_body": "08112"}}) as issuer:
        yield issuer


@sso.with_sso
def test_sign_in_through_the_identity_provider_asks_to_join_the_claimed_council(
    provider: str, live_server: str, page: Page, screenshot: Screenshot
) -> None:
    manlleu = factories.local_body(name="ajuntament-de-manlleu", title="Ajuntament de Manlleu", ine_code="08112")
    factories.forum_editor(ckan_factories.User(name="editora", email="editora@aoc.example.cat"))

    page.goto(f"{live_server}/user/login")
    screenshot(page, "login-with-sso")
    page.locator("a.digicanvis-sso").click()
    expect(page).to_have_url(re.compile(r"^" + re.escape(provider) + r"/oauth2/authorize"))
    page.get_by_role("button", name="marta-vila").click()

    expect(page.locator(".account-masthead .account.authed")).to_contain_text("Marta Vila")
    user = model.Session.query(model.User).filter_by(email="marta@manlleu.example.cat").one()
    assert user.state == "active"
    assert "access_token" not in (user.plugin_extras or {}).get("oidc_pkce", {})
    (request,) = model.Session.query(MembershipRequest).filter_by(user_id=user.id).all()
    assert (request.organization_id, request.source, request.status) == (manlleu["id"], "sso", "pending")

    page.goto(f"{live_server}/my-space/")
    expect(page.locator("#bodies")).to_contain_text("Ajuntament de Manlleu")
    screenshot(page, "my-space-after-sso")
