"""Compliance API: the access log, read by compliance officers and administrators."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.compliance.models import AccessAction
from xinfa.compliance.selectors import access_log_list
from xinfa.core.api import id_field
from xinfa.core.pagination import StandardPagination
from xinfa.core.permissions import require
from xinfa.core.roles import Capability


class AccessLogListApi(APIView):
    # Token first so an anonymous call gets 401 rather than 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [require(Capability.AUDIT_VIEW)]

    class FilterSerializer(serializers.Serializer):
        customer = id_field(required=False)
        actor = id_field(required=False)
        action = serializers.ChoiceField(choices=AccessAction.choices, required=False)

        class Meta:
            ref_name = "AccessLogFilter"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="pk")
        at = serializers.DateTimeField()
        actor_id = serializers.IntegerField()
        actor_name = serializers.CharField(source="actor")
        actor_role = serializers.CharField(source="actor.role")
        action = serializers.CharField()
        action_label = serializers.CharField(source="get_action_display")
        customer_id = serializers.IntegerField(allow_null=True)
        customer_number = serializers.CharField(
            source="customer.customer_number", allow_null=True, default=None
        )
        interaction_id = serializers.IntegerField(allow_null=True)
        reason = serializers.CharField()
        detail = serializers.JSONField()
        ip_address = serializers.IPAddressField(allow_null=True)

        class Meta:
            ref_name = "AccessLogEntry"

    @extend_schema(
        parameters=[FilterSerializer],
        responses=OutputSerializer(many=True),
        summary="Access log, newest first (who read which customer, when and why)",
    )
    def get(self, request: Request) -> Response:
        serializer = self.FilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        filters = serializer.validated_data
        rows = access_log_list(
            customer_id=filters.get("customer"),
            actor_id=filters.get("actor"),
            action=filters.get("action", ""),
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
