"""Rendering `vpa check` results."""

from __future__ import annotations

from vpa_cli.check import CheckReport
from vpa_cli.render import Output, OutputFormat


def render_check(report: CheckReport, fmt: OutputFormat, out: Output) -> None:
    if fmt is OutputFormat.json:
        out.json(
            {
                "ok": report.ok,
                "counts": report.counts,
                "files": report.files,
                "problems": [
                    {"file": p.file, "record": p.record, "field": p.field, "message": p.message}
                    for p in report.problems
                ],
            }
        )
        return
    if report.problems:
        out.lines(out.clean(str(p)) for p in report.problems)
        return
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in report.counts.items())
    out.lines([f"ok: {counts}"])
