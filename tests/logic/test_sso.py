"""Single sign-on through CKAN's test client against a real OpenID Connect provider on
127.0.0.1: a trusted body claim makes a membership; without the plugin the login page
offers no single sign-on."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

from ckan import model

from ckanext.digicanvis.logic import accounts

from tests import factories, sso

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def provider():
    with sso.identity_provider({"pere": {"email": "pere@vic.example.cat", "name": "Pere Soler", "local_body": "Ajuntament de Vic"},
                                "nobody": {"email": "nobody@example.cat", "name": "Ningú", "local_body": "Narnia"}}) as issuer:
        yield issuer


def sign_in(app, sub: str):
    """The whole code flow: CKAN → provider (the person picks ``sub``) → CKAN's callback."""
    to_provider = app.get("/user/login/oidc-pkce", follow_redirects=False)
    assert to_provider.status_code == 302
    authorize = to_provider.headers["Location"]
    back = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    return app.get(f"{callback.path}?{callback.query}", follow_redirects=False)


@sso.with_sso
@pytest.mark.ckan_config("ckanext.digicanvis.sso.trust_body_claim", "true")
def test_a_trusted_body_claim_makes_a_membership(provider, app):
    vic = factories.local_body(name="ajuntament-de-vic", title="Ajuntament de Vic", ine_code="08298")
    done = sign_in(app, "pere")
    assert done.status_code == 302
    user = model.Session.query(model.User).filter_by(email="pere@vic.example.cat").one()
    assert accounts.role_in(user, vic["id"]) == "admin"  # the body's first member
    # Signing in again changes nothing and makes no duplicate.
    sign_in(app, "pere")
    assert model.Session.query(model.User).filter_by(email="pere@vic.example.cat").count() == 1


@sso.with_sso
def test_a_claim_naming_no_body_signs_in_without_a_request(provider, app):
    from ckanext.digicanvis.model.accounts import MembershipRequest

    sign_in(app, "nobody")
    user = model.Session.query(model.User).filter_by(email="nobody@example.cat").one()
    assert model.Session.query(MembershipRequest).filter_by(user_id=user.id).count() == 0


def test_without_the_plugin_there_is_no_single_sign_on(app):
    page = app.get("/user/login").body
    assert "digicanvis-sso" not in page
    app.get("/user/login/oidc-pkce", status=404)
