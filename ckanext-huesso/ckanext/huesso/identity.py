"""From ID-token claims to the facts this portal keeps: pure functions, no database.

The personal ID number (VNeID ``SoDinhDanh``) is personal data: it leaves this module only as a keyed
HMAC, so the same person is recognised again without the number being stored anywhere.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class ClaimMapping:
    id_number: tuple[str, ...] = ("SoDinhDanh",)
    full_name: tuple[str, ...] = ("HoVaTen", "name")
    email: tuple[str, ...] = ("email",)
    agency: tuple[str, ...] = ("agency_code", "MaDonVi")


@dataclass(frozen=True)
class SsoIdentity:
    """Who signed in, as the portal keeps it. ``id_hash`` is an HMAC, never the number."""

    issuer: str
    subject: str
    id_hash: str | None
    full_name: str
    email: str | None
    agency_code: str | None
    loa: int


def first_claim(claims: Mapping[str, Any], names: tuple[str, ...] | list[str]) -> str | None:
    for name in names:
        value = claims.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return None


def hash_id_number(id_number: str, secret: str) -> str:
    """Keyed HMAC-SHA256 of a normalised ID number (spaces dropped)."""
    if len(secret) < 32:
        raise ValueError("ckanext.huesso.id_hmac_secret must hold at least 32 characters")
    normalised = re.sub(r"\s+", "", id_number)
    return hmac.new(secret.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def loa_of(acr: Any, levels: Mapping[str, int]) -> int:
    return levels.get(str(acr), 0) if acr else 0


def to_identity(claims: Mapping[str, Any], issuer: str, mapping: ClaimMapping,
                hmac_secret: str, levels: Mapping[str, int]) -> SsoIdentity:
    id_number = first_claim(claims, mapping.id_number)
    email = first_claim(claims, mapping.email)
    return SsoIdentity(
        issuer=issuer,
        subject=str(claims["sub"]),
        id_hash=hash_id_number(id_number, hmac_secret) if id_number else None,
        full_name=first_claim(claims, mapping.full_name) or "",
        email=email if email and "@" in email else None,
        agency_code=first_claim(claims, mapping.agency),
        loa=loa_of(claims.get("acr"), levels),
    )


def username_base(full_name: str) -> str:
    """A CKAN user name from a Vietnamese name: "Nguyễn Văn Đức" -> "nguyen-van-duc"."""
    text = full_name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:80] or "sso-user"
