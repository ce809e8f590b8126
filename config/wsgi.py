"""The observatory as a WSGI application, for gunicorn (scripts/services.sh, ``ckan_start``).

The CKAN settings file comes from ``CKAN_INI`` (var/ckan.ini on a local site). Built webassets
(``ckan asset build``, run by scripts/site.sh) are served by WhiteNoise straight from disk:
their file names carry a content hash, so they are cached "forever" (immutable, ten years)
and never go stale;
pre-compressed ``.gz``/``.br`` copies beside them are sent to clients that accept them.
"""

from __future__ import annotations

import configparser
import os
import re
from logging.config import fileConfig

from whitenoise import WhiteNoise

import ckan
from ckan.cli import load_config
from ckan.common import config
from ckan.config.middleware import make_app
from ckan.lib.webassets_tools import get_webassets_path

# webassets names its bundles "<hash>_<name>.<ext>" (output: digicanvis/%(version)s_map.js).
HASHED_NAME = re.compile(r"/[0-9a-f]{8,}_[^/]+$")
# Files of CKAN's public folders (fonts, images) have no hash in their names.
PUBLIC_MAX_AGE = 24 * 3600


def logging_ini(ini: str) -> str:
    """The file of the ``use = config:...`` chain that holds the logging sections."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini)
    use = parser.get("app:main", "use", fallback="")
    if parser.has_section("formatters") or not use.startswith("config:"):
        return ini
    return logging_ini(os.path.join(os.path.dirname(ini), use.removeprefix("config:")))


def application_from(ini: str) -> WhiteNoise:
    fileConfig(logging_ini(ini), disable_existing_loggers=False)
    app = make_app(load_config(ini))
    served = WhiteNoise(app, max_age=PUBLIC_MAX_AGE, immutable_file_test=lambda path, url: bool(HASHED_NAME.search(url)))
    public = os.path.join(os.path.dirname(ckan.__file__), config["ckan.base_public_folder"])
    served.add_files(public, prefix="/")
    webassets = get_webassets_path()
    if os.path.isdir(webassets):
        served.add_files(webassets, prefix=config["ckan.webassets.url"].rstrip("/") + "/")
    return served


application = application_from(os.environ["CKAN_INI"])
