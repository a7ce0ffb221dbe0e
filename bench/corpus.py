"""A generated corpus of news articles, written twice with the same text: with our YAML front
matter for our build, and with Pelican's native Markdown metadata for bare Pelican."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

TOPICS = [
    "participatory budgeting", "open data", "digital literacy", "co-design", "living labs",
    "citizen science", "smart mobility", "energy communities", "inclusion", "privacy by design",
    "urban platforms", "procurement", "ageing well", "youth councils", "public spaces",
    "civic tech", "air quality", "housing", "digital twins", "e-government",
]  # fmt: skip
CITIES = ["Utrecht", "Glasgow", "Sofia", "Vienna", "Lisbon", "Tampere", "Gdansk", "Bologna"]
WORDS = ["city", "citizens", "engagement", "council", "residents", "platform", "pilot", "project", "data", "service", "design", "workshop", "budget", "neighbourhood", "school", "library", "feedback", "policy", "network", "partners", "research", "innovation", "mobility", "energy", "climate", "inclusion", "accessibility", "transparency", "decision", "local", "european", "programme", "results", "evaluation", "community", "volunteers", "survey", "strategy", "officers"]  # fmt: skip


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    date: dt.date
    summary: str
    author: str
    tags: tuple[str, ...]
    body: str


# Our own content has a quote, an apostrophe or a dash in about one sentence in eight
# (12% when measured); the corpus keeps that rate, so typography costs what it costs for real.
PUNCTUATED_SHARE = 0.12


def _punctuate(rng: random.Random, words: list[str]) -> list[str]:
    at = rng.randrange(1, len(words) - 2)
    kind = rng.choice(("possessive", "quoted", "dash"))
    if kind == "possessive":
        words[at] += "'s"
    elif kind == "quoted":
        words[at], words[at + 1] = f'"{words[at]}', f'{words[at + 1]}"'
    else:
        words[at] += " --"
    return words


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    if rng.random() < PUNCTUATED_SHARE:
        words = _punctuate(rng, words)
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _body(rng: random.Random, city: str) -> str:
    parts = [_paragraph(rng), _paragraph(rng), f"## What {city} learned", _paragraph(rng)]
    parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
    parts.append(
        f"## Next steps\n\n{_paragraph(rng)} [More about the project](https://example.org/{city.lower()})."
    )
    parts.append(f"**{city}** will report back in the next webinar. {_paragraph(rng)}")
    return "\n\n".join(parts)


def generate(count: int = 1000, seed: int = 2018) -> list[Article]:
    rng = random.Random(seed)  # noqa: S311 - not for secrets: the same corpus on every machine
    start = dt.date(2015, 1, 1)
    articles = []
    for number in range(count):
        city, topic = rng.choice(CITIES), rng.choice(TOPICS)
        articles.append(
            Article(
                slug=f"article-{number:04d}",
                title=f"{city} on {topic}: report {number}",
                date=start + dt.timedelta(days=number * 3 % 3650),
                summary=_sentence(rng),
                author="Citizen Focus Action Cluster",
                tags=tuple(sorted({topic, *rng.sample(TOPICS, 2)})),
                body=_body(rng, city),
            )
        )
    return articles


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def as_front_matter(article: Article) -> str:
    tags = ", ".join(_yaml_string(tag) for tag in article.tags)
    return (
        f"---\ntitle: {_yaml_string(article.title)}\ndate: {article.date.isoformat()}\n"
        f"summary: {_yaml_string(article.summary)}\nauthor: {_yaml_string(article.author)}\n"
        f"tags: [{tags}]\n---\n{article.body}\n"
    )


def as_pelican_metadata(article: Article) -> str:
    return (
        f"Title: {article.title}\nSlug: {article.slug}\nDate: {article.date.isoformat()}\n"
        f"Summary: {article.summary}\n"
        f"Author: {article.author}\nTags: {', '.join(article.tags)}\n\n{article.body}\n"
    )


def write(articles: list[Article], folder: Path, render) -> Path:
    """Write the articles as folder/news/<slug>.md; return folder."""
    news = folder / "news"
    news.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (news / f"{article.slug}.md").write_text(render(article), encoding="utf-8")
    return folder
