"""Reading uploaded CSV / Excel files row by row, and the report an import returns."""

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from xinfa.core.exceptions import ValidationFailed

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000


@dataclass
class RejectedRow:
    row: int
    field: str
    reason: str


@dataclass
class ImportReport:
    """What an import did: counts, and each rejected row with the field and the reason."""

    total: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    def reject(self, row: int, field_name: str, reason: str) -> None:
        self.rejected.append(RejectedRow(row, field_name, str(reason)))

    def to_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": [vars(row) for row in self.rejected],
        }


def read_tabular(content: bytes, filename: str) -> list[dict[str, str]]:
    """Parse a CSV (UTF-8, optional BOM) or XLSX upload into rows keyed by header.

    Row numbers in reports are the spreadsheet's own: the header is row 1.

    Raises:
        ValidationFailed: empty, too large, unknown extension, not UTF-8, or not a workbook.
    """
    if not content:
        raise ValidationFailed(_("文件为空"), field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationFailed(_("文件超过 20 MB"), field="file")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".csv":
        return _read_csv(content)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(content)
    raise ValidationFailed(_("只能导入 .csv 和 .xlsx 文件"), field="file")


def _read_csv(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            _("文件不是有效的 UTF-8 编码（第 %(byte)s 字节），请另存为 UTF-8 CSV")
            % {"byte": exc.start},
            field="file",
        ) from exc
    if "\x00" in text:
        raise ValidationFailed(_("文件包含 NUL 字节"), field="file")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValidationFailed(_("文件没有表头行"), field="file")
    records: list[dict[str, str]] = []
    try:
        for row in reader:
            _check_row_count(records)
            records.append(
                {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
            )
    except csv.Error as exc:  # e.g. a field over the parser's 128 KiB limit
        raise ValidationFailed(
            _("第 %(line)s 行不是有效的 CSV") % {"line": reader.line_num + 1}, field="file"
        ) from exc
    return records


def _check_row_count(records: list[dict[str, str]]) -> None:
    # 20 MB of short lines, or of compressed XML, can hold millions of rows.
    if len(records) >= MAX_IMPORT_ROWS:
        raise ValidationFailed(
            _("文件超过 %(max)s 行，请拆分后导入") % {"max": f"{MAX_IMPORT_ROWS:,}"}, field="file"
        )


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise ValidationFailed(_("文件不是可读取的 .xlsx 工作簿"), field="file") from exc
    try:
        return _sheet_records(workbook.worksheets[0])
    except ValidationFailed:
        raise
    except Exception as exc:  # read-only sheets are parsed lazily: damage shows up here
        raise ValidationFailed(_("文件不是可读取的 .xlsx 工作簿"), field="file") from exc
    finally:
        workbook.close()


def _sheet_records(sheet: Any) -> list[dict[str, str]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise ValidationFailed(_("文件没有表头行"), field="file")
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    records: list[dict[str, str]] = []
    for values in rows:
        _check_row_count(records)
        records.append(
            {
                name: ("" if value is None else str(value).strip())
                for name, value in zip(names, values, strict=False)
                if name
            }
        )
    return records
