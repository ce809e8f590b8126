"""The ``digicanvis`` plugin: the project file, local bodies, theme, configuration and translations.

Further capabilities (discovery, forum, contact, linked data) are separate plugins so a
deployer reading ``ckan.plugins`` sees what runs.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation


@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.cli
class DigicanvisPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
