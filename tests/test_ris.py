"""`vpa cite --format ris`, parsed line by line against the RIS specification's tags."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from vpa_cli.cli import app

CITING = str(Path(__file__).parent / "data" / "citing" / "metadata.json")
# Reference Manager's RIS specification: a capital, a capital or digit, two spaces, a
# hyphen, a space; each line ends in CR LF.
LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")
TYPES = {"JOUR", "NEWS", "ELEC", "BOOK", "RPRT", "GEN"}


def records(*args: str) -> list[list[tuple[str, str]]]:
    # The bytes, not CliRunner's `stdout`, which turns CR LF into LF.
    result = CliRunner().invoke(app, ["cite", "--format", "ris", *args])
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes.decode("utf-8")
    assert raw.endswith("\r\n")
    lines = raw[:-2].split("\r\n")
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in lines:
        assert "\n" not in line and "\r" not in line, repr(line)
        match = LINE.match(line)
        assert match, repr(line)
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = []
        assert current is not None, f"{tag} before TY"
        current.append((tag, value))
        if tag == "ER":
            assert value == ""
            out.append(current)
            current = None
    assert current is None, "a record without ER"
    return out


def fields(record: list[tuple[str, str]], tag: str) -> list[str]:
    return [v for t, v in record if t == tag]


def test_every_bundled_source_is_a_record_from_ty_to_er() -> None:
    got = records()
    assert len(got) >= 5
    for record in got:
        assert record[0][0] == "TY" and record[-1] == ("ER", "")
        assert record[0][1] in TYPES
        assert len(fields(record, "TI")) == 1


def test_fields_of_a_journal_article() -> None:
    [record] = records("duong-2018", "--data", CITING)
    assert fields(record, "TY") == ["JOUR"]
    # "Lastname, Firstname": the comma tells a reader which part is the family name.
    assert fields(record, "AU") == ["Nguyen, Ba Duong"]
    assert fields(record, "TI") == [
        "Vietnam’s international integration in national defense and security"
    ]
    assert fields(record, "T2") == ["Political Theory Journal"]
    assert fields(record, "PB") == ["Ho Chi Minh National Academy of Politics"]
    assert (fields(record, "VL"), fields(record, "IS"), fields(record, "SP")) == (
        ["12"],
        ["3"],
        ["45–67"],
    )
    assert fields(record, "PY") == ["2018"]
    assert fields(record, "DA") == ["2018/03/22"]
    assert fields(record, "UR") == [
        "http://www.lyluanchinhtri.vn/home/en/index.php/figure-and-events/item/544.html"
    ]
    assert fields(record, "Y2") == ["2025/12/18"]
    assert "vpa source id: duong-2018" in fields(record, "N1")


def test_newspaper_translator_month_date_and_web_page() -> None:
    thayer, chien = records("thayer-2019", "chien-undated", "--data", CITING)
    assert fields(thayer, "TY") == ["NEWS"]
    assert fields(thayer, "AU") == ["Thayer, Carlyle A."]
    # A literal name is written whole; the translator as A4 and as a note.
    assert fields(thayer, "A4") == ["Mai Huong"]
    assert "Translated by Mai Huong" in fields(thayer, "N1")
    assert (fields(thayer, "PY"), fields(thayer, "DA")) == (["2019"], ["2019/07"])
    assert fields(chien, "TY") == ["ELEC"]
    assert fields(chien, "T2") == ["National Defence Journal"]
    # No date: no PY or DA, nothing invented.
    assert fields(chien, "PY") == [] and fields(chien, "DA") == []


def test_an_event_exports_the_sources_it_cites() -> None:
    [record] = records("2015-un-cooperation", "--data", CITING)
    assert fields(record, "TI")[0].startswith("Vietnam’s international integration")


def test_values_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("A line.\n", encoding="utf-8")
    data = tmp_path / "d.json"
    data.write_text(
        '{"sources": [{"id": "s", "file": "t.txt", "title": "Two\\nlines\\tand a tab",'
        ' "citations": [{"source": "s", "line": 1, "quote": "A line."}]}]}',
        encoding="utf-8",
    )
    [record] = records("s", "--data", str(data))
    assert fields(record, "TY") == ["GEN"]
    assert fields(record, "TI") == ["Two lines and a tab"]
