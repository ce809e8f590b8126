"""Fill the local site with a synthetic observatory for the benchmarks.

    .venv/bin/python bench/generate.py --projects 10000            # bulk load (fast)
    .venv/bin/python bench/generate.py --projects 200 --via api    # through package_create

Projects (bench/synthetic.py) are spread over every local body of the site, weighted by
population; then forum topics with replies (one topic with ``--big-topic`` replies) and
contact/visit requests. The bulk path writes the rows CKAN's ``package_create`` would write
(package, resources, organisation membership, the contacts table), with COPY, and leaves
indexing to ``ckan digicanvis reindex`` (which prints the rate); tests/bench checks
that both paths store and index the same. The bulk path writes no activity-stream entries.

Run it against your own site (``make up``), never the test database: it reads CKAN_INI
(var/ckan.ini) and the CKAN_* service variables that scripts/env.sh exports.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import math
import os
import random
import sys
import time
import uuid
from typing import Any, Iterable, Iterator

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import synthetic  # noqa: E402

BATCH = 2000
# Fields CKAN keeps in the package table's own columns; the others go to its ``extras``.
CORE = ("name", "title", "notes", "owner_org", "type")


def load_ckan(ini: str) -> None:
    """CKAN's configuration and plugins, as a command would have them."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    global _APP
    _APP = make_app(load_config(ini))


def site_context() -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def local_bodies() -> list[synthetic.Body]:
    from ckan import model

    orgs = model.Session.query(model.Group).filter(model.Group.is_organization.is_(True), model.Group.state == "active")
    bodies = []
    for org in orgs.order_by(model.Group.name):
        try:
            population = int((org.extras or {}).get("population") or 1000)
        except ValueError:
            population = 1000
        bodies.append(synthetic.Body(org.id, org.name, org.title, math.sqrt(population)))
    return bodies


def projects(count: int, seed: int, start: int, bodies: list[synthetic.Body]) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    shape = synthetic.DemoShape.load()
    weights = [body.weight for body in bodies]
    earlier: list[str] = []
    for number in range(start, start + count):
        owner = rng.choices(bodies, weights=weights)[0]
        data = synthetic.project(rng, shape, number, owner, bodies, earlier[-500:])
        earlier.append(data["name"])
        yield data


# ---------------------------------------------------------------- the API path


def create_via_api(items: Iterable[dict[str, Any]]) -> list[str]:
    import ckan.plugins.toolkit as tk

    ids = []
    for data in items:
        ids.append(tk.get_action("package_create")(site_context(), dict(data))["id"])
    return ids


# ---------------------------------------------------------------- the bulk path


def with_versions(item: dict[str, Any], fields: tuple[str, ...], language: str) -> dict[str, Any]:
    """``F_translated`` as the validators store it: the original-language text, as JSON text."""
    found = dict(item)
    for field in fields:
        if isinstance(item.get(field), str) and item[field].strip():
            found[f"{field}_translated"] = json.dumps({language: item[field]}, ensure_ascii=False)
    return found


def stored_extras(data: dict[str, Any]) -> dict[str, str]:
    """The extras ``package_create`` stores for this project (validated, as text)."""
    from ckanext.digicanvis.logic import translated
    from ckanext.digicanvis.logic.validators import digicanvis_technologies

    language = data.get("language") or translated.LANGUAGES[0]
    data = with_versions(data, translated.DATASET_FIELDS, language)
    if data.get("savings"):
        data["savings"] = [with_versions(saving, translated.SAVINGS_FIELDS, language) for saving in data["savings"]]
    extras: dict[str, str] = {}
    for key, value in data.items():
        if key in CORE or key in ("resources", "contacts"):
            continue
        if key == "technologies":
            value = digicanvis_technologies(value)
        # Repeating subfields come back from validation with their keys sorted.
        extras[key] = json.dumps(value, sort_keys=True) if isinstance(value, list) else str(value)
    # scheming's multiple_text preset (no ignore_missing) stores an empty list when absent.
    for key in ("methodologies", "tools"):
        extras.setdefault(key, "[]")
    return extras


