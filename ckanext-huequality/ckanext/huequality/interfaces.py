"""Where other extensions plug into ckanext-huequality.

``IQualityDimension`` lets another extension feed the quality score with what only it knows
(e.g. citizens' error reports from ckanext-huefeedback). Implement it in a plugin::

    from ckanext.huequality.interfaces import IQualityDimension, QualityAdjustment

    class FeedbackPlugin(p.SingletonPlugin):
        p.implements(IQualityDimension)

        def quality_adjustments(self, dataset):
            return [QualityAdjustment(
                dimension="accuracy", weight=0.2, score=60.0,
                evidence={"message_vi": "2 báo lỗi của người dân chưa xử lý",
                          "message_en": "2 open error reports from citizens", "open_reports": 2})]

How an adjustment is applied (``quality/scoring.py: apply_adjustments``): the dimension's
score becomes ``(1 - weight) * computed + weight * score``; several adjustments of one
dimension are applied in turn, in plugin order then list order; the result is rounded to one
decimal once at the end. A dimension that does not apply to the dataset (computed ``null``)
takes the adjustment's score as its computed score. The composite score, the badge and the
thresholds are then worked out from the adjusted dimensions, as for any score.

Every adjustment is kept in the public evidence of its dimension (``evidence[dimension]
["adjustments"]``: source plugin, weight, score, score before and after, and ``evidence``),
and its ``message_vi``/``message_en`` are shown on the dataset page in the reader's language.
The evidence is public: put in it nothing that the dataset's anonymous readers may not see.

``quality_adjustments`` runs inside the background job that scores a dataset (after every
change of the dataset, and ``ckan huequality recompute``), with ``dataset`` as
``package_show`` returns it to the site user; it must not commit the session nor call slow
services. An exception raised by a plugin is logged and that plugin is left out of this
score; an adjustment with an unknown dimension or a weight or score out of range is refused
when it is built (``ValueError``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from ckan.plugins.interfaces import Interface

from .quality.types import DIMENSIONS

__all__ = ["IQualityDimension", "QualityAdjustment"]


@dataclasses.dataclass(frozen=True)
class QualityAdjustment:
    """One outside input to one dimension of a dataset's quality score.

    :param dimension: ``completeness``, ``consistency``, ``accuracy``, ``timeliness`` or
        ``uniqueness`` (Decision 1046 Art 14)
    :param weight: 0..1, the share of the dimension this input takes
    :param score: 0..100, what this input says the dimension is worth
    :param evidence: shown in the public evidence; Vietnamese text under ``message_vi``,
        English under ``message_en``, any other JSON-serialisable facts beside them
    """

    dimension: str
    weight: float
    score: float
    evidence: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.dimension not in DIMENSIONS:
            raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}, not {self.dimension!r}")
        for name, value, high in (("weight", self.weight, 1.0), ("score", self.score, 100.0)):
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or math.isnan(value)
                or not 0.0 <= value <= high
            ):
                raise ValueError(f"{name} must be a number from 0 to {high:g}, not {value!r}")
        if not isinstance(self.evidence, Mapping):
            raise ValueError("evidence must be a mapping (message_vi, message_en, …)")


class IQualityDimension(Interface):
    """Adjust the quality dimensions of a dataset with inputs the scorer cannot see."""

    def quality_adjustments(self, dataset: dict[str, Any]) -> list[QualityAdjustment]:
        """The adjustments of ``dataset`` (a ``package_show`` dict); an empty list for none.

        Called by the scoring job, never during a web request.
        """
        return []
