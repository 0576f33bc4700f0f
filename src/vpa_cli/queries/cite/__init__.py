"""Citing the dataset's sources: references in APA 7, Chicago 17, MLA 9 and a plain style,
and exports to BibTeX and CSL-JSON.

Nothing here imports typer or rich. `choices` holds the names `vpa cite` accepts and
imports nothing, so the command can use them at start-up; the rest is imported when
`vpa cite` runs. How each style treats our sources (ranks, translators, missing
authors and dates, untitled works, Vietnamese names) is written down where it is done:
`people`, `titles`, and one module per style.
"""
