"""Pages of ckanext-huequality: deadline dashboards and report downloads."""
from __future__ import annotations

from flask import Blueprint

huequality_deadlines = Blueprint("huequality_deadlines", __name__, url_prefix="/deadlines")
