"""DigiCanvis Observatory: CKAN plugins for the catalogue of local digital transformation projects."""
