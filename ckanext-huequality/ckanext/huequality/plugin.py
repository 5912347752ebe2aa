from __future__ import annotations

import ckan.plugins as p


class HuequalityPlugin(p.SingletonPlugin):
    """Wires ckanext-huequality into CKAN; the logic lives in the modules beside this one."""
