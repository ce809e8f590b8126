"""Linked open data of the observatory (plugin ``digicanvis_linked_data``).

- ``uris``: the IRIs of projects, local bodies, vocabularies and the observatory's namespace;
- ``skos``: the vocabularies (logic/vocabularies.py) as SKOS concept schemes;
- ``ontology``: the observatory's own RDFS/OWL vocabulary for what DCAT-AP has no property for;
- ``bodies``: a local body as an organisation with its identifiers and place;
- ``safe_parsing``: RDF parsing that never reaches the network (no remote JSON-LD contexts).

The RDF profiles themselves are in ``ckanext.digicanvis.profiles``, one module per profile
as ckanext-dcat does; the RDF harvester is in ``ckanext.digicanvis.harvest``.
"""
