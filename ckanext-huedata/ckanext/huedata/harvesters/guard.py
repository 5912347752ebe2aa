"""The safety guard of a full run: never withdraw, delete or shrink more than a share at once.

A source that suddenly lists far fewer items is far more often a broken gateway than an
agency that withdrew most of its data. A run that would remove more than the declared share
(``safety_share`` in the source config, default ``ckanext.huedata.harvest.safety_share``)
changes nothing and ends with an error naming the numbers; an operator may then force the
next run of that source once (``huedata_harvest_force_once``).
"""
from __future__ import annotations

from ckan.model import system_info
from . import config

FORCE_KEY = "huedata.harvest.force_once.{}"
WHAT_VI = {"withdraw": "rút", "delete": "xoá", "drop rows": "bỏ số dòng",
           "withdraw or delete": "rút hoặc xoá"}


class GuardError(Exception):
    """A run stopped by the guard; the message is safe to show (numbers only)."""


def share(source_share: float | None) -> float:
    """The allowed share in percent for this source."""
    return config.safety_share() if source_share is None else float(source_share)


def force_once(source_id: str) -> None:
    system_info.set_system_info(FORCE_KEY.format(source_id), "1")


def forced(source_id: str) -> bool:
    return system_info.get_system_info(FORCE_KEY.format(source_id)) == "1"


def consume_force(source_id: str) -> None:
    system_info.delete_system_info(FORCE_KEY.format(source_id))


def check(source_id: str, what: str, before: int, removed: int, percent: float) -> bool:
    """Raise :class:`GuardError` when ``removed`` of ``before`` is more than ``percent``.

    Returns True when the run goes ahead only because an operator forced it (the caller
    consumes the force once the run is written).
    """
    if before <= 0 or removed <= 0 or removed * 100 <= before * percent:
        return False
    if forced(source_id):
        return True
    ratio = removed * 100 / before
    raise GuardError(
        f"Chặn an toàn: lần chạy này sẽ {WHAT_VI[what]} {removed}/{before} ({ratio:.0f} %), "
        f"vượt ngưỡng {percent:g} %. Không có gì bị thay đổi. Nếu nguồn thực sự thu hẹp, "
        f"quản trị viên có thể cho phép lần chạy kế tiếp một lần (huedata_harvest_force_once)."
        f" / Safety guard: this run would {what} {removed} of {before} ({ratio:.0f} %), "
        f"more than the allowed {percent:g} %. Nothing was changed. If the source really "
        f"shrank, an operator can force the next run once (huedata_harvest_force_once).")
