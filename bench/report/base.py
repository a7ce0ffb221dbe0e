"""What every section of bench/results.md shares: the targets, and how a verdict is written."""

from __future__ import annotations

TARGETS = {
    "full": 1.5,  # issue 14 (was 1.3x, issue 3): with seven languages, at most 1.5x bare Pelican
    "rebuild": 0.5,  # issue 3: a no-change rebuild at most 0.5x our full build
    "article_gz_kb": 20.0,  # issue 3: article page, gzipped
    "import": 1.15,  # issue 6: handler import at most 1.15x `import boto3`
    # issue 15 (replacing issue 6's 0.7x of a bare put_item): our overhead
    "over_floor": 0.8,  # through the server, at least 0.8x the floor (the server + our write)
    "over_transaction": 0.9,  # in process, at least 0.9x the bare transaction of our write
    "mail_p99_ms": 1000.0,  # from the 202 to the .eml on disk, p99
    # issue 23: the best classifier of new and known addresses by time; 0.5 is chance
    "enumeration_accuracy": 0.60,
    "writes": 1,  # issue 6: one write call per accepted submission
    "html_first": 1.3,  # issue 6: import + first HTML page (a refused form) at most 1.3x boto3
    "render_ms": 5.0,  # issue 6: that page rendered warm, p50
    "form_gz_kb": 15.0,  # issue 6: the survey and manifesto pages with their CSS and JS, gzipped
}


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


class Sections:
    """Adds titled sections and target verdicts to `self.sections` and `self.verdicts`."""

    sections: list[str]
    verdicts: list[str]

    def _add(self, title: str, lines: list[str]) -> None:
        self.sections.append("\n".join([f"## {title}", "", *lines, ""]))

    def _target(self, name: str, value: float, target: str, ok: bool) -> str:
        self.verdicts.append(f"{name}: {value:.2f} (target {target}) {verdict(ok)}")
        return f"{target}: {verdict(ok)}"

    def _flag(self, name: str, value: bool, wanted: bool) -> str:
        self.verdicts.append(f"{name}: {value} (target {wanted}) {verdict(value == wanted)}")
        return f"{'yes' if value else 'no'}: {verdict(value == wanted)}"
