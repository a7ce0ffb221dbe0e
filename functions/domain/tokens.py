"""Signed, expiring, single-use tokens for the links we email, and keyed hashes for lookups.

A token is `base64url(claims).base64url(HMAC-SHA256(claims))`. It names what it is for
(`purpose`), the record it acts on (`subject`), a random `nonce` and an expiry. The signature
makes it unforgeable; the expiry is checked here; single use is the storage layer's job: the
record holds the nonce of the one valid token and the write that uses it is conditional on it
and replaces or removes it.

Every key is derived from the one configured secret, one per use, so that a hash of an email
address can never be passed off as a token signature or the other way round.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from functions.domain.errors import TokenInvalid
from functions.i18n import N_

TOKEN_LIFETIME = timedelta(days=7)
MAX_TOKEN_LENGTH = 1024

INVALID = N_(
    "This link is not valid. Copy the whole link from the email, or submit the form again to get a new one."
)
EXPIRED = N_(
    "This link has expired (links are valid for 7 days). Submit the form again to get a new one."
)
WRONG_PURPOSE = N_("This link is not meant for this action. Use the other link in the email.")
ALREADY_USED = N_("This link has already been used. Submit the form again to get a new one.")


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Keys:
    """Purpose-specific keys derived from the configured secret."""

    tokens: bytes
    emails: bytes
    clients: bytes
    requests: bytes

    @classmethod
    def derive(cls, secret: str) -> Keys:
        root = secret.encode("utf-8")

        def sub(label: str) -> bytes:
            return hmac.new(root, f"citizen-focus/{label}/v1".encode(), hashlib.sha256).digest()

        return cls(
            tokens=sub("tokens"),
            emails=sub("emails"),
            clients=sub("clients"),
            requests=sub("requests"),
        )


def keyed_hash(key: bytes, text: str) -> str:
    """A stable, non-reversible identifier for personal data (email, IP) or a request body."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


@dataclass(frozen=True)
class TokenClaims:
    """What a verified token says: its purpose, subject, single-use nonce and expiry."""

    purpose: str
    subject: str
    nonce: str
    expires_at: int  # seconds since the epoch


class TokenSigner:
    def __init__(self, key: bytes, lifetime: timedelta = TOKEN_LIFETIME) -> None:
        self._key = key
        self.lifetime = lifetime

    def _sign(self, payload: str) -> str:
        return _b64encode(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(
        self, purpose: str, subject: str, nonce: str, now: datetime, expires: datetime | None = None
    ) -> str:
        """A signed token; valid for the signer's lifetime unless `expires` says until when."""
        claims = {
            "p": purpose,
            "s": subject,
            "n": nonce,
            "e": int((expires or now + self.lifetime).timestamp()),
        }
        payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def verify(self, token: object, purpose: str, now: datetime) -> TokenClaims:
        """The claims of a genuine, unexpired token for `purpose`; TokenInvalid otherwise."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            raise TokenInvalid(INVALID)
        payload, _, signature = token.strip().partition(".")
        try:
            payload.encode("ascii")
            genuine = hmac.compare_digest(self._sign(payload), signature)
        except (UnicodeEncodeError, TypeError) as exc:
            raise TokenInvalid(INVALID) from exc
        if not genuine:
            raise TokenInvalid(INVALID)
        try:
            claims = json.loads(_b64decode(payload))
            parsed = TokenClaims(
                purpose=str(claims["p"]),
                subject=str(claims["s"]),
                nonce=str(claims["n"]),
                expires_at=int(claims["e"]),
            )
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise TokenInvalid(INVALID) from exc
        if parsed.purpose != purpose:
            raise TokenInvalid(WRONG_PURPOSE)
        if now.timestamp() > parsed.expires_at:
            raise TokenInvalid(EXPIRED)
        return parsed
