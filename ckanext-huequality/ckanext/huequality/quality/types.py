"""Shapes that travel between the scorers, the store and the actions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from ckanext.huedata.vocabularies import QUALITY_BADGES

# The five criteria of Decision 1046 Art 14, in the order pages show them.
DIMENSIONS = ("completeness", "consistency", "accuracy", "timeliness", "uniqueness")
# Badge codes, best first: the suite's vocabulary (huedata) owns them and their labels.
BADGES = tuple(term.code for term in QUALITY_BADGES)
# How many failing rows/cells an evidence record keeps: enough for an agency to find the pattern.
MAX_EXAMPLES = 5


@dataclass
class Evidence:
    """What a score counted and the first failing rows/cells (row numbers count the header as 1)."""

    counted: dict[str, Any] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)
    # What a person reads, in both languages: {"message_vi": …, "message_en": …} (+ "resource").
    messages: list[dict[str, Any]] = field(default_factory=list)
    # Inputs of other extensions (``interfaces.IQualityDimension``) applied to this dimension.
    adjustments: list[dict[str, Any]] = field(default_factory=list)

    def add_example(self, example: dict[str, Any]) -> None:
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(example)


@dataclass
class DimensionScore:
    dimension: str
    score: float | None  # None: the dimension does not apply (nothing to count)
    evidence: Evidence = field(default_factory=Evidence)

    def as_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "score": self.score, "evidence": asdict(self.evidence)}


@dataclass
class QualityResult:
    package_id: str
    algorithm_version: str
    composite: float | None
    badge: str
    dimensions: dict[str, DimensionScore]
    below_threshold: list[str] = field(default_factory=list)

    def scores(self) -> dict[str, float | None]:
        return {name: d.score for name, d in self.dimensions.items()}

    def evidence(self) -> dict[str, Any]:
        return {name: asdict(d.evidence) for name, d in self.dimensions.items()}


class Adjustment(Protocol):
    """What the scorer reads of an ``interfaces.QualityAdjustment`` (kept apart so that the
    scoring rules stay free of CKAN)."""

    @property
    def dimension(self) -> str: ...

    @property
    def weight(self) -> float: ...

    @property
    def score(self) -> float: ...

    @property
    def evidence(self) -> Mapping[str, Any]: ...


def ratio_score(good: int, total: int) -> float | None:
    """Percentage of good items, rounded to one decimal; None when nothing was counted."""
    if total <= 0:
        return None
    return round(100.0 * good / total, 1)


def mean_score(parts: list[float | None]) -> float | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    return round(sum(present) / len(present), 1)
