"""The states of what people send: one set of words for endorsements and survey responses.

Stored as these strings in DynamoDB and shown as them in the API's JSON (a StrEnum is a str), so
records of every release read the same.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """An endorsement's or a survey response's state."""

    PENDING = "pending"  # sent; its address not proven yet, so it does not count
    CONFIRMED = "confirmed"  # its address proven by the mailed link: it counts
    INVALID = "invalid"  # set aside by staff (a campaign of fakes): kept, never counted
