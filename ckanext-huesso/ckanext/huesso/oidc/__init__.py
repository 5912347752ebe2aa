"""OpenID Connect relying party: discovery, authorization request, token exchange, ID-token checks."""
