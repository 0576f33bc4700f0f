"""Reference text with its italics: a sequence of spans, shown plain or as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vpa_cli.markdown import escape, escape_line_start


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Span:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Styled:
    """An immutable run of spans; `plain` drops the italics, `markdown` marks them."""

    spans: tuple[Span, ...] = ()

    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    def markdown(self, clean: Callable[[str], str] = _identity) -> str:
        out = []
        for span in _merged(self.spans):
            text = escape(clean(span.text))
            if span.italic and text.strip():
                # Emphasis must not start or end on a space (CommonMark flanking rules).
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()) :]
                text = f"{lead}*{text.strip()}*{trail}"
            out.append(text)
        # Harmless inline, and needed where the text begins a line or a list item.
        return escape_line_start("".join(out))


def _merged(spans: tuple[Span, ...]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and out[-1].italic == span.italic:
            out[-1] = Span(out[-1].text + span.text, span.italic)
        else:
            out.append(span)
    return out


class Builder:
    """Appends spans and keeps sentence punctuation right: never '..', never '?.'."""

    def __init__(self) -> None:
        self._spans: list[Span] = []

    @property
    def text(self) -> str:
        return "".join(s.text for s in self._spans)

    def add(self, text: str, *, italic: bool = False) -> Builder:
        if text:
            self._spans.append(Span(text, italic))
        return self

    def add_styled(self, styled: Styled) -> Builder:
        self._spans.extend(styled.spans)
        return self

    def close(self, mark: str = ".") -> Builder:
        """End the current element with `mark` unless it already ends a sentence."""
        text = self.text.rstrip()
        if not text:
            return self
        if text.endswith(("?", "!")) or (mark == "." and text.endswith(".")):
            return self
        # A closing quotation mark after ? or ! already ends the element (“Why?”).
        if text.endswith(("”", "’")) and text[:-1].endswith(("?", "!", ".")):
            return self
        return self.add(mark)

    def separator(self, text: str = " ") -> Builder:
        if self.text:
            self.add(text)
        return self

    def build(self) -> Styled:
        return Styled(tuple(_merged(tuple(self._spans))))
