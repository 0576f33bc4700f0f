"""The one-pass check for well-formed events agrees with the field-by-field reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vpa_cli.dataset import Problem, _Reader, _well_formed_event

GOOD: dict[str, Any] = {
    "id": "2015-x",
    "date": "2015-03-02",
    "date_basis": "stated",
    "title": "T",
    "summary": "S",
    "kind": "publication",
    "partners": ["russia"],
    "citations": [{"source": "s", "line": 1, "quote": "q"}],
}

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from(
        [
            "",
            " ",
            "2015",
            "1995/..",
            "2015-13",
            "derived",
            "supplied",
            "stated",
            "war",
            "wat",
            "post-1995",
            "x",
            "\u00a0",
        ]
    ),
    st.lists(st.sampled_from(["russia", 1, None]), max_size=2),
    st.lists(
        st.fixed_dictionaries(
            {
                "source": st.sampled_from(["s", "", 3]),
                "line": st.sampled_from([1, 0, True, "1"]),
                "quote": st.sampled_from(["q", " ", None]),
            },
            optional={"extra": st.just(1)},
        ),
        max_size=2,
    ),
)
KEYS = st.sampled_from(
    [
        "date",
        "date_basis",
        "date_note",
        "date_label",
        "title",
        "summary",
        "kind",
        "partners",
        "citations",
        "note",
        "unknown",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, ODD_VALUES, max_size=4), st.sets(KEYS, max_size=2))
def test_fast_path_accepts_only_what_the_reader_accepts(
    changes: dict[str, Any], removed: set[str]
) -> None:
    obj = {k: v for k, v in {**GOOD, **changes}.items() if k not in removed}
    problems: list[Problem] = []
    slow = _Reader("f.json", Path("."), problems)._event(obj, "2015-x")
    fast = _well_formed_event(obj, "2015-x", "f.json")
    if fast is not None:
        assert problems == []
        assert slow is not None
        assert fast.to_dict() == slow.to_dict()
    elif slow is not None and not problems:
        raise AssertionError(f"the fast path refused a good event: {obj!r}")
