"""One typed getter per option of ``config_declaration.yaml`` (the declaration holds the defaults)."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from .fields import Bbox
from .scoring import Settings
from .types import DIMENSIONS

PREFIX = "ckanext.huequality.quality."


def weight(dimension: str) -> float:
    return float(tk.config[f"{PREFIX}weight.{dimension}"])


def threshold(dimension: str) -> float:
    return float(tk.config[f"{PREFIX}threshold.{dimension}"])


def band(badge: str) -> float:
    return float(tk.config[f"{PREFIX}band.{badge}"])


def required_metadata() -> list[str]:
    return list(tk.config[f"{PREFIX}required_metadata"])


def bbox() -> Bbox:
    west, south, east, north = (float(v) for v in tk.config[f"{PREFIX}bbox"])
    return Bbox(west, south, east, north)


def infer_rows() -> int:
    return int(tk.config[f"{PREFIX}infer_rows"])


def memory_rows() -> int:
    return int(tk.config[f"{PREFIX}memory_rows"])


def index_dataset() -> str:
    return str(tk.config[f"{PREFIX}index_dataset"])


def settings() -> Settings:
    return Settings(
        weights={d: weight(d) for d in DIMENSIONS},
        thresholds={d: threshold(d) for d in DIMENSIONS},
        bands={b: band(b) for b in ("xuat_sac", "tot", "dat")},
        required_metadata=required_metadata(),
        bbox=bbox(),
    )


def index_organization() -> str:
    return str(tk.config[f"{PREFIX}index_organization"])


def index_contact_email() -> str:
    return str(tk.config[f"{PREFIX}index_contact_email"])
