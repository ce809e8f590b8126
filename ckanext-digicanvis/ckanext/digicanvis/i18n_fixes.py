"""Strings that CKAN 2.12's own catalogues get wrong, kept here so `make i18n` extracts
them and our catalogues (merged over CKAN's) carry the corrected translations."""


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, do not translate yet")
    return message


CKAN_CATALOGUE_FIXES = (
    # ca: CKAN writes "{object_types}", a KeyError on every search box of a non-"dataset" type.
    N_("Search {object_type}s..."),
)
