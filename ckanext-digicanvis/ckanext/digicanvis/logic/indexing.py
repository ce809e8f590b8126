"""What a project puts in the Solr document.

CKAN sends every dataset field to Solr as it is (lists as JSON text when they come from
the default schema); the schema's catch-all field is single-valued, so the project file's
lists go to multi-valued ``facet_*`` fields and its lists of records (contacts, savings)
are reduced to what search needs.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event, or_

from ckan import model

from ckanext.digicanvis import search_terms
from ckanext.digicanvis.logic import contacts, local_bodies, translated, vocabularies
from ckanext.digicanvis.logic.fields import json_list

LIST_FIELDS = ("technologies", "methodologies", "tools", "partner_bodies")
# Choice fields whose labels (ca/es/en) a reader may search by.
LABELLED_CHOICES = (*search_terms.TOPIC_CHOICE_FIELDS, "phase")
# Names that read the same in every language: searched in the language-neutral field.
NAME_FIELDS = ("technologies", "methodologies", "tools", "partner_bodies")
# design.md section 6: (machine value, smallest population of the band)
POPULATION_BANDS = (
    ("gt500k", 500_000), ("100k-500k", 100_000), ("50k-100k", 50_000), ("20k-50k", 20_000),
    ("5k-20k", 5_000), ("1k-5k", 1_000), ("lt1k", 0),
)


def population_band(population: Any) -> str | None:
    try:
        people = int(population)
    except (TypeError, ValueError):
        return None
    return next(band for band, smallest in POPULATION_BANDS if people >= smallest)


# Bodies' facts read during one database transaction (a request, a reindex run): a full
# reindex reads each of the ~1,000 bodies once instead of once per project. Emptied when the
# transaction ends and when a body is edited (``forget_bodies``).
BODY_CACHE = "digicanvis_body_facts"


def body_facts(owner_org: str) -> dict[str, Any] | None:
    cache = model.Session().info.setdefault(BODY_CACHE, {})
    if owner_org not in cache:
        row = model.Session.query(model.Group.extras).filter(
            or_(model.Group.id == owner_org, model.Group.name == owner_org)).first()
        cache[owner_org] = None if row is None else dict(row.extras or {})
    return cache[owner_org]


def forget_bodies(session: Any = None, *args: Any) -> None:
    (session or model.Session()).info.pop(BODY_CACHE, None)


event.listen(model.meta.Session, "after_commit", forget_bodies)
event.listen(model.meta.Session, "after_rollback", forget_bodies)


def local_body_fields(owner_org: str | None) -> dict[str, Any]:
    """What a project inherits in the index from its leading local body."""
    facts = body_facts(owner_org) if owner_org else None
    if facts is None:
        return {}
    fields: dict[str, Any] = {
        "proximity": "km0" if facts.get("region") == local_bodies.REGION else "foreign",
        "country": facts.get("country"),
        "province": facts.get("province"),
        "comarca": facts.get("comarca"),
        "body_type": facts.get("body_type"),
        "population_band": population_band(facts.get("population")),
    }
    if facts.get("population"):
        fields["int_population"] = int(facts["population"])
    if facts.get("latitude") and facts.get("longitude"):
        fields["project_location"] = f"{facts['latitude']},{facts['longitude']}"
        fields["project_latitude"] = float(facts["latitude"])
        fields["project_longitude"] = float(facts["longitude"])
    return {key: value for key, value in fields.items() if value not in (None, "")}


def project_index_dict(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    pkg_dict = contacts.strip_from_index(pkg_dict)
    for field in LIST_FIELDS:
        values = json_list(pkg_dict.pop(field, None))
        if values:
            pkg_dict[f"facet_{field}"] = values
    names = contacts.public_names(json.loads(pkg_dict.get("validated_data_dict") or "{}"))
    if names:
        pkg_dict["extras_contact_names"] = ", ".join(names)
    pkg_dict.update(language_fields(json.loads(pkg_dict.get("validated_data_dict") or "{}")))
    pkg_dict["text_all"].extend(names)  # public contacts are found by name
    for field_name in [key for key in pkg_dict if key.endswith(translated.SUFFIX)]:
        # The versions are in the language fields; the JSON text is kept out of CKAN's `text`.
        pkg_dict.pop(field_name)
        pkg_dict.pop(f"extras_{field_name}", None)
    savings = json_list(pkg_dict.pop("savings", None))
    kinds = sorted({saving.get("kind") for saving in savings if saving.get("kind")})
    if kinds:
        pkg_dict["facet_savings_kind"] = kinds
    return pkg_dict


def reindex_projects_of(organization_id: str) -> None:
    """After a local body changes, its projects' index entries follow: indexed in one batch,
    then one Solr commit (not one commit per project)."""
    from ckan.lib import search

    forget_bodies()
    model.Session.flush()  # CKAN's session does not autoflush: the body's new facts must be readable
    ids = [package_id for (package_id,) in model.Session.query(model.Package.id).filter(
        model.Package.owner_org == organization_id, model.Package.state == model.State.ACTIVE)]
    if ids:
        search.rebuild(package_ids=ids)
        search.commit()


def choice_labels(field_name: str, value: Any) -> dict[str, str]:
    """A choice's label in each language (its vocabulary, schemas/vocabularies/)."""
    return vocabularies.labels(field_name).get(value, {})


def technology_names() -> dict[str, dict[str, str]]:
    """Known technology (canonical value) -> its name in each language."""
    return vocabularies.labels("technologies")


def language_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The multilingual search fields of a project (schema-extra.xml): each language's
    versions in ``title_<lang>``/``text_<lang>`` (analysed for that language), every version
    and the names in the language-neutral ``title_all``/``text_all``."""
    original = translated.original_language(record)
    titles = translated.versions(record, "title", original)
    texts = translated.all_texts(record)
    for field_name in LABELLED_CHOICES:
        for lang, label in choice_labels(field_name, record.get(field_name)).items():
            texts[lang].append(label)
    known = technology_names()
    names = [record.get("title") or "", (record.get("organization") or {}).get("title") or ""]
    for field_name in NAME_FIELDS:
        for name in json_list(record.get(field_name)):
            names.append(str(name))
            for lang, label in known.get(name, {}).items():
                texts[lang].append(label)
    fields: dict[str, Any] = {f"title_{lang}": text for lang, text in titles.items()}
    fields.update({f"text_{lang}": values for lang, values in texts.items() if values})
    fields["title_all"] = list(dict.fromkeys([*titles.values(), record.get("title") or ""]))
    fields["text_all"] = [*dict.fromkeys(text for values in texts.values() for text in values), *filter(None, names)]
    return fields


def plain_text_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Language-neutral search fields of a dataset that is not a project (no versions)."""
    texts = [pkg_dict.get("title"), pkg_dict.get("notes"), *(pkg_dict.get("tags") or [])]
    return {"title_all": [pkg_dict.get("title") or ""], "text_all": [str(text) for text in texts if text]}
