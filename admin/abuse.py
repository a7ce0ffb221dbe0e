"""Staff against a campaign of fake endorsements: find them, set them aside, undo it.

`invalidate` marks the endorsements that match (an email domain, a time window, a hashed IP)
as `invalid`: kept for the record, out of the public count and list (both read the `confirmed`
index, whose key is the status). `revalidate` gives each its status back. `busiest` lists the
hashed IPs and email domains that sent the most endorsements lately, to spot a campaign.
Nothing here shows an address: domains and keyed hashes only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from functions.domain.emails import domain_of
from functions.domain.statuses import Status
from functions.storage.endorsements import INVALID, EndorsementsTable

COUNTED = (Status.PENDING, Status.CONFIRMED)


@dataclass(frozen=True)
class Match:
    """Which endorsements: every criterion given must hold (at least one is required)."""

    domain: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    ip_hash: str | None = None

    def holds(self, item: dict[str, Any]) -> bool:
        created = _moment(item.get("created_at"))
        return (
            (self.domain is None or domain_of(str(item.get("email", ""))) == self.domain.lower())
            and (self.ip_hash is None or item.get("ip_hash") == self.ip_hash)
            and (self.since is None or (created is not None and created >= self.since))
            and (self.until is None or (created is not None and created < self.until))
        )


@dataclass
class Outcome:
    found: dict[str, int] = field(default_factory=dict)  # by status before
    changed: int = 0

    def describe(self, verb: str, dry_run: bool) -> str:
        total = sum(self.found.values())
        by_status = ", ".join(f"{count} {status}" for status, count in sorted(self.found.items()))
        line = f"{total} endorsement(s) match" + (f" ({by_status})" if total else "")
        if dry_run:
            return f"{line}; dry run: nothing changed\n"
        return f"{line}; {verb}: {self.changed}\n"


def _moment(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _matching(
    table: EndorsementsTable, match: Match, statuses: tuple[str, ...]
) -> list[dict[str, Any]]:
    return [
        item for item in table.all_items() if item.get("status") in statuses and match.holds(item)
    ]


def invalidate(table: EndorsementsTable, match: Match, now: datetime, *, dry_run: bool) -> Outcome:
    """Set every counted endorsement that matches aside; each write is conditioned on the
    status it was found with, so one changed meanwhile is left alone (and not counted)."""
    found = _matching(table, match, COUNTED)
    outcome = Outcome(dict(Counter(str(item["status"]) for item in found)))
    if not dry_run:
        outcome.changed = sum(table.invalidate(item["pk"], item["status"], now) for item in found)
    return outcome


def revalidate(table: EndorsementsTable, match: Match, *, dry_run: bool) -> Outcome:
    """Give every invalidated endorsement that matches its former status back (counted by
    that status)."""
    found = _matching(table, match, (INVALID,))
    outcome = Outcome(dict(Counter(str(item.get("invalid_from")) for item in found)))
    if not dry_run:
        outcome.changed = sum(table.revalidate(item["pk"]) for item in found)
    return outcome


def busiest(table: EndorsementsTable, now: datetime, hours: int = 24, top: int = 10) -> str:
    """The hashed IPs and email domains with the most endorsements in the last `hours`."""
    since = now - timedelta(hours=hours)
    recent = _matching(table, Match(since=since), (*COUNTED, INVALID))
    ips = Counter(str(item.get("ip_hash") or "(unknown)") for item in recent)
    domains = Counter(domain_of(str(item.get("email", ""))) or "(erased)" for item in recent)
    lines = [f"Endorsements since {since.isoformat(timespec='minutes')}: {len(recent)}"]
    for title, counts in (("hashed IP", ips), ("email domain", domains)):
        lines.append(f"Busiest by {title}:")
        lines += [f"  {count:6d}  {key}" for key, count in counts.most_common(top)]
    return "\n".join(lines) + "\n"