class BulkWriter:
    """Rows for many projects at once, written with COPY in the caller's transaction."""

    def __init__(self, creator_id: str, org_ids: dict[str, str]):
        self.creator_id = creator_id
        self.org_ids = org_ids
        self.tables: dict[str, list[list[Any]]] = {"package": [], "resource": [], "member": [], "digicanvis_project_contact": []}

    def add(self, data: dict[str, Any]) -> str:
        now = datetime.datetime.utcnow().isoformat()
        package_id = str(uuid.uuid4())
        owner = self.org_ids[data["owner_org"]]
        self.tables["package"].append([
            package_id, data["name"], data["title"], None, None, data["notes"], None, None, None, None, "active",
            None, data["type"], owner, "f", now, self.creator_id, now, None, json.dumps(stored_extras(data)),
        ])
        from ckanext.digicanvis.logic import translated

        for position, resource in enumerate(data.get("resources", [])):
            versions = with_versions(resource, translated.RESOURCE_FIELDS, data.get("language") or translated.LANGUAGES[0])
            extras = {key: versions[key] for key in ("language", "name_translated", "description_translated") if versions.get(key)}
            self.tables["resource"].append([
                str(uuid.uuid4()), resource["url"], "", resource.get("description", ""), position, "", "active",
                json.dumps(extras) if extras else None, resource["name"], resource["resource_type"], None, None, None,
                None, None, None, None, package_id, now, now,
            ])
        self.tables["member"].append([str(uuid.uuid4()), owner, package_id, "active", "package", "organization"])
        for position, contact in enumerate(data.get("contacts", [])):
            self.tables["digicanvis_project_contact"].append([
                package_id, position, contact["name"], contact.get("role") or None, contact.get("email") or None,
                contact.get("phone") or None, "t" if contact.get("public") == "yes" else "f",
            ])
        return package_id

    COLUMNS = {
        "package": "id, name, title, version, url, notes, author, author_email, maintainer, maintainer_email, state, "
                   "license_id, type, owner_org, private, metadata_modified, creator_user_id, metadata_created, plugin_data, extras",
        "resource": "id, url, format, description, position, hash, state, extras, name, resource_type, mimetype, "
                    "mimetype_inner, size, last_modified, cache_url, cache_last_updated, url_type, package_id, created, metadata_modified",
        "member": "id, group_id, table_id, state, table_name, capacity",
        "digicanvis_project_contact": "package_id, position, name, role, email, phone, public",
    }

    def flush(self, connection: Any) -> None:
        cursor = connection.cursor()
        for table, rows in self.tables.items():
            if not rows:
                continue
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(["\\N" if value is None else value for value in row])
            buffer.seek(0)
            cursor.copy_expert(f"COPY {table} ({self.COLUMNS[table]}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
            rows.clear()


def create_in_bulk(items: Iterable[dict[str, Any]], report: Any = None) -> list[str]:
    from ckan import model

    creator = model.User.get(site_context()["user"])
    org_ids = {name: id_ for id_, name in model.Session.query(model.Group.id, model.Group.name).filter(model.Group.is_organization.is_(True))}
    writer = BulkWriter(creator.id, org_ids)
    connection = model.Session.connection().connection.dbapi_connection
    ids = []
    for data in items:
        ids.append(writer.add(data))
        if len(ids) % BATCH == 0:
            writer.flush(connection)
            if report:
                report(len(ids))
    writer.flush(connection)
    model.Session.commit()
    return ids


# ---------------------------------------------------------------- forum and requests


def users(count: int) -> list[str]:
    """Bench users (members of no body), created once; returns their ids."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    existing = [u.id for u in model.Session.query(model.User).filter(model.User.name.like("bench-user-%"))]
    for number in range(len(existing), count):
        user = tk.get_action("user_create")(site_context(), {
            "name": f"bench-user-{number:03d}", "email": f"bench{number}@example.org", "password": uuid.uuid4().hex})
        existing.append(user["id"])
    return existing


def forum(rng: random.Random, user_ids: list[str], topics: int, replies: int, big_topic: int) -> int:
    from ckan import model
    from ckanext.digicanvis.model.forum import ForumCategory, ForumPost, ForumTopic

    categories = [c.id for c in model.Session.query(ForumCategory)]
    made = 0
    for number in range(topics + 1):
        count = big_topic if number == 0 else rng.randint(max(replies // 2, 0), replies * 3 // 2)
        language = rng.choice(["ca", "ca", "es", "en"])
        title = ("Tema amb moltes respostes" if number == 0 else synthetic.forum_text(rng, language)[:80])
        created = datetime.datetime.utcnow() - datetime.timedelta(days=rng.randint(1, 900))
        topic = ForumTopic(title=title, kind=rng.choice(["discussion", "question"]), category_id=rng.choice(categories),
                           author_id=rng.choice(user_ids), tags=[], created=created, last_activity=created)
        model.Session.add(topic)
        model.Session.flush()
        opening = ForumPost(topic_id=topic.id, author_id=topic.author_id, body=synthetic.forum_text(rng, language), created=created)
        model.Session.add(opening)
        model.Session.flush()
        top_level: list[str] = [opening.id]
        for index in range(count):
            post = ForumPost(topic_id=topic.id, author_id=rng.choice(user_ids), body=synthetic.forum_text(rng, language),
                             created=created + datetime.timedelta(minutes=index + 1),
                             parent_id=rng.choice(top_level) if rng.random() < 0.4 else None)
            model.Session.add(post)
            if post.parent_id is None and index % 10 == 0:
                model.Session.flush()
                top_level.append(post.id)
            made += 1
        topic.last_activity = created + datetime.timedelta(minutes=count)
        model.Session.commit()
    return made


def requests(rng: random.Random, user_ids: list[str], package_ids: list[str], count: int) -> int:
    from ckan import model
    from ckanext.digicanvis.model.collaboration import ContactRequest

    owners = dict(model.Session.query(model.Package.id, model.Package.owner_org).filter(model.Package.id.in_(package_ids[:count])))
    for package_id, owner in owners.items():
        model.Session.add(ContactRequest(package_id=package_id, organization_id=owner, sender_id=rng.choice(user_ids),
                                         message=synthetic.forum_text(rng, "ca")))
    model.Session.commit()
    return len(owners)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--via", choices=["bulk", "api"], default="bulk")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--start", type=int, help="first project number (default: after the existing bench-* ones)")
    parser.add_argument("--topics", type=int, help="forum topics (default: projects / 100)")
    parser.add_argument("--replies", type=int, default=10, help="replies per topic, on average")
    parser.add_argument("--big-topic", type=int, default=1000, help="replies of one long topic")
    parser.add_argument("--requests", type=int, help="contact requests (default: projects / 50)")
    parser.add_argument("--ini", default=os.environ.get("CKAN_INI", "var/ckan.ini"))
    args = parser.parse_args()
    load_ckan(args.ini)
    from ckan import model

    start = args.start
    if start is None:
        start = model.Session.query(model.Package).filter(model.Package.name.like("bench-%")).count()
    bodies = local_bodies()
    began = time.monotonic()

    def report(done: int) -> None:
        rate = done / (time.monotonic() - began)
        print(f"  {done:>7} / {args.projects} projects  ({rate:,.0f}/s)", flush=True)

    items = projects(args.projects, args.seed + start, start, bodies)
    with _APP._wsgi_app.test_request_context() if hasattr(_APP, "_wsgi_app") else _nullcontext():
        ids = create_in_bulk(items, report) if args.via == "bulk" else create_via_api(items)
        took = time.monotonic() - began
        print(f"projects: {len(ids)} in {took:.1f} s = {len(ids) / took:,.0f} projects/s ({args.via}; not indexed yet"
              f"{'' if args.via == 'bulk' else ', indexed on create'})")
        rng = random.Random(args.seed)
        user_ids = users(40)
        began = time.monotonic()
        posts = forum(rng, user_ids, args.topics if args.topics is not None else args.projects // 100, args.replies, args.big_topic)
        print(f"forum: {posts} replies in {time.monotonic() - began:.1f} s")
        made = requests(rng, user_ids, ids, args.requests if args.requests is not None else args.projects // 50)
        print(f"requests: {made} contact requests")
    if args.via == "bulk":
        print("Now index them: make reindex (ckan digicanvis reindex; add --only-missing to skip indexed ones)")


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


if __name__ == "__main__":
    main()
