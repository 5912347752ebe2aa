from __future__ import annotations

import ckan.plugins as p


class HuessoPlugin(p.SingletonPlugin):
    """Wires ckanext-huesso into CKAN; the logic lives in the modules beside this one."""
