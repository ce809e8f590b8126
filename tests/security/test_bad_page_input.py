"""Bad input to the pages (Hypothesis), as test_bad_input.py does for the actions: the query
parameters of every page of ours that reads them, and the fields of the forms of accounts,
El meu espai and needs, get markup, control characters, huge and pattern-like text, repeated
values and unknown ids. The answer is never a 500, and markup sent comes back escaped, never
as markup (a reflected XSS would show it whole).

Forms are posted with the outsider's API token (no CSRF token needed: test_csrf.py covers
browser sessions); each case is the same on every run (derandomised).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.world import World

EXAMPLES = 15
SCRIPT = "<script>alert(1)</script>"
VALUES = st.one_of(
    st.sampled_from([SCRIPT, '"><img src=x onerror=alert(1)>', "\\", "%", "_", "%_\\", "' OR 1=1 --", "{{7*7}}",
                     "../../etc/passwd", "-1", "0", "99999999999999999999", "1e309", "nan", "", " ", "🙂", "ı", "ß"]),
    st.text(max_size=40),
    st.integers(3000, 20000).map(lambda n: "z" * n),
)

# Pages (GET) and the query parameters each reads.
PAGES = {
    "/statistics/": ("area", "province", "comarca"),
    "/statistics/area.csv": ("area", "province", "comarca"),
    "/statistics/coverage.json": ("area", "province", "comarca"),
    "/statistics/{anything}.csv": (),
    "/forum/needs/": ("state", "area", "solved_with", "page"),
    "/forum/needs/new": ("area",),
    "/forum/needs/settings": (),
    "/local-bodies/": ("q", "body_type", "comarca", "province", "country", "sort", "page"),
    "/my-space/": ("page",),
    "/user/join": ("organization",),
    "/forum/": ("show", "page"),
    "/forum/search": ("q", "category", "tag", "page"),
    "/project/": ("q", "ext_near", "ext_radius_km", "ext_size_like", "page", "sort"),
    "/project/export.csv": ("q", "ext_near", "ext_radius_km", "ext_size_like"),
    "/project/map.geojson": ("q", "ext_near", "ext_radius_km", "ext_size_like"),
    "/review": ("queue", "organization", "area", "q", "page"),
    "/project/{project}/confirm": ("token",),
    "/harvest/spreadsheet/import/{anything}": (),
    "/harvest/spreadsheet/import/{anything}.json": (),
}
# Forms (POST) and their fields.
FORMS = {
    "/user/join": ("organization", "message"),
    "/forum/needs/new": ("body", "area", "title", "description", "technologies", "budget_range"),
    "/forum/needs/settings": ("body", "notify_suggestions"),
    "/forum/needs/{need}/solve": ("project", "post_id"),
    "/forum/needs/{need}/pin": ("project", "pinned"),
    "/my-space/unfollow": ("object_type", "id"),
    "/my-space/drafts/{anything}/discard": (),
    "/user/confirm": ("email",),
    "/review/{returned}": ("decision", "comment", "came_from"),
    "/project/{returned}/submit": ("note",),
    "/project/{project}/confirm": ("token",),
    "/harvest/spreadsheet/import": ("dry_run", "skip_invalid"),
}
# Who reads or posts where the outsider would only be refused (the fields must be reached).
READERS = {"/review": ("forum_editor",), "/harvest/spreadsheet/import/{anything}": ("sysadmin",),
           "/harvest/spreadsheet/import/{anything}.json": ("sysadmin",)}
WRITERS = {"/review/{returned}": "forum_editor", "/project/{returned}/submit": "editor",
           "/harvest/spreadsheet/import": "sysadmin"}


def path_of(template: str, world: World, data: st.DataObject) -> str:
    anything = data.draw(st.sampled_from(["x", "%5C", "..%2F..", "z" * 300, "%3Cb%3E"]), label="id in path")
    if not world.returned:  # one returned project for the module's review and submit forms
        world.returned = world.fresh_project("returned")
    return template.format(need=world.needs["public"], anything=anything, project=world.project("public"),
                           returned=world.returned)


def draw_fields(data: st.DataObject, names: tuple[str, ...]) -> dict[str, Any]:
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True, min_size=1), label="fields") if names else []
    fields: dict[str, Any] = {}
    for name in chosen:
        values = data.draw(st.lists(VALUES, min_size=1, max_size=3), label=name)  # repeated parameters too
        fields[name] = values if len(values) > 1 else values[0]
    return fields


def refused_or_shown(response: Any, where: str) -> None:
    # Read every body whole, as a client does: a streamed download (the search export) left
    # unread is closed later, outside its request, and breaks the next request's teardown.
    body = response.get_data(as_text=True)
    assert response.status_code < 500, (where, response.status_code, body[:500])
    if response.mimetype == "text/html":  # JSON and CSV carry text as data, not as markup
        assert SCRIPT not in body, f"{where}: markup came back as markup"


def run_cases(check: Any) -> None:
    settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])(given(data=st.data())(check))()


def test_bad_query_parameters_never_make_a_page_fail(app, world: World):
    cases = 0
    for template, names in PAGES.items():
        def check(data: st.DataObject) -> None:
            nonlocal cases
            reader = data.draw(st.sampled_from(READERS.get(template, ("anonymous", "outsider"))), label="reader")
            path, query = path_of(template, world, data), draw_fields(data, names)
            response = app.get(path, query_string=query, headers=world.headers(reader), follow_redirects=False)
            cases += 1
            refused_or_shown(response, f"GET {path} {query!r} as {reader}")
        run_cases(check)
    print(f"bad page input: {cases} GET cases over {len(PAGES)} pages")


def test_bad_form_fields_never_make_a_form_fail(app, world: World):
    cases = 0
    for template, names in FORMS.items():
        def check(data: st.DataObject) -> None:
            nonlocal cases
            path, form = path_of(template, world, data), draw_fields(data, names)
            response = app.post(path, data=form, headers=world.headers(WRITERS.get(template, "outsider")),
                                follow_redirects=False)
            cases += 1
            refused_or_shown(response, f"POST {path} {form!r}")
        run_cases(check)
    print(f"bad form input: {cases} POST cases over {len(FORMS)} forms")
