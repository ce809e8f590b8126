"""ckanext-digicanvis: the DigiCanvis Observatory's CKAN extension.

The design card fixes the top-level folders, so the ``ckanext.digicanvis`` package is
mapped from them: the extension from ``ckanext-digicanvis/ckanext/digicanvis`` (the usual
layout of a CKAN extension, which CKAN relies on to find a plugin's migrations), the
harvesters from ``harvest/`` and the ckanext-scheming YAML from ``schemas/``.
"""

from setuptools import find_packages, setup

NAMESPACE = "ckanext.digicanvis"
ROOTS = {
    NAMESPACE: "ckanext-digicanvis/ckanext/digicanvis",
    f"{NAMESPACE}.harvest": "harvest",
    f"{NAMESPACE}.schemas": "schemas",
}


def mapped_packages() -> tuple[list[str], dict[str, str]]:
    """Every package under each mapped root, with the folder it comes from."""
    packages, package_dir = [], {}
    for package, folder in ROOTS.items():
        package_dir[package] = folder
        packages.append(package)
        for sub in find_packages(folder):
            packages.append(f"{package}.{sub}")
            package_dir[f"{package}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"
    return packages, package_dir


packages, package_dir = mapped_packages()

setup(
    name="ckanext-digicanvis",
    version="0.1.0",
    description="DigiCanvis Observatory: local digital transformation projects of Catalan local governments",
    license="AGPL-3.0-or-later",
    python_requires=">=3.11",
    packages=packages,
    package_dir=package_dir,
    include_package_data=False,
    package_data={
        NAMESPACE: [
            "config_declaration.yaml",
            "templates/**/*",
            "harvest-templates/**/*",
            "assets/**/*",
            "public/**/*",
            "i18n/*/LC_MESSAGES/*",
            "i18n/*.pot",
            "data/**/*",
            "lod/data/*",
            # Alembic's folders are no Python packages: their scripts travel as data.
            "migration/*/alembic.ini",
            "migration/*/script.py.mako",
            "migration/*/env.py",
            "migration/*/versions/*.py",
        ],
        f"{NAMESPACE}.schemas": ["*.yaml", "vocabularies/*.yaml"],
    },
    entry_points={
        "ckan.plugins": [
            "digicanvis = ckanext.digicanvis.plugin:DigicanvisPlugin",
            "digicanvis_discovery = ckanext.digicanvis.plugin:DigicanvisDiscoveryPlugin",
            "digicanvis_forum = ckanext.digicanvis.plugin:DigicanvisForumPlugin",
            "digicanvis_collaboration = ckanext.digicanvis.plugin:DigicanvisCollaborationPlugin",
            "digicanvis_harvest = ckanext.digicanvis.plugin:DigicanvisHarvestPlugin",
            "digicanvis_harvester = ckanext.digicanvis.harvest.digicanvis:DigicanvisHarvester",
            "ipsx_harvester = ckanext.digicanvis.harvest.ipsx:IpsxHarvester",
            "spreadsheet_harvester = ckanext.digicanvis.harvest.spreadsheet:SpreadsheetHarvester",
            "digicanvis_statistics = ckanext.digicanvis.plugin:DigicanvisStatisticsPlugin",
            "digicanvis_needs = ckanext.digicanvis.plugin:DigicanvisNeedsPlugin",
            "digicanvis_linked_data = ckanext.digicanvis.plugin:DigicanvisLinkedDataPlugin",
            "digicanvis_accounts = ckanext.digicanvis.plugin:DigicanvisAccountsPlugin",
            "digicanvis_mail = ckanext.digicanvis.plugin:DigicanvisMailPlugin",
            "digicanvis_review = ckanext.digicanvis.plugin:DigicanvisReviewPlugin",
            "digicanvis_freshness = ckanext.digicanvis.plugin:DigicanvisFreshnessPlugin",
            "digicanvis_rdf_harvester = ckanext.digicanvis.harvest.rdf:DigicanvisRDFHarvester",
        ],
        "ckan.rdf.profiles": [
            "digicanvis = ckanext.digicanvis.profiles.digicanvis:DigicanvisProfile",
            "digicanvis_schemaorg = ckanext.digicanvis.profiles.schemaorg:DigicanvisSchemaOrgProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "harvest": [("**.py", "python", None)],
        "ckanext-digicanvis/ckanext/digicanvis": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("templates/**.html", "ckan", None),
            ("harvest-templates/**.html", "ckan", None),
        ],
    },
)
