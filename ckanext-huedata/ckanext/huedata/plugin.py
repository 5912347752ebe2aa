from __future__ import annotations

import ckan.plugins as p


class HuedataPlugin(p.SingletonPlugin):
    """Wires ckanext-huedata into CKAN; the logic lives in the modules beside this one."""
