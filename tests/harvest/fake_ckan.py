"""A small CKAN Action API (package_search, package_show, organization_show) served by the
test HTTP server: the remote DigiCanvis site or CKAN portal a ``digicanvis`` source reads.

It answers what the harvester asks: paging (``start``/``rows``, sorted by id), the
``metadata_modified:[X TO *]`` filter, ``fl=id``; every other filter term is accepted and
ignored, like a portal whose datasets all match.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

SINCE = re.compile(r"metadata_modified:\[(\S+?)Z? TO \*\]")


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat()


class FakeCkan:
    def __init__(self, server: Any) -> None:
        self.server = server
        self.datasets: dict[str, dict[str, Any]] = {}
        self.organizations: dict[str, dict[str, Any]] = {}
        for action in ("package_search", "package_show", "organization_show"):
            server.route(f"/api/3/action/{action}", self._handler(action))

    @property
    def url(self) -> str:
        return self.server.url("")

    # -------------------------------------------------- content

    def organization(self, name: str, title: str, **facts: Any) -> dict[str, Any]:
        org = {"id": str(uuid.uuid4()), "name": name, "title": title, "type": "organization",
               "is_organization": True, "state": "active", **facts}
        self.organizations[name] = org
        return org

    def project(self, title: str, organization: str, **fields: Any) -> dict[str, Any]:
        """A DigiCanvis project as the remote's package_show gives it (public view)."""
        org = self.organizations[organization]
        name = fields.pop("name", None) or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:90]
        dataset = {
            "id": fields.pop("id", None) or str(uuid.uuid4()), "type": "project", "name": name, "title": title,
            "notes": f"{title}: what it does.", "area": "services_procedures", "phase": "implemented",
            "transformation_type": "service", "technologies": ["open data"], "language": "ca",
            "organization": {key: org[key] for key in ("id", "name", "title", "type")}, "owner_org": org["id"],
            "metadata_modified": now(), "resources": [], "contacts": [], "state": "active",
        }
        dataset.update(fields)
        self.datasets[dataset["id"]] = dataset
        return dataset

    def change(self, dataset_id: str, **fields: Any) -> None:
        self.datasets[dataset_id].update(fields, metadata_modified=now())

    # -------------------------------------------------- the API

    def _handler(self, action: str):
        def handle(request) -> None:
            params = {key: values[0] for key, values in parse_qs(urlsplit(request.path).query).items()}
            status, body = 200, {"success": True, "result": getattr(self, action)(params)}
            if body["result"] is None:
                status, body = 404, {"success": False, "error": {"message": "Not found"}}
            data = json.dumps(body).encode()
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)

        return handle

    def package_search(self, params: dict[str, str]) -> dict[str, Any]:
        found = sorted(self.datasets.values(), key=lambda dataset: dataset["id"])
        since = SINCE.search(params.get("fq", ""))
        if since:
            found = [dataset for dataset in found if dataset["metadata_modified"] >= since.group(1)]
        start, rows = int(params.get("start", 0)), int(params.get("rows", 10))
        page = found[start:start + rows]
        if params.get("fl") == "id":
            page = [{"id": dataset["id"]} for dataset in page]
        return {"count": len(found), "results": page}

    def package_show(self, params: dict[str, str]) -> dict[str, Any] | None:
        return self.datasets.get(params.get("id", ""))

    def organization_show(self, params: dict[str, str]) -> dict[str, Any] | None:
        return self.organizations.get(params.get("id", ""))
