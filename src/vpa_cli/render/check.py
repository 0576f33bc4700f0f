"""Rendering `vpa check` results: one line per problem, or the counts when all is well."""

from __future__ import annotations

from vpa_cli.checks.run import CheckReport
from vpa_cli.formats import CHECK, Renderers
from vpa_cli.records.problems import Problem
from vpa_cli.render import Output

PROBLEM_HEADER = ("file", "record", "field", "message")


def render_check(report: CheckReport, fmt: str, out: Output) -> None:
    CHECK.renderer(fmt, RENDERERS)(report, out)


def _fields(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.file, problem.record, problem.field, problem.message)


def _counts(report: CheckReport) -> str:
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in report.counts.items())
    return f"ok: {counts}"


def check_plain(report: CheckReport, out: Output) -> None:
    """`file: record: field: message`, the form compilers use and editors jump to;
    warnings as `file: record: field: warning: message`."""
    out.lines(out.clean(str(p)) for p in report.problems)
    out.lines(out.clean(str(_warning(p))) for p in report.warnings)
    if report.ok:
        out.lines([_counts(report)])


def _warning(problem: Problem) -> Problem:
    return problem._replace(message="warning: " + problem.message)


def _rows(report: CheckReport) -> list[tuple[str, str, str, str, str]]:
    return [
        *((*_fields(p), "error") for p in report.problems),
        *((*_fields(p), "warning") for p in report.warnings),
    ]


def check_json(report: CheckReport, out: Output) -> None:
    out.json(
        {
            "ok": report.ok,
            "counts": report.counts,
            "files": report.files,
            "problems": [
                dict(zip(PROBLEM_HEADER, _fields(p), strict=True)) for p in report.problems
            ],
            "warnings": [
                dict(zip(PROBLEM_HEADER, _fields(p), strict=True)) for p in report.warnings
            ],
        }
    )


def check_csv(report: CheckReport, out: Output) -> None:
    """The problems and warnings, one row each (only the header when there are none)."""
    out.csv((*PROBLEM_HEADER, "severity"), _rows(report))


def check_markdown(report: CheckReport, out: Output) -> None:
    """A table of the problems and warnings, or the counts when there are none."""
    if report.problems or report.warnings:
        out.markdown_table((*PROBLEM_HEADER, "severity"), _rows(report))
    if report.ok:
        out.lines([out.md(_counts(report))])


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    CHECK: {
        "plain": check_plain,
        "json": check_json,
        "csv": check_csv,
        "markdown": check_markdown,
    },
}
