"""Short references people can read out on the phone: 8 characters, no 0/O, 1/I/L or U/V."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"  # 29 characters, none mistaken for another
LENGTH = 8  # 29**8 is about 5e11: a clash among a few thousand responses is vanishingly rare


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
