"""Damaged or hostile upload files are refused as the `file` field, never a 500."""

import io
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import Workbook

from xinfa.core import importing
from xinfa.core.exceptions import ValidationFailed
from xinfa.core.importing import read_tabular

SHEET = "xl/worksheets/sheet1.xml"
ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY a%d "%s">' % (level, (b"&a%d;" % (level - 1) if level > 1 else b"&a;") * 10)
        for level in range(1, 10)
    )
    + b"]>"
)


def workbook_bytes(rows: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["customer_number", "name"])
    for index in range(rows):
        sheet.append([f"C{index:06d}", "张三"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(edit: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            body = source.read(item.filename)
            archive.writestr(item, edit(body) if item.filename == SHEET else body)
    return target.getvalue()


def test_a_sound_workbook_is_read() -> None:
    rows = read_tabular(workbook_bytes(2), "customers.xlsx")
    assert rows == [
        {"customer_number": "C000000", "name": "张三"},
        {"customer_number": "C000001", "name": "张三"},
    ]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda body: body[: len(body) // 2], id="sheet cut short"),
        pytest.param(lambda body: body.replace(b'r="A2"', b'r="ZZZZZZ9"'), id="bad cell reference"),
        pytest.param(
            lambda body: body.replace(b'<c r="A1"', b'<c r="Q1" t="n"><v>x</v></c><c r="A1"', 1),
            id="number cell holding text",
        ),
        pytest.param(
            lambda body: ENTITY_BOMB + body.partition(b"?>")[2].replace(b"C000000", b"&a9;"),
            id="entity expansion bomb",
        ),
    ],
)
def test_a_damaged_or_hostile_workbook_is_refused(edit: Callable[[bytes], bytes]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_tabular(with_sheet(edit), "customers.xlsx")
    assert (caught.value.field, caught.value.message) == ("file", "文件不是可读取的 .xlsx 工作簿")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_cap_are_refused(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "MAX_IMPORT_ROWS", 2)
    content = workbook_bytes(3) if kind == "xlsx" else b"customer_number\nC1\nC2\nC3\n"
    with pytest.raises(ValidationFailed, match="文件超过 2 行") as caught:
        read_tabular(content, f"customers.{kind}")
    assert caught.value.field == "file"
    monkeypatch.setattr(importing, "MAX_IMPORT_ROWS", 3)
    assert len(read_tabular(content, f"customers.{kind}")) == 3
