"""Test-only plugins of ``IQualityDimension`` (registered under ``ckan.test_plugins``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.huequality.interfaces import IQualityDimension, QualityAdjustment


class AdjustingDimensionPlugin(p.SingletonPlugin):
    """Returns what a test puts in ``adjustments`` (by dataset id), as another extension would."""

    p.implements(IQualityDimension)
    adjustments: dict[str, list[QualityAdjustment]] = {}
    seen: list[dict[str, Any]] = []

    def quality_adjustments(self, dataset: dict[str, Any]) -> list[QualityAdjustment]:
        self.seen.append(dataset)
        return list(self.adjustments.get(dataset["id"], []))


class BrokenDimensionPlugin(p.SingletonPlugin):
    """An extension with a bug: it must not stop the score."""

    p.implements(IQualityDimension)

    def quality_adjustments(self, dataset: dict[str, Any]) -> list[QualityAdjustment]:
        raise RuntimeError("feedback service unavailable")
