"""What every project harvester shares: ckanext-harvest's three stages around the
:mod:`importer`, a per-source configuration, and the job report lines.

A harvester says how to read its source (:meth:`ProjectHarvester.gather`, a stream of
:class:`Gathered` items) and how one record maps to the project file
(:meth:`ProjectHarvester.draft`). The base does the rest:

- gather is all or nothing: records are queued only once the whole source was read, so a
  source that fails half-way (too big, too slow, malformed) changes nothing; a record whose
  fingerprint did not change since the last harvest is reported unchanged and not queued;
  records gone from the source are queued for withdrawal (``"withdraw_missing": true``);
- fetch has nothing to do (records are whole after gather);
- import never raises (a consumer must survive any record): every failure becomes a report
  line and an object error.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any, Iterator

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.model.types import make_uuid

from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject, HarvestObjectError, HarvestObjectExtra

from ckanext.digicanvis.harvest import importer, records
from ckanext.digicanvis.harvest.fetch import N_, FetchError, render
from ckanext.digicanvis.harvest.records import ACTIVE, DUPLICATE

log = logging.getLogger(__name__)

BATCH = 500  # objects flushed (and let go of) at a time during gather


class SourceError(Exception):
    """A source (or one of its records) cannot be read or mapped; msgid + params."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(render(message, {k: v for k, v in params.items() if k != "fields"}))


class ConfigError(ValueError):
    """A source configuration that cannot be used (shown on the source form)."""


@dataclasses.dataclass
class Gathered:
    """One record as read from the source (content: JSON-able, what import maps)."""

    guid: str
    content: dict[str, Any]
    title: str = ""
    row: int | None = None


@dataclasses.dataclass
class Unchanged:
    """A record the source itself says did not change (no content needed)."""

    guid: str


@dataclasses.dataclass
class Skipped:
    """A record left out: filtered by the source options, or refused (error)."""

    kind: str  # "filtered" or "error"
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    guid: str | None = None
    title: str = ""
    row: int | None = None


Item = Gathered | Unchanged | Skipped


def english(message: str, params: dict[str, Any]) -> str:
    """A report message in English, for ckanext-harvest's own error tables and logs."""
    text = render(message, {key: value for key, value in params.items() if key != "fields"})
    fields = params.get("fields") or {}
    details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in fields.items())
    return f"{text} {details}" if details else text


