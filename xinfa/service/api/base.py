"""What every service-desk API view shares: capability per method, input parsing, paging."""

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.core.api import validated  # noqa: F401 - re-exported for the views
from xinfa.core.exceptions import ValidationFailed
from xinfa.core.pagination import StandardPagination
from xinfa.core.permissions import require


class CapabilityApi(APIView):
    """An API view whose methods each demand one capability (401 anonymous, 403 wrong role)."""

    # Token first so an anonymous call gets 401 with a WWW-Authenticate header, not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    capabilities: ClassVar[dict[str, str]] = {}

    def get_permissions(self) -> list[BasePermission]:
        method = "GET" if self.request.method == "HEAD" else self.request.method
        capability = self.capabilities.get(method or "")
        if capability is None:
            return [IsAuthenticated()]
        return [require(capability)()]


def branch_or_own(request: Request, branch_id: int | None) -> int:
    """Return the branch asked for, or the signed-in staff member's own branch.

    Raises:
        ValidationFailed: neither is known.
    """
    if branch_id is not None:
        return branch_id
    own = getattr(request.user, "branch_id", None)
    if own is None:
        raise ValidationFailed(_("请选择网点"), field="branch")
    return int(own)


def paginated_response(
    *,
    request: Request,
    view: APIView,
    rows: QuerySet[Any],
    serializer_class: type[serializers.Serializer],
) -> Response:
    """Answer one page of rows with count, next, previous and results."""
    paginator = StandardPagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def paginated_schema(name: str, serializer_class: type[serializers.Serializer]) -> Any:
    """Describe a page of `serializer_class` for the OpenAPI schema."""
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
