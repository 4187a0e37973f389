import datetime as dt
import io

from openpyxl import load_workbook

from xinfa.complaints.reports import ComplaintReport, complaint_report_xlsx


def test_report_workbook_keeps_formula_like_names_as_text() -> None:
    report = ComplaintReport(
        since=dt.date(2026, 11, 1),
        until=dt.date(2026, 11, 30),
        total=3,
        by_branch=[('=HYPERLINK("http://x")', 2), ("城南支行", 1)],
        repeat_complainants=[("C000001", "@张*", 2)],
    )
    book = load_workbook(io.BytesIO(complaint_report_xlsx(report)))
    branches = [row for row in book["按网点"].iter_rows(values_only=True)]
    assert branches == [("网点", "数量"), ('\'=HYPERLINK("http://x")', 2), ("城南支行", 1)]
    assert book["重复投诉客户"]["B2"].value == "'@张*"
    assert book["重复投诉客户"]["B2"].data_type == "s"
