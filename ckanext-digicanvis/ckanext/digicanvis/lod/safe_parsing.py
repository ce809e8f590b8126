"""RDF from outside is parsed without reaching the network.

- rdflib's JSON-LD parser fetches a remote ``@context`` through urllib, outside any requests
  session, its timeouts and its address checks: an audit hook refuses every urllib request
  made from inside rdflib's JSON-LD code, in any thread, for the life of the process.
- RDF/XML may declare entities (external ones read files or URLs, nested ones explode in
  memory): documents with a DTD entity declaration are refused before rdflib sees them.
"""

from __future__ import annotations

import sys
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

JSONLD_MODULES = ("rdflib.plugins.shared.jsonld", "rdflib.plugins.parsers.jsonld")


class RemoteContextRefused(TypeError):
    """A JSON-LD document asked for a remote @context. A TypeError because that is what
    ckanext-dcat's parser turns into a parse error (RDFParserException) for the harvest report."""


class UnsafeXML(ValueError):
    pass


def _inside_jsonld_parser() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith(JSONLD_MODULES):
            return True
        frame = frame.f_back
    return False


def _refuse_remote_contexts(event: str, args: tuple[Any, ...]) -> None:
    if event == "urllib.Request" and _inside_jsonld_parser():
        raise RemoteContextRefused(f"remote JSON-LD context not fetched: {args[0] if args else ''}")


_installed = False


def install() -> None:
    """Install the audit hook once (audit hooks cannot be removed; it only looks at urllib requests)."""
    global _installed
    if not _installed:
        sys.addaudithook(_refuse_remote_contexts)
        _installed = True


def check_xml(content: str | bytes) -> None:
    """Raise UnsafeXML if an XML document declares entities or refers to external ones."""
    try:
        defused_fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise UnsafeXML(f"XML with entity declarations refused ({type(error).__name__})") from error
    except Exception:  # not well-formed: the RDF parser reports it in its own words
        return


def looks_like_xml(content: str | bytes) -> bool:
    head = content[:200].lstrip()
    return head.startswith(b"<" if isinstance(head, bytes) else "<")
