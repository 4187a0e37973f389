"""List pages: ?page= picks a page; a stale or malformed number still gives a page."""

import pytest
from django.test import RequestFactory

from xinfa.core.pagination import WEB_PAGE_SIZE, web_page


@pytest.mark.parametrize(
    ("number", "expected"),
    [(None, 1), ("2", 2), ("3", 3), ("abc", 1), ("", 1), ("0", 3), ("-1", 3), ("99", 3)],
)
def test_web_page_numbers(number, expected) -> None:
    rows = list(range(2 * WEB_PAGE_SIZE + 1))
    query = {} if number is None else {"page": number}
    page = web_page(RequestFactory().get("/", query), rows)
    assert page.number == expected
    assert page.paginator.num_pages == 3
    assert page[0] == (expected - 1) * WEB_PAGE_SIZE
