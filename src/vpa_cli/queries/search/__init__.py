"""Full-text search over events, facts, partners and the lines of the sources.

Matching forgives case, accents, typographic quotes (all via `text.fold`),
digit grouping (`1,100` is `1100`), dotted acronyms (`U.N.` is `UN`), British
and American spelling (`defense`, `normalization`) and simple English endings
(`peacekeepers`, `peacekeeping`). Ranking, best first:

1. how many of the query's words (or "quoted phrases") a hit contains;
2. a score: each word adds its rarity (inverse document frequency) times the
   weight of the best field it is in (the declarations in records/types.py give it:
   title/name 3, summary/aliases/id/kind/date 2, quotes/notes/passages 1); a
   word matched only as a prefix (`guide` in `guidelines`) counts half; the
   query's words side by side in a field add a phrase bonus;
3. type (event, fact, partner, passage), then id: ties are always broken the same way.

Question words and other stop-words ("when did", "which", "the") are dropped
unless the query has nothing else; a word found in more than half of all
indexed texts (`vietnam`, `defence`) still scores but is not counted in (1),
so it cannot outvote the words that carry the question. No terminal code here.

The modules, by concern: `words` (folding, spelling, stemming, tokens),
`query` (parsing a query), `matching` (the matcher and its quick test),
`index` (what is searched), `snippets` and `ranking` (`run_search`).
"""

from __future__ import annotations

from vpa_cli.queries.search.index import TYPES, Document, SearchIndex, Weighted, build_index
from vpa_cli.queries.search.matching import PREFIX_FACTOR
from vpa_cli.queries.search.query import STOP_WORDS, SYNONYMS, ParsedQuery, Unit, parse_query
from vpa_cli.queries.search.ranking import (
    COMMON_SHARE,
    DEFAULT_LIMIT,
    Hit,
    SearchQuery,
    run_search,
)
from vpa_cli.queries.search.snippets import Snippet, make_snippet
from vpa_cli.queries.search.words import Token, fold_with_offsets, stem, tokenize

__all__ = [
    "COMMON_SHARE",
    "DEFAULT_LIMIT",
    "PREFIX_FACTOR",
    "STOP_WORDS",
    "SYNONYMS",
    "TYPES",
    "Document",
    "Hit",
    "ParsedQuery",
    "SearchIndex",
    "SearchQuery",
    "Snippet",
    "Token",
    "Unit",
    "Weighted",
    "build_index",
    "fold_with_offsets",
    "make_snippet",
    "parse_query",
    "run_search",
    "stem",
    "tokenize",
]
