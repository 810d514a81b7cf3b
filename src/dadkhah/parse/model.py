"""What a parser returns: the stored text and the structure that points into it."""

from __future__ import annotations

from dataclasses import dataclass, field

from dadkhah.errors import ParseError
from dadkhah.parse.dates import DateValue

__all__ = ["ParseError", "Paragraph", "Page", "Post", "ParsedDocument"]


@dataclass
class Paragraph:
    start: int
    end: int
    page: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as printed by PDF readers
    start: int
    end: int


@dataclass
class Post:
    """A social-media post found in the document, with the span where it appears."""

    platform: str
    handle: str | None
    display_name: str | None
    posted: DateValue | None
    text: str
    urls: list[str] = field(default_factory=list)
    post_url: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class ParsedDocument:
    text: str
    parser: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    domain: str | None = None
    published: DateValue | None = None
    republished_from: str | None = None
    encoding: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.number
        return None

    def languages(self) -> list[str]:
        """Languages of the paragraphs, most text first."""
        weight: dict[str, int] = {}
        for p in self.paragraphs:
            if p.language:
                weight[p.language] = weight.get(p.language, 0) + (p.end - p.start)
        return sorted(weight, key=weight.get, reverse=True)
