from __future__ import annotations

import ckan.plugins as p
from ckan.common import CKANConfig

from .search import patches


class HuesearchPlugin(p.SingletonPlugin):
    """Serves CKAN's search index from PostgreSQL instead of Solr (see search/backend.py)."""

    p.implements(p.IConfigurer)

    def update_config(self, config: CKANConfig) -> None:
        # IConfigurer runs before CKAN checks the Solr schema at start-up, so the
        # replacements are in place before anything reaches for Solr.
        patches.install()
