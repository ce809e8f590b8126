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
    # ckanext-harvest's {% trans %} blocks: its catalogue keeps their surrounding spaces, CKAN
    # asks for them trimmed (ext.i18n.trimmed), so no catalogue ever matched them.
    N_("Harvest sources allow importing remote metadata into this catalog. Remote sources can be other catalogs "
       "such as other CKAN instances, CSW servers or Web Accessible Folders (WAF) (depending on the actual "
       "harvesters enabled for this instance)."),
    N_("<p><strong>There was an error while searching.</strong> Please try again.</p>"),
    # ckanext-harvest's facets, named in Python without a translation call.
    N_("Frequency"),
    N_("Type"),
    # ckanext-pages, untranslated in ca (and the list's heading nowhere).
    N_("There are currently no pages here"),
    N_("There are currently no blog articles here"),
    N_("More"),
    # Untranslated in CKAN 2.12's ca or es catalogue (issue 17, found by tests/views/test_language.py).
    N_("API Docs"),
    N_("Toggle navigation"),
    N_("close"),
    N_("Username or Email"),
    N_("Joe Bloggs"),  # the full name field's example
    N_("Profile picture"),
    N_("Profile picture URL"),
    N_("API Tokens"),
    N_("This information is visible to you and admins"),
    N_("Unpublish"),
    N_("All activity types"),
    N_("Activities"),
    N_("Sysadmins"),
    N_("Custom Stylesheet"),
    N_("Revoke Sysadmin permission"),
)

