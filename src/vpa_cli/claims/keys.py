"""Citation keys as pandoc reads them, and the citation of a quote to paste into a paper.

A source's id is its pandoc citation key (the `id` of its CSL-JSON item, the key of
its BibTeX entry). A quote is cited as `[@dd-achievements, para. 6]`: pandoc reads
"para." as CSL's `paragraph` locator. A line that is no paragraph (a caption, a
title, a dateline) has no CSL locator term: its role follows the key as the
citation's suffix, `[@hoang-xuan-chien, caption]`, which pandoc prints as written
after the rest of the citation. A line vpa cannot place ("line 34") takes CSL's
`line` locator, which pandoc reads from "line 34". Imports nothing heavy.
"""

from __future__ import annotations

import re

# pandoc's simple key: a letter, digit or `_` first (`*` alone is "every entry"
# in `nocite`), then letters, digits and `_`, with single punctuation marks
# (`:.#$%&-+?<>~/`) inside, and `:` or `/` also before a `/` (URLs). Any other key
# is written in braces, `@{...}`.
KEY = r"[\w*](?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*"
# What pandoc never reads as part of a braced key. (Both are compiled on first use,
# by `re`'s own cache: every view of a claim imports this module.)
_UNBRACEABLE = r"[\s{}]"


def pandoc_key(key: str) -> str:
    """`@key`, braced (`@{key}`) where pandoc would otherwise read a shorter key.

    ValueError for a key no Markdown can hold (empty, a space or a brace in it);
    every id vpa accepts is a simple key.
    """
    if re.fullmatch(KEY, key) and not key.startswith("*"):
        return f"@{key}"
    if not key or re.search(_UNBRACEABLE, key):
        raise ValueError(f"{key!r} cannot be a pandoc citation key")
    return f"@{{{key}}}"


def pandoc_citation(source_id: str, place: str) -> str:
    """The citation of a quote at `place` of a source, for a Markdown paper:
    `[@dd-achievements, para. 6]`, `[@hoang-xuan-chien, caption]`."""
    return f"[{pandoc_key(source_id)}, {place}]"
