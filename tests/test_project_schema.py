"""The project file through the Action API: every field round-trips, bad input is refused."""

from __future__ import annotations

import datetime

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

CHECKED_FIELDS = (
    "title", "name", "notes", "value_proposition", "savings", "cost", "funding", "barriers",
    "benefits", "technologies", "methodologies", "tools", "phase", "start_year", "end_year",
    "area", "transformation_type", "maturity_level", "language", "contacts", "partner_bodies",
)


@pytest.fixture
def body():
    return factories.local_body()


@pytest.fixture
def editor(body):
    return factories.editor_of(body["id"])


def create(user, **data):
    return helpers.call_action("package_create", {"user": user["name"]}, **data)


def test_editor_reads_back_every_field(body, editor):
    partner = factories.local_body(name="ajuntament-de-martorell", ine_code="08114")
    sent = factories.full_project(body["id"], partner_bodies=[partner["name"]])

    create(editor, **sent)
    shown = factories.show_as(editor["name"], sent["name"])

    for field in CHECKED_FIELDS:
        expected = sent[field]
        if field in ("start_year", "end_year"):
            expected = int(expected)
        if field == "savings":  # the method's versions: the original, in the record's language
            expected = [dict(saving, method_translated={"ca": saving["method"]}) for saving in expected]
        assert shown[field] == expected, field
    assert shown["organization"]["name"] == body["name"]
    assert [(r["url"], r["resource_type"]) for r in shown["resources"]] == [
        (r["url"], r["resource_type"]) for r in sent["resources"]
    ]


def test_known_technologies_take_their_canonical_spelling(body, editor):
    project = create(editor, **factories.full_project(body["id"], technologies=["ChatBot", "Chatbot", "drones"]))
    assert project["technologies"] == ["chatbot", "drones"]


REQUIRED = ("title", "notes", "area", "transformation_type", "phase", "owner_org")


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_refused(body, editor, field):
    data = factories.full_project(body["id"])
    data.pop(field)

    with pytest.raises(tk.ValidationError) as error:
        create(editor, **data)

    assert field in error.value.error_dict
    assert model.Session.query(model.Package).count() == 0


NEXT_YEAR = datetime.date.today().year + 1

BAD_VALUES = [
    ("area", "tourism"),
    ("transformation_type", "magic"),
    ("phase", "finished"),
    ("maturity_level", "superb"),
    ("language", "fr"),
    ("start_year", "1979"),
    ("start_year", str(NEXT_YEAR + 1)),
    ("end_year", "nineteen"),
    ("cost", "-5"),
    ("partner_bodies", ["no-such-body"]),
]


@pytest.mark.parametrize(("field", "value"), BAD_VALUES)
def test_invalid_value_is_refused_and_nothing_stored(body, editor, field, value):
    with pytest.raises(tk.ValidationError) as error:
        create(editor, **factories.full_project(body["id"], **{field: value}))

    assert field in error.value.error_dict
    assert model.Session.query(model.Package).count() == 0


def test_end_year_before_start_year_is_refused(body, editor):
    with pytest.raises(tk.ValidationError) as error:
        create(editor, **factories.full_project(body["id"], start_year="2022", end_year="2020"))
    assert "end_year" in error.value.error_dict


BAD_SUBFIELDS = [
    ("savings", {"kind": "money", "amount": "-3"}, "amount"),
    ("savings", {"kind": "gold", "amount": "3"}, "kind"),
    ("savings", {"kind": "money", "amount": "3", "period": "decade"}, "period"),
    ("contacts", {"name": "Anna", "email": "not-an-email", "public": "yes"}, "email"),
    ("contacts", {"name": "Anna", "phone": "call me", "public": "yes"}, "phone"),
    ("contacts", {"name": "Anna", "public": "maybe"}, "public"),
    ("contacts", {"role": "nameless", "public": "yes"}, "name"),
]


@pytest.mark.parametrize(("field", "item", "subfield"), BAD_SUBFIELDS)
def test_invalid_repeating_subfield_is_named(body, editor, field, item, subfield):
    with pytest.raises(tk.ValidationError) as error:
        create(editor, **factories.full_project(body["id"], **{field: [item]}))

    assert subfield in error.value.error_dict[field][0]
    assert model.Session.query(model.Package).count() == 0


def test_malformed_resource_url_is_refused(body, editor):
    bad = [{"url": "javascript:alert(1)", "name": "x", "resource_type": "article"}]
    with pytest.raises(tk.ValidationError) as error:
        create(editor, **factories.full_project(body["id"], resources=bad))
    assert "resources" in error.value.error_dict


def test_unknown_resource_type_is_refused(body, editor):
    bad = [{"url": "https://example.cat", "name": "x", "resource_type": "poster"}]
    with pytest.raises(tk.ValidationError) as error:
        create(editor, **factories.full_project(body["id"], resources=bad))
    assert "resource_type" in error.value.error_dict["resources"][0]


def test_update_with_bad_value_changes_nothing(body, editor):
    project = create(editor, **factories.full_project(body["id"]))

    with pytest.raises(tk.ValidationError):
        helpers.call_action("package_patch", {"user": editor["name"]}, id=project["id"], phase="done", title="New")

    shown = factories.show_as(editor["name"], project["id"])
    assert (shown["phase"], shown["title"]) == ("implemented", project["title"])


@pytest.mark.parametrize(
    ("lang", "message"),
    [("ca", "L'any ha de ser entre"), ("es", "El año debe estar entre"), ("en", "The year must be between")],
)
def test_api_errors_speak_the_request_language(app, body, editor, lang, message):
    token = helpers.call_action("api_token_create", {"user": editor["name"]}, user=editor["name"], name="t")["token"]
    data = factories.full_project(body["id"], start_year="1900")

    response = app.post(
        f"/{lang}/api/3/action/package_create" if lang != "ca" else "/api/3/action/package_create",
        json=data, headers={"Authorization": token}, status=409,
    )

    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert message in error["start_year"][0]


def test_a_draft_through_the_api_still_needs_every_required_field(body, editor):
    # Only the multi-page form may leave later pages' fields for later.
    data = factories.full_project(body["id"], state="draft")
    data.pop("notes")

    with pytest.raises(tk.ValidationError) as error:
        create(editor, **data)

    assert "notes" in error.value.error_dict


def test_a_single_technology_from_a_one_input_form_is_one_item(body, editor):
    project = create(editor, **factories.full_project(body["id"], technologies="Electronic Signature"))
    assert project["technologies"] == ["electronic signature"]