class ProjectHarvester(HarvesterBase):
    """Base of the observatory's harvesters (not a plugin itself: subclasses are)."""

    NAME = ""
    TITLE = ""
    DESCRIPTION = ""
    # Options every source may set, with their defaults.
    COMMON_OPTIONS: dict[str, Any] = {"withdraw_missing": True, "publish": importer.PUBLISH_DIRECT}

    def __new__(cls, *args: Any, **kwargs: Any) -> "ProjectHarvester":
        # CKAN's SingletonPlugin keeps its instance in ``cls._instance``, found through
        # inheritance too: a subclass of CKANHarvester would get ckan_harvester's instance.
        if "_instance" not in cls.__dict__:
            cls._instance = object.__new__(cls)
        return cls._instance

    # -------------------------------------------------- what a harvester provides

    def gather(self, harvest_job: Any, options: dict[str, Any], known: dict[str, tuple[str | None, str]]) -> Iterator[Item]:
        """The source's records (``harvest_job.source.url``), one by one."""
        raise NotImplementedError

    def draft(self, content: dict[str, Any], options: dict[str, Any]) -> importer.Draft:
        raise NotImplementedError

    def check_options(self, options: dict[str, Any]) -> None:
        """Raise ConfigError for options of this harvester that cannot be used."""

    def title_of(self, content: str | None) -> str:
        """The record's title as the source gives it, for report lines of records that fail."""
        try:
            record = json.loads(content or "{}")
        except ValueError:
            return ""
        inner = record.get("dataset") if isinstance(record.get("dataset"), dict) else record
        return str(inner.get("title") or inner.get("name") or "")[:200]

    # -------------------------------------------------- IHarvester

    def info(self) -> dict[str, str]:
        # In the reader's language on the source form and pages (msgids: N_ on the classes).
        return {"name": self.NAME, "title": tk._(self.TITLE), "description": tk._(self.DESCRIPTION),
                "form_config_interface": "Text"}

    def validate_config(self, config: str | None) -> str | None:
        options = self.parse_options(config)
        if not isinstance(options.get("withdraw_missing", True), bool):
            raise ConfigError(tk._('"withdraw_missing" must be true or false'))
        if options.get("publish", importer.PUBLISH_DIRECT) not in importer.PUBLISH_POLICIES:
            raise ConfigError(tk._('"publish" must be one of: {choices}').format(choices=", ".join(importer.PUBLISH_POLICIES)))
        self.check_options(options)
        return config

    @staticmethod
    def parse_options(config: str | None) -> dict[str, Any]:
        if not config or not config.strip():
            return {}
        try:
            options = json.loads(config)
        except ValueError as error:
            raise ConfigError(tk._("The configuration is not valid JSON: {error}").format(error=error)) from error
        if not isinstance(options, dict):
            raise ConfigError(tk._("The configuration must be a JSON object, e.g. {example}").format(example='{"withdraw_missing": true}'))
        return options

    def options(self, harvest_source: Any) -> dict[str, Any]:
        return {**self.COMMON_OPTIONS, **self.parse_options(harvest_source.config)}

    @staticmethod
    def source_of(harvest_source: Any, options: dict[str, Any]) -> importer.Source:
        return importer.Source(harvest_source.id, harvest_source.title or harvest_source.url,
                               importer.publication_policy(options))

    def gather_stage(self, harvest_job: Any) -> list[str] | None:
        harvest_source = harvest_job.source
        job_id, source_id = harvest_job.id, harvest_source.id
        harvest_job.save()  # keep gather_started whatever happens below
        try:
            options = self.options(harvest_source)
            known = records.known(source_id)
            object_ids = self._gather_objects(harvest_job, options, known)
        except (FetchError, SourceError, ConfigError) as error:
            message, params = (error.message, error.params) if hasattr(error, "message") else (str(error), {})
            return self._gather_failed(job_id, message, params)
        except Exception as error:  # a consumer must survive any source
            log.exception("Gather of job %s failed", job_id)
            return self._gather_failed(job_id, N_("Unexpected error while reading the source: {error}"), {"error": str(error)})
        return object_ids

    def _gather_objects(self, harvest_job: Any, options: dict[str, Any], known: dict[str, tuple[str | None, str]]) -> list[str]:
        job_id, source_id = harvest_job.id, harvest_job.source.id
        seen: dict[str, int | None] = {}
        object_ids: list[str] = []
        pending: list[HarvestObject] = []
        unchanged: list[dict[str, Any]] = []
        for item in self.gather(harvest_job, options, known):
            if isinstance(item, Skipped):
                records.outcome(job_id, item.kind, guid=item.guid, row=item.row, title=item.title,
                                message=item.message, params=item.params)
                continue
            if item.guid in seen:
                records.outcome(job_id, "error", guid=item.guid, row=getattr(item, "row", None),
                                title=getattr(item, "title", ""),
                                message=N_("The identifier {guid} was already used by another record of the source (row {row})."),
                                params={"guid": item.guid, "row": seen[item.guid]})
                continue
            seen[item.guid] = getattr(item, "row", None)
            if isinstance(item, Unchanged):
                unchanged.append({"guid": item.guid})
                continue
            content_hash = records.fingerprint(item.content)
            previous_hash, status = known.get(item.guid, (None, ""))
            if previous_hash == content_hash and status in (ACTIVE, DUPLICATE):
                unchanged.append({"guid": item.guid, "row": item.row, "title": item.title})
                continue
            pending.append(self._new_object(harvest_job, item.guid, json.dumps(item.content),
                                            content_hash=content_hash, row=item.row))
            if len(pending) >= BATCH:
                object_ids += self._flush(pending)
                records.add_outcomes(job_id, "unchanged", unchanged)
                unchanged = []
        if options.get("withdraw_missing", True):
            for guid, (_hash, status) in known.items():
                if guid not in seen and status in (ACTIVE, DUPLICATE):
                    pending.append(self._new_object(harvest_job, guid, None, withdraw="1"))
        object_ids += self._flush(pending)
        records.add_outcomes(job_id, "unchanged", unchanged)
        model.Session.commit()
        log.info("Job %s of source %s: %d records to import, %d seen", job_id, source_id, len(object_ids), len(seen))
        return object_ids

    @staticmethod
    def _new_object(harvest_job: Any, guid: str, content: str | None, **extras: Any) -> HarvestObject:
        obj = HarvestObject(id=make_uuid(), guid=guid, job=harvest_job, content=content,
                            harvest_source_id=harvest_job.source.id)
        obj.extras = [HarvestObjectExtra(key=key, value=str(value)) for key, value in extras.items() if value is not None]
        return obj

    @staticmethod
    def _flush(pending: list[HarvestObject]) -> list[str]:
        """Send the pending objects to the database (not committed yet) and let go of them."""
        ids = [obj.id for obj in pending]
        for obj in pending:
            model.Session.add(obj)
        model.Session.flush()
        for obj in pending:
            for extra in obj.extras:
                model.Session.expunge(extra)
            model.Session.expunge(obj)
        pending.clear()
        return ids

    @staticmethod
    def _gather_failed(job_id: str, message: str, params: dict[str, Any]) -> None:
        model.Session.rollback()
        HarvestGatherError(message=english(message, params), job=HarvestJob.get(job_id)).save()
        records.clear_outcomes(job_id)  # the lines of a source read half-way mean nothing
        records.outcome(job_id, "error", message=message, params=params)
        model.Session.commit()
        return None

    def fetch_stage(self, harvest_object: Any) -> bool:
        return True

    def import_stage(self, harvest_object: Any) -> bool | str:
        if harvest_object is None:
            return False
        job_id, guid = harvest_object.harvest_job_id, harvest_object.guid
        extras = {extra.key: extra.value for extra in harvest_object.extras}
        row = int(extras["row"]) if extras.get("row") else None
        title = self.title_of(harvest_object.content)
        try:
            options = self.options(harvest_object.source)
            source = self.source_of(harvest_object.source, options)
            if extras.get("withdraw"):
                result = importer.withdraw(source, guid)
            else:
                content = json.loads(harvest_object.content)
                draft = self.draft(content, options)
                title = draft.project.get("title", "") or title
                result = importer.import_draft(draft, source, guid, extras.get("content_hash"))
        except SourceError as error:
            model.Session.rollback()
            result = importer.Result("error", message=error.message, params=error.params)
        except Exception as error:  # a consumer must survive any record
            log.exception("Import of object %s failed", harvest_object.id)
            model.Session.rollback()
            result = importer.Result("error", message=N_("Unexpected error: {error}"), params={"error": str(error)})
        return self._report(harvest_object, result, job_id, guid, row, title)

    @staticmethod
    def _first_attempt(harvest_object: Any, result: importer.Result) -> importer.Result:
        """A retried object found its project already written: by the attempt that died
        before reporting (the project was first harvested during this job), it is new."""
        record = records.get(harvest_object.harvest_source_id, harvest_object.guid)
        started = harvest_object.job.gather_started
        if record is not None and started is not None and record.first_harvested >= started:
            return importer.Result("new", result.package_id)
        return result

    @staticmethod
    def _report(harvest_object: Any, result: importer.Result, job_id: str, guid: str, row: int | None, title: str) -> bool | str:
        already = model.Session.query(records.HarvestOutcome).filter_by(job_id=job_id, guid=guid).filter(
            records.HarvestOutcome.outcome != "error").first()
        if already is None and result.kind == "unchanged" and (harvest_object.retry_times or 0) > 1:
            result = ProjectHarvester._first_attempt(harvest_object, result)
        if already is None:  # an object run again after a consumer died keeps its first line
            records.outcome(job_id, result.kind, guid=guid, row=row, title=title, package_id=result.package_id,
                            message=result.message, params=result.params)
        if result.failed:
            HarvestObjectError(message=english(result.message or "", result.params), object=harvest_object,
                               stage="Import", line=row).save()
            model.Session.commit()
            return False
        if result.kind in ("new", "updated", "withdrawn") and result.package_id:
            model.Session.query(HarvestObject).filter(HarvestObject.package_id == result.package_id,
                                                      HarvestObject.id != harvest_object.id).update({"current": False})
            harvest_object.package_id = result.package_id
            harvest_object.current = result.kind != "withdrawn"
        harvest_object.save()
        return True if result.kind in ("new", "updated", "withdrawn") else "unchanged"
