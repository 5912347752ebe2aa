"""Plausible update history for the demo portal, so the deadline dashboards have something to show.

Demo only: it moves the creation date of datasets that have no history yet back before the
periods it fills, which a production portal must never do.
"""

from __future__ import annotations

import datetime as dt
import random

import ckan.model as model

from ...periods import UNSCHEDULED, local_day, normalise_frequency, periods_between
from .. import config
from ..model import UpdateEvent
from ..schedule import deadline_for
from .schedules import FREQUENCY_KEY
from .updates import record_event

KINDS = ("resource_changed", "harvest", "no_change")


def seed_demo_history(now: dt.datetime, days: int = 730) -> int:
    """Fills ``days`` of history for every dataset without any; returns the events written."""
    rule, written = config.deadline_rule(), 0
    with_history = {row[0] for row in model.Session.query(UpdateEvent.package_id).distinct()}
    packages = (
        model.Session.query(model.Package)
        .filter(model.Package.state == "active", model.Package.type == "dataset", model.Package.owner_org.isnot(None))
        .all()
    )
    first_day = local_day(now) - dt.timedelta(days=days)
    for package in packages:
        if package.id in with_history:
            continue
        frequency = normalise_frequency(package.extras.get(FREQUENCY_KEY))
        if frequency in UNSCHEDULED:
            continue
        chance = random.Random(package.id)  # the same demo on every machine
        diligence = chance.choice((0.95, 0.85, 0.7, 0.5))  # agencies differ
        package.metadata_created = (now - dt.timedelta(days=days + 1)).replace(tzinfo=None)
        for period in periods_between(frequency, first_day, local_day(now)):
            deadline = deadline_for(period, rule)
            if deadline.closes_at > now:
                break
            draw = chance.random()
            if draw < diligence:
                moment = deadline.opens_at + (deadline.closes_at - deadline.opens_at) * chance.random()
            elif draw < diligence + (1 - diligence) / 2:
                moment = deadline.closes_at + dt.timedelta(days=chance.randint(1, 40))
            else:
                continue
            if moment <= now:
                record_event(package.id, chance.choice(KINDS), moment, owner_org=package.owner_org, note="demo")
                written += 1
    model.Session.commit()
    return written
