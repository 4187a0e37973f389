"""Reading uploaded CSV / Excel files row by row, and the report an import returns."""

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from xinfa.core.exceptions import ValidationFailed

MAX_IMPORT_BYTES = 20 * 1024 * 1024


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
        raise ValidationFailed("the file is empty", field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationFailed("the file is larger than 20 MB", field="file")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".csv":
        return _read_csv(content)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(content)
    raise ValidationFailed("only .csv and .xlsx files can be imported", field="file")


def _read_csv(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            f"the file is not valid UTF-8 (byte {exc.start}); save it as UTF-8 CSV", field="file"
        ) from exc
    if "\x00" in text:
        raise ValidationFailed("the file contains NUL bytes", field="file")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValidationFailed("the file has no header row", field="file")
    return [
        {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
        for row in reader
    ]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise ValidationFailed("the file is not a readable .xlsx workbook", field="file") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise ValidationFailed("the file has no header row", field="file")
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    records = []
    for values in rows:
        record = {
            name: ("" if value is None else str(value).strip())
            for name, value in zip(names, values, strict=False)
            if name
        }
        records.append(record)
    workbook.close()
    return records
