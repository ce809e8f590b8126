"""Strings that CKAN 2.12's or ckanext-scheming's catalogues get wrong or lack, kept here so
`make i18n` extracts them and our catalogues (merged over CKAN's) carry the translations."""


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, do not translate yet")
    return message


CKAN_CATALOGUE_FIXES = (
    # ca: CKAN writes "{object_types}", a KeyError on every search box of a non-"dataset" type.
    N_("Search {object_type}s..."),
    # ckanext-scheming's form-page button, which no catalogue translates.
    N_("Next"),
    # Untranslated in CKAN 2.12's ca catalogue: the skip link and the logo's label.
    N_("Skip to main content"),
    N_("Navigate to Home - {site_title}"),
    # ckanext-harvest (no ca/es catalogue) and ckanext-pages (no ca catalogue).
    N_("Harvest sources"),
    N_("Harvest Sources"),
    N_("Search harvest sources..."),
    N_("Blog"),
    N_("Blog Articles"),
    # ca: the resource form's upload button reads "Carregar" but is named "Pujar un arxiu...":
    # a name that does not contain the visible word (WCAG 2.5.3, axe label-content-name-mismatch).
    N_("Upload a file on your computer"),
)

