from conftest import run, run_json


def test_check_is_clean() -> None:
    result = run("check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok: 6 sources")


def test_timeline_json_parses() -> None:
    events = run_json("timeline")
    assert events[0]["id"] == "1944-vpa-founding"


def test_usage_error_is_one_line() -> None:
    result = run("timeline", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "'xml'" in result.stderr
