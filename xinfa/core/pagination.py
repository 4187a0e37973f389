"""Pagination for every list API and every list page."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.pagination import PageNumberPagination

WEB_PAGE_SIZE = 50


class StandardPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def web_page(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any]) -> Page:
    """The page of `rows` named by ?page= (WEB_PAGE_SIZE rows). A missing, malformed or
    out-of-range number gives the first or last page, not an error: shared links go stale."""
    return Paginator(rows, WEB_PAGE_SIZE).get_page(request.GET.get("page"))
