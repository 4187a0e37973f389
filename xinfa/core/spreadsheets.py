"""Cells for workbooks the bank downloads: text that a spreadsheet would run stays text."""

# A leading = + - @ (or a tab / return before one) makes Excel or WPS run the cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value`, with a leading apostrophe when a text would otherwise be read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
