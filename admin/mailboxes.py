"""Which mailbox an address names, for staff tools: every comparison of addresses in
admin goes through here, so that all spellings of one mailbox (case, Gmail's dots,
+tags, an internationalised domain or its ASCII form) count as one.
"""

from __future__ import annotations

from admin.errors import Refused
from functions.domain.emails import mailbox_key, normalise


def key_of(stored: object) -> str | None:
    """The mailbox key of a stored address; None when there is none. A value the parser
    refuses (written before it checked, e.g. a non-ASCII local part) still has one, by the
    same folding, so that staff can find and erase it."""
    if not isinstance(stored, str) or "@" not in stored.strip().strip("@"):
        return None
    return mailbox_key(stored) or normalise(stored)


def wanted_key(typed: str) -> str:
    """The key of the address staff typed; Refused if it cannot be an address at all."""
    key = key_of(typed)
    if key is None:
        raise Refused(f"{typed.strip()!r} is not an email address")
    return key
