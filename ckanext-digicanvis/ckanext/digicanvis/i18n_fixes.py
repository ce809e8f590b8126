"""Strings that CKAN 2.12's or ckanext-scheming's catalogues get wrong or lack, kept here so
`make i18n` extracts them and our catalogues (merged over CKAN's) carry the translations."""


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, do not translate yet")
    return message


CKAN_CATALOGUE_FIXES = (
    # ca: CKAN writes "{object_types}", a KeyError on every search box of a non-"dataset" type.
    N_("Search {object_type}s..."),
    # ckanext-scheming's form-page button, which no catalogue translates.
    N_("Next"),
)
