"""The site's sections: build times, the cost per language, page and form weights."""

from __future__ import annotations

from bench.build import BuildTimes
from bench.report.base import TARGETS, Sections, kb
from bench.weight import Weight


class BuildSections(Sections):
    def build_failed(self, failure: str) -> None:
        # Pelican prints errors in a boxed, wrapped layout: keep the words, drop the layout.
        words = " ".join(failure.split())
        tail = words[words.rfind("Error") - 300 :] if "Error" in words else words[-400:]
        self._add(
            "Build with our settings: FAILED",
            [
                "Our build of the corpus with `pelicanconf.py` as it is failed, so the timings below",
                "use the same corpus with pagination off in both builds. The end of the error:",
                "",
                "```",
                tail,
                "```",
            ],
        )

    def build(
        self, times: dict[str, BuildTimes], articles: int, repeats: int, settings: str
    ) -> None:
        ours, bare = times["ours"], times["bare"]
        full_ratio, rebuild_ratio = ours.full / bare.full, ours.rebuild / ours.full
        self._add(
            f"Build: {articles:,} generated articles ({settings})",
            [
                f"Median of {repeats} runs each, taking turns; a full build starts from an empty",
                "output folder and no cache, the rebuild follows it with nothing changed. Bare",
                "Pelican: default theme `notmyidea`, no plugins, the same pagination (10).",
                "",
                "| | ours | bare Pelican | ratio | target |",
                "| --- | --- | --- | --- | --- |",
                f"| full build | {ours.full:.1f} s | {bare.full:.1f} s | {full_ratio:.2f}x | "
                + self._target(
                    "full build vs bare", full_ratio, "at most 1.5x", full_ratio <= TARGETS["full"]
                )
                + " |",
                f"| no-change rebuild | {ours.rebuild:.1f} s | {bare.rebuild:.1f} s | "
                f"{rebuild_ratio:.2f}x of our full build | "
                + self._target(
                    "rebuild vs our full",
                    rebuild_ratio,
                    "at most 0.5x",
                    rebuild_ratio <= TARGETS["rebuild"],
                )
                + " |",
                f"| HTML pages written | {ours.pages} | {bare.pages} | | |",
            ],
        )

    def language_cost(self, seven: BuildTimes, english: BuildTimes, added: int) -> None:
        per_language = (seven.full - english.full) / added
        self.sections[-1] += (
            f"\nWhat the languages cost (same corpus, one run each after the medians above): our "
            f'build with English only (`LANGUAGES=["en"]`, no translated pages) takes '
            f"{english.full:.1f} s full and writes {english.pages} pages; with all seven, "
            f"{seven.full:.1f} s and {seven.pages} pages. Each added language costs "
            f"{per_language:.2f} s ({per_language / english.full:.1%} of the English-only build): "
            "its home page, translated pages, feeds, calendar and search index; the articles are "
            "rendered once whatever the number of languages.\n"
        )

    def build_breakdown(self, no_search: BuildTimes) -> None:
        self.sections[-1] += (
            f"\nOur build without the Pagefind step (`PAGEFIND=false`, one run): full "
            f"{no_search.full:.1f} s, no-change rebuild {no_search.rebuild:.1f} s. Against the "
            "figures above, the full build's difference is what the search index adds to the "
            "wall time: Pagefind reads the pages while Pelican writes the others and writes its "
            "bundle while Pelican writes the lists (plugins/pagefind_index.py), so only the part "
            "that does not fit alongside remains; a no-change rebuild reuses the kept index.\n"
        )

    def weight(
        self, compared: dict[str, tuple[Weight, Weight]], ours_only: dict[str, Weight]
    ) -> None:
        lines = [
            "HTML + CSS (with `@import`s) + JS loaded by the page, raw and gzipped (level 9, each",
            "file on its own); fonts and images not counted. Corpus pages from the build above.",
            "",
            "| page type | ours raw KB | ours gzip KB | bare raw KB | bare gzip KB | gzip ratio |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for name, (ours, bare) in compared.items():
            lines.append(
                f"| {name} | {kb(ours.raw)} | {kb(ours.gzipped)} | {kb(bare.raw)} | "
                f"{kb(bare.gzipped)} | {ours.gzipped / bare.gzipped:.2f}x |"
            )
        lines += ["", "Our real site's other page types (no bare equivalent):", ""]
        lines += ["| page type | raw KB | gzip KB | files |", "| --- | --- | --- | --- |"]
        for name, weight in ours_only.items():
            lines.append(
                f"| {name} | {kb(weight.raw)} | {kb(weight.gzipped)} | {', '.join(weight.files)} |"
            )
        article = max(compared["article"][0].gzipped, ours_only["real article"].gzipped) / 1024
        lines += [
            "",
            f"Article page, gzipped: {article:.1f} KB; "
            + self._target(
                "article gzip KB", article, "at most 20 KB", article <= TARGETS["article_gz_kb"]
            ),
        ]
        self._add("Page weight", lines)

    def form_weight(self, weights: dict[str, Weight], level6: dict[str, int]) -> None:
        """The form pages against their own target; gzip -6 beside -9: CloudFront does not
        document its level, so the target is read at 9 and -6 shows how much that matters."""
        lines = [
            "",
            "Form pages (HTML + site.css + forms.js, as in the table above), gzipped:",
            "",
            "| page | gzip -9 KB | gzip -6 KB | target |",
            "| --- | --- | --- | --- |",
        ]
        for name, weight in weights.items():
            size = weight.gzipped / 1024
            lines.append(
                f"| {name} | {size:.2f} | {level6[name] / 1024:.2f} | "
                + self._target(
                    f"{name} page gzip KB", size, "at most 15 KB", size <= TARGETS["form_gz_kb"]
                )
                + " |"
            )
        lines += [
            "",
            "CloudFront compresses on the fly (gzip or Brotli, as the browser asks) and does not",
            "say at which gzip level; the target is read at level 9, each file on its own.",
        ]
        self.sections[-1] += "\n".join(lines) + "\n"

    def journey_weight(self, weights: dict[str, float]) -> None:
        lines = [
            "Each page of the survey journey from the live local stack, with the stylesheets",
            "and scripts it loads, gzipped (-9, each file on its own):",
            "",
            "| page | gzip KB | target |",
            "| --- | --- | --- |",
        ]
        for name, size in weights.items():
            verdict = self._target(f"{name} gzip KB", size, "at most 15 KB", size <= 15)
            lines.append(f"| {name} | {size:.2f} | {verdict} |")
        self._add("Survey journey: page weight", lines)
