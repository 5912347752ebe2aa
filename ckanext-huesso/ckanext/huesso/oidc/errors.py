"""Why a sign-in was refused, with a message a person can read (English source, Vietnamese .po)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk



def N_(message: str) -> str:
    """Marks a message for extraction; it is translated when shown."""
    return message


# Keys are stable codes (logged, tested); values are the English source strings, translated at display.
MESSAGES = {
    "not_configured": N_("Sign-in through the city SSO is not set up on this portal."),
    "provider_unreachable": N_("The city SSO could not be reached. Please try again in a few minutes."),
    "provider_metadata": N_("The city SSO published settings this portal cannot trust."),
    "provider_error": N_("The city SSO refused the sign-in."),
    "state_mismatch": N_("This sign-in answer does not belong to a sign-in started in this browser. Please start again."),
    "pkce_missing": N_("This sign-in cannot be completed safely (its PKCE verifier is missing). Please start again."),
    "token_exchange": N_("The city SSO did not confirm the sign-in."),
    "bad_signature": N_("The identity token's signature is not valid."),
    "bad_algorithm": N_("The identity token is not signed with an accepted algorithm."),
    "unknown_key": N_("The identity token is signed with a key the city SSO does not publish."),
    "wrong_issuer": N_("The identity token comes from an unexpected issuer."),
    "wrong_audience": N_("The identity token was issued for another site."),
    "expired": N_("The identity token has expired."),
    "issued_in_future": N_("The identity token's issue time is not valid."),
    "nonce_mismatch": N_("The identity token does not belong to this sign-in (nonce)."),
    "nonce_replayed": N_("This identity token was already used."),
    "loa_too_low": N_("This sign-in needs a higher level of assurance (VNeID level 2)."),
    "bad_token": N_("The identity token is not valid."),
    "no_subject": N_("The city SSO did not say who signed in."),
    "userinfo_mismatch": N_("The city SSO's user information does not match the identity token."),
    "account_disabled": N_("This account is disabled on the portal."),
}


class SsoError(Exception):
    """A refused sign-in. ``code`` is safe to log: it never holds claims or tokens."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return tk._(MESSAGES.get(self.code, MESSAGES["bad_token"]))
