"""Where the five pages (and the API search) spend their time, request by request.

    .venv/bin/python bench/profile_pages.py                  # every page: queries, Solr calls, actions, ms
    .venv/bin/python bench/profile_pages.py --flame          # + py-spy flame graphs in bench/profiles/

Runs the site's app in this process (CKAN_INI, the generated data of bench/generate.py) with
Flask's test client as an anonymous reader and as a signed-in member of a body. For each page
it counts database queries, Solr requests and action calls per request and writes a cProfile
dump (bench/profiles/<label>-<page>.prof; open with snakeviz or `python -m pstats`) and, with
--flame, a py-spy flame graph (<label>-<page>.svg).
"""

from __future__ import annotations

import argparse
import cProfile
import collections
import os
import pstats
import subprocess
import sys
import time
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
OUT = os.path.join(ROOT, "bench", "profiles")


def pages(client: Any) -> dict[str, str]:
    from ckan import model
    from ckanext.digicanvis.model.forum import ForumPost, ForumTopic
    from sqlalchemy import func

    project = model.Session.query(model.Package.name).filter(model.Package.name.like("bench-%")).order_by(model.Package.name).first()[0]
    body = model.Session.query(model.Group.name).join(model.Package, model.Package.owner_org == model.Group.id).filter(
        model.Package.name == project).first()[0]
    topic = model.Session.query(ForumTopic.id).join(ForumPost).group_by(ForumTopic.id).order_by(func.count(ForumPost.id).desc()).first()[0]
    return {
        "project_page": f"/project/{project}",
        "search_page": "/project/?q=transparència",
        "home_page": "/",
        "local_body_page": f"/organization/{body}",
        "forum_topic_page": f"/forum/t/{topic}",
        "api_search_facets": "/api/3/action/package_search?q=digital&facet.field=" + '["area","phase","province","comarca","facet_technologies","organization"]',
    }


class Counters:
    def __init__(self) -> None:
        self.queries = 0
        self.solr = 0
        self.actions: collections.Counter[str] = collections.Counter()

    def install(self) -> None:
        import pysolr
        from sqlalchemy import event

        import ckan.logic as logic
        from ckan import model

        counters = self
        event.listen(model.meta.engine, "before_cursor_execute", lambda *a: setattr(counters, "queries", counters.queries + 1))
        send = pysolr.Solr._send_request

        def counted(solr: Any, *args: Any, **kwargs: Any) -> Any:
            counters.solr += 1
            return send(solr, *args, **kwargs)

        pysolr.Solr._send_request = counted
        get_action = logic.get_action

        def counting_get_action(name: str) -> Any:
            action = get_action(name)

            def wrapped(context: Any = None, data_dict: Any = None, **kw: Any) -> Any:
                counters.actions[name] += 1
                return action(context, data_dict, **kw)
            return wrapped

        logic.get_action = counting_get_action
        import ckan.plugins.toolkit as tk
        tk.get_action = counting_get_action


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", nargs="+")
    parser.add_argument("--flame", action="store_true", help="also record py-spy flame graphs (SVG)")
    parser.add_argument("--label", default="after", help="file name prefix: bench/profiles/<label>-<page>.prof")
    parser.add_argument("--loop", help=argparse.SUPPRESS)  # internal: one page in a loop, under py-spy
    parser.add_argument("--ini", default=os.environ.get("CKAN_INI", os.path.join(ROOT, "var", "ckan.ini")))
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    from bench.generate import load_ckan
    import bench.generate as generate

    load_ckan(args.ini)
    app = generate._APP._wsgi_app
    client = app.test_client()
    targets = pages(client)
    if args.loop:
        for _ in range(args.requests):
            client.get(targets[args.loop])
        return
    counters = Counters()
    counters.install()
    print(f"{'page':<20} {'ms/request':>10} {'queries':>8} {'solr':>5}  actions per request")
    for name, path in targets.items():
        if args.only and name not in args.only:
            continue
        for _ in range(2):  # warm caches, templates
            assert client.get(path).status_code == 200, path
        counters.queries, counters.solr, counters.actions = 0, 0, collections.Counter()
        profiler = cProfile.Profile()
        began = time.perf_counter()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        took = (time.perf_counter() - began) / args.requests * 1000
        profiler.dump_stats(os.path.join(OUT, f"{args.label}-{name}.prof"))
        per = {action: round(n / args.requests, 1) for action, n in counters.actions.most_common(8)}
        print(f"{name:<20} {took:>10.1f} {counters.queries / args.requests:>8.1f} {counters.solr / args.requests:>5.1f}  {per}", flush=True)
        if args.flame:
            subprocess.run([os.path.join(os.path.dirname(sys.executable), "py-spy"), "record", "--rate", "200", "--nonblocking",
                            "-o", os.path.join(OUT, f"{args.label}-{name}.svg"), "--", sys.executable, __file__, "--loop", name,
                            "--requests", str(args.requests), "--ini", args.ini], check=False, capture_output=True)


if __name__ == "__main__":
    main()
