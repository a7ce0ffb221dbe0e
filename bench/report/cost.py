"""What the measured capacity and Lambda time would cost on AWS at published prices."""

from __future__ import annotations

from collections import Counter

from bench.report.base import Sections

# Published on-demand prices used for the cost estimate (US East, N. Virginia; other regions
# differ by a few per cent): DynamoDB since its November 2024 cut, Lambda arm64, SES outbound.
PRICE_WRITE_UNIT = 0.625 / 1e6  # USD per write request unit
PRICE_READ_UNIT = 0.125 / 1e6  # USD per read request unit
PRICE_LAMBDA_GB_S = 0.0000133334  # USD per GB-second, arm64
PRICE_LAMBDA_REQUEST = 0.20 / 1e6  # USD per invocation
PRICE_SES_MAIL = 0.10 / 1000  # USD per message
LAMBDA_MEMORY_GB = 256 / 1024  # template.yaml Globals: MemorySize 256


def capacity_section(
    report: Sections, found: dict[str, Counter], api_ms: float, worker_ms: float
) -> None:
    """Capacity units per accepted request and per mail, and what volumes would cost."""
    lines = [
        "Capacity units DynamoDB Local reported (`ReturnConsumedCapacity: TOTAL`) for one",
        "request each, handlers in process; a transaction's items cost two units each per KB.",
        "",
        "| request | write units | read units |",
        "| --- | --- | --- |",
    ]
    for name, used in found.items():
        lines.append(f"| {name} | {used['write']:.1f} | {used['read']:.1f} |")
    mail = found["mail sent by the worker"]

    def cost(count: int, request: Counter, mails_each: int) -> float:
        units = count * (request["write"] * PRICE_WRITE_UNIT + request["read"] * PRICE_READ_UNIT)
        mails = count * mails_each
        units += mails * (mail["write"] * PRICE_WRITE_UNIT + mail["read"] * PRICE_READ_UNIT)
        lambda_s = count * api_ms / 1000 + mails * worker_ms / 1000
        compute = lambda_s * LAMBDA_MEMORY_GB * PRICE_LAMBDA_GB_S
        compute += (count + mails) * PRICE_LAMBDA_REQUEST
        return units + compute + mails * PRICE_SES_MAIL

    # An endorsement mails twice (confirm link, and nothing more unless asked); a survey
    # response three times (confirm request, copy of the answers, a resume link on average).
    endorsements = cost(10_000, found["endorsement submitted"], 2)
    responses = cost(500, found["survey response (one request)"], 3)
    lines += [
        "",
        f"What 10,000 endorsements and 500 survey responses would cost on demand, from these "
        f"units, {api_ms:.0f} ms of Lambda per request and {worker_ms:.0f} ms per mail "
        f"(arm64, {int(LAMBDA_MEMORY_GB * 1024)} MB) and SES at $0.10 per 1,000 messages "
        "(published US East prices: DynamoDB $0.625 per million write and $0.125 per million "
        "read units, Lambda $0.0000133334 per GB-second and $0.20 per million requests; "
        "stream reads by Lambda are free; the confirmation clicks, page views and storage "
        "are left out, and the free tiers are not subtracted):",
        "",
        f"- 10,000 endorsements (two mails each): ${endorsements:.2f}",
        f"- 500 survey responses (three mails each): ${responses:.2f}",
        f"- together: ${endorsements + responses:.2f}",
    ]
    report._add("DynamoDB capacity and cost", lines)
