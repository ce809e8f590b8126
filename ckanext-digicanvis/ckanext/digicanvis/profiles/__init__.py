"""RDF profiles of the observatory, one module per profile as ckanext-dcat does (registered
under the ``ckan.rdf.profiles`` entry points in setup.py):

- ``digicanvis`` (``digicanvis.py``): the project file in DCAT-AP 3, on top of ckanext-dcat's
  ``euro_dcat_ap_3`` (configure ``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 digicanvis``);
- ``digicanvis_schemaorg`` (``schemaorg.py``): schema.org for the JSON-LD in project pages,
  on top of ckanext-dcat's ``schemaorg``.
"""
