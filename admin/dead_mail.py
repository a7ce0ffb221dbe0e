"""`admin mail dead`: the mail the worker gave up on, so that staff see it and can act.

One line per mail, oldest first: its key, when it was written, when it was given up on, how many
tries it had, the recipient's domain and why. Never the address, the subject or the text: the
text holds the recipient's links (confirm, withdraw, edit), which are theirs alone.
"""

from __future__ import annotations

from typing import Any

from functions.domain.emails import domain_of

COLUMNS = ("key", "created", "given up", "tries", "domain", "reason")


def recipient_domain(to: Any) -> str:
    """The domain only; a malformed one (perhaps why the mail died) shown escaped, so that
    no control character reaches the terminal."""
    domain = domain_of(to) if isinstance(to, str) and "@" in to else ""
    if not domain:
        return "(no address)"
    return domain if domain.isprintable() else ascii(domain)


def _row(item: dict[str, Any]) -> tuple[str, ...]:
    return (
        str(item.get("pk", "?")),
        str(item.get("created_at", "?")),
        str(item.get("dead_at", "?")),
        str(item.get("attempts") or 0),
        recipient_domain(item.get("to")),
        str(item.get("dead_reason") or "?"),
    )


def format_dead(items: list[dict[str, Any]]) -> str:
    """The list as a table with aligned columns (the reason last: it may be long)."""
    if not items:
        return "No mail was given up on.\n"
    rows = [COLUMNS, *map(_row, items)]
    widths = [max(len(row[index]) for row in rows) for index in range(len(COLUMNS) - 1)]
    lines = [f"{len(items)} mail(s) given up on (the mail worker will not try them again):"]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"
