"""ckanext-scheming YAML of the observatory, read as ``ckanext.digicanvis.schemas:<file>``."""
