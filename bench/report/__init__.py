"""bench/results.md: every figure of one run, each ratio beside its target (met / not met)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bench.report.api import (
    BARE_PUT,
    BARE_TRANSACTION,
    FLOOR,
    IN_PROCESS,
    OVERHEAD_TARGETS,
    SERVER,
    ApiSections,
)
from bench.report.base import TARGETS, verdict
from bench.report.build import BuildSections
from bench.report.cost import capacity_section

__all__ = [
    "BARE_PUT",
    "BARE_TRANSACTION",
    "FLOOR",
    "IN_PROCESS",
    "OVERHEAD_TARGETS",
    "SERVER",
    "TARGETS",
    "Report",
    "capacity_section",
    "verdict",
]


@dataclass
class Report(BuildSections, ApiSections):
    when: dt.datetime
    machine: list[tuple[str, str]]
    duration: float = 0.0
    sections: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "\n".join(self.verdicts)

    def markdown(self) -> str:
        head = [
            "# Benchmark results",
            "",
            f"Written by `python -m bench.run` (`make bench`) on {self.when:%Y-%m-%d %H:%M} UTC;",
            f"the run took {self.duration:.0f} s. Every ratio comes from this one run.",
            "",
            "## Machine",
            "",
            *(f"- {name}: {value}" for name, value in self.machine),
            "",
            "## Targets",
            "",
            *(f"- {line}" for line in self.verdicts),
            "",
        ]
        return "\n".join(head) + "\n" + "\n".join(self.sections)
