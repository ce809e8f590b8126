"""Lay out the Solr home for the observatory's cores.

The schema is the installed CKAN's own ``schema.xml`` plus ``config/solr/schema-extra.xml``;
it is rewritten on every start so the cores always match the CKAN in the venv. Index data
under each core's ``data/`` is left alone.

usage: python scripts/solr_home.py SOLR_HOME CORE [CORE ...]
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

from lxml import etree

CONFIG = Path(__file__).resolve().parent.parent / "config" / "solr"
EMPTY_WORD_LISTS = ("synonyms.txt", "protwords.txt", "stopwords.txt")


def ckan_schema() -> etree._ElementTree:
    source = resources.files("ckan") / "config" / "solr" / "schema.xml"
    parser = etree.XMLParser(remove_blank_text=False)
    return etree.parse(str(source), parser)


def merged_schema() -> bytes:
    """CKAN's schema with our types and fields; ours go before CKAN's catch-all ``*``."""
    schema = ckan_schema()
    extra = etree.parse(str(CONFIG / "schema-extra.xml"))
    root = schema.getroot()
    types, fields = root.find("types"), root.find("fields")
    if types is None or fields is None:
        raise SystemExit("solr: the installed CKAN schema.xml has no <types>/<fields>")
    for node in extra.find("types"):
        if isinstance(node.tag, str):
            types.append(node)
    catch_all = fields.find("dynamicField[@name='*']")
    for node in extra.find("fields"):
        if not isinstance(node.tag, str):
            continue
        if catch_all is not None:
            catch_all.addprevious(node)
        else:
            fields.append(node)
    return etree.tostring(schema, xml_declaration=True, encoding="UTF-8")


def write_core(home: Path, core: str, schema: bytes) -> None:
    conf = home / core / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIG / "solrconfig.xml", conf / "solrconfig.xml")
    (conf / "schema.xml").write_bytes(schema)
    for name in EMPTY_WORD_LISTS:
        (conf / name).touch()
    (home / core / "core.properties").write_text(f"name={core}\n")


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        raise SystemExit(__doc__)
    home = Path(argv[0])
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIG / "solr.xml", home / "solr.xml")
    schema = merged_schema()
    for core in argv[1:]:
        write_core(home, core, schema)


if __name__ == "__main__":
    main(sys.argv[1:])
