"""WSGI entry point of the portal for uWSGI (`make serve`); the production image has its own
/srv/app/wsgi.py from the official CKAN image, which does the same."""
from __future__ import annotations

import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

INI = os.environ["CKAN_INI"]
fileConfig(INI, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(INI).get_config())
