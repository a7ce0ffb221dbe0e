"""The survey report as plain text for the terminal, in English.

The ranking table (counted responses, one per city), the shortlist, then apart: contested
cities (not ranked), settled contests, pending responses and legacy responses; the domains'
legend last. Email addresses never appear, only their domains.
"""

from __future__ import annotations

from admin.report import SHORTLIST_SIZE, Report, columns, rows
from admin.standing import Entry, match_text
from functions.usecases.sending import PENDING_LIFETIME


def _domain(entry: Entry) -> str:
    domain = entry.email_domain or "(erased)"
    return f"{domain}, domain match {match_text(entry.domain_match)}"


def _table(report: Report) -> list[str]:
    header = columns(report)
    cells = [[str(row[column]) for column in header] for row in rows(report)]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    numeric = {"rank", "overall", *(d for d, _t in report.domains)}

    def line(values: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if name in numeric else cell.ljust(width)
            for cell, width, name in zip(values, widths, header, strict=True)
        ).rstrip()

    return [line(header), line(["-" * width for width in widths]), *map(line, cells)]


def _contested(report: Report) -> list[str]:
    out = ["", "Contested cities (not ranked until staff accept one response):"]
    for entries in report.contested:
        first = entries[0]
        out.append(f"  {first.city} ({first.country}): {len(entries)} confirmed responses")
        for entry in entries:
            confirmed = entry.record.get("confirmed_at", "")
            out.append(f"    {entry.reference}  confirmed {confirmed}  {_domain(entry)}")
    if len(out) == 2:
        out.append("  (none)")
    else:
        out.append(f"  Settle with: python -m admin survey accept {report.survey_id} REFERENCE")
    return out


def _settled(report: Report) -> list[str]:
    out = [
        "",
        "Settled contests (the accepted response is ranked; the others are kept, not counted):",
    ]
    for counted, others in report.settled:
        accepted_at = report.accepted_at(counted.city_key)
        out.append(
            f"  {counted.city} ({counted.country}): counted {counted.reference}"
            f" (accepted {accepted_at})"
        )
        for entry in others:
            confirmed = str(entry.record.get("confirmed_at", ""))
            late = "  confirmed after the decision" if confirmed > accepted_at else ""
            out.append(f"    not counted {entry.reference}  confirmed {confirmed}{late}")
    return out if len(out) > 2 else [*out, "  (none)"]


def _pending(report: Report) -> list[str]:
    days = PENDING_LIFETIME.days
    out = [
        "",
        f"Pending responses (email not confirmed: never counted, deleted {days} days after sending):",
    ]
    for entry in report.pending:
        out.append(
            f"  {entry.city} ({entry.country})  {entry.reference}"
            f"  sent {entry.record.get('submitted_at', '')}  {_domain(entry)}"
        )
    return out if len(out) > 2 else [*out, "  (none)"]


def _legacy(report: Report) -> list[str]:
    out = ["", "Legacy responses (first release, sent without email confirmation: not ranked):"]
    for entry in report.legacy:
        out.append(
            f"  {entry.city} ({entry.country})  {entry.reference}  overall {entry.overall}"
            f"  sent {entry.record.get('submitted_at', '')}  {_domain(entry)}"
        )
    return out if len(out) > 2 else [*out, "  (none)"]


def format_table(report: Report) -> str:
    """A plain-text table for the terminal, then the shortlist, the other responses and the
    domain legend."""
    count = len(report.cities)
    cities = "city" if count == 1 else "cities"
    out = [f"Survey {report.survey_id}: {count} {cities} ranked (one response each)", ""]
    out += _table(report)
    out += ["", f"Shortlist (overall >= {report.threshold}, at most {SHORTLIST_SIZE}):"]
    shortlist = report.shortlist
    out += [f"  {c.rank}. {c.city} ({c.country}): {c.overall}" for c in shortlist] or ["  (none)"]
    if report.tie_at_cut:
        out.append("  Note: a city outside the shortlist has the same score as the last one in it.")
    out += _contested(report) + _settled(report) + _pending(report) + _legacy(report)
    out += ["", "Domains:"] + [f"  {domain}: {title}" for domain, title in report.domains]
    return "\n".join(out) + "\n"
