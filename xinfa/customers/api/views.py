"""Customer 360 API: each view parses input, calls one service or selector, serializes."""

from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.core.api import date_field, id_field
from xinfa.core.exceptions import ValidationFailed
from xinfa.core.pagination import StandardPagination
from xinfa.core.permissions import require
from xinfa.core.roles import Capability
from xinfa.customers.api.serializers import (
    Customer360OutputSerializer,
    CustomerFieldsInputSerializer,
    CustomerSummaryOutputSerializer,
    HoldingOutputSerializer,
    LifeEventOutputSerializer,
    PreferenceOutputSerializer,
)
from xinfa.customers.enums import CustomerKind, HoldingKind, LifeEventKind, RiskLevel, VipTier
from xinfa.customers.exporting import customer_export_xlsx
from xinfa.customers.importing import customer_import_file
from xinfa.customers.records import (
    holding_entry_of,
    life_event_entry_of,
    preference_entry_of,
    summary_of,
)
from xinfa.customers.selectors import (
    MAX_SEARCH_RESULTS,
    customer_360,
    customer_list,
    customer_preference_list,
    customer_search,
)
from xinfa.customers.services import (
    customer_create,
    customer_holding_add,
    customer_life_event_add,
    customer_preference_add,
    customer_reveal_pii,
    customer_update,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXPORT_IDS = 1000


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


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class CustomerListCreateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {
        "GET": Capability.CUSTOMER_VIEW,
        "POST": Capability.CUSTOMER_EDIT,
    }

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)
        kind = serializers.ChoiceField(choices=CustomerKind.choices, required=False)
        vip_tier = serializers.ChoiceField(choices=VipTier.choices, required=False)
        risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
        elderly = serializers.BooleanField(required=False, allow_null=True)
        branch = id_field(required=False)

        class Meta:
            ref_name = "CustomerListFilter"

    class InputSerializer(CustomerFieldsInputSerializer):
        name = serializers.CharField(max_length=100)

        class Meta:
            ref_name = "CustomerCreateInput"

    @extend_schema(
        parameters=[FilterSerializer],
        responses=CustomerSummaryOutputSerializer(many=True),
        summary="List and filter customers (masked)",
    )
    def get(self, request: Request) -> Response:
        filters = _validated(self.FilterSerializer, request.query_params)
        rows = customer_list(
            actor=request.user,
            query=filters.get("q", ""),
            kind=filters.get("kind", ""),
            vip_tier=filters.get("vip_tier", ""),
            risk_level=filters.get("risk_level", ""),
            elderly=filters.get("elderly"),
            branch_id=filters.get("branch"),
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        data = CustomerSummaryOutputSerializer([summary_of(row) for row in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=InputSerializer,
        responses={201: CustomerSummaryOutputSerializer},
        summary="Create a customer",
    )
    def post(self, request: Request) -> Response:
        fields = _validated(self.InputSerializer, request.data)
        customer = customer_create(actor=request.user, **fields)
        output = CustomerSummaryOutputSerializer(summary_of(customer))
        return Response(output.data, status=status.HTTP_201_CREATED)


class CustomerSearchApi(CapabilityApi):
    """Search in the request body, so ID and phone numbers stay out of URLs and access logs."""

    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.CUSTOMER_VIEW}

    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=100, trim_whitespace=False)
        limit = serializers.IntegerField(min_value=1, max_value=MAX_SEARCH_RESULTS, default=50)

        class Meta:
            ref_name = "CustomerSearchInput"

    @extend_schema(
        request=InputSerializer,
        responses=CustomerSummaryOutputSerializer(many=True),
        summary="Search customers by name, number, ID number or (masked) phone",
    )
    def post(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request.data)
        results = customer_search(actor=request.user, query=data["q"], limit=data["limit"])
        return Response(CustomerSummaryOutputSerializer(results, many=True).data)


class CustomerDetailApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {
        "GET": Capability.CUSTOMER_VIEW,
        "PATCH": Capability.CUSTOMER_EDIT,
    }

    class ParamsSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
        interaction = id_field(required=False)

        class Meta:
            ref_name = "CustomerViewParams"

    class InputSerializer(CustomerFieldsInputSerializer):
        class Meta:
            ref_name = "CustomerUpdateInput"

    @extend_schema(
        parameters=[ParamsSerializer],
        responses=Customer360OutputSerializer,
        summary="Customer 360 (masked; the read is audited)",
    )
    def get(self, request: Request, customer_id: int) -> Response:
        params = _validated(self.ParamsSerializer, request.query_params)
        view = customer_360(
            actor=request.user,
            customer_id=customer_id,
            reason=params.get("reason", ""),
            interaction_id=params.get("interaction"),
        )
        return Response(Customer360OutputSerializer(view).data)

    @extend_schema(
        request=InputSerializer,
        responses=CustomerSummaryOutputSerializer,
        summary="Change some fields of a customer",
    )
    def patch(self, request: Request, customer_id: int) -> Response:
        fields = _validated(self.InputSerializer, request.data)
        customer = customer_update(actor=request.user, customer_id=customer_id, **fields)
        return Response(CustomerSummaryOutputSerializer(summary_of(customer)).data)


class CustomerRevealPiiApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.CUSTOMER_VIEW_PII}

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(min_length=2, max_length=300)

        class Meta:
            ref_name = "CustomerRevealInput"

    class OutputSerializer(serializers.Serializer):
        id_number = serializers.CharField()
        phone = serializers.CharField()
        email = serializers.CharField()

        class Meta:
            ref_name = "CustomerRevealOutput"

    @extend_schema(
        request=InputSerializer,
        responses=OutputSerializer,
        summary="Show full ID number, phone and e-mail (audited, reason required)",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        data = _validated(self.InputSerializer, request.data)
        values = customer_reveal_pii(
            actor=request.user, customer_id=customer_id, reason=data["reason"]
        )
        return Response(self.OutputSerializer(values).data)


class CustomerPreferenceListCreateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {
        "GET": Capability.CUSTOMER_VIEW,
        "POST": Capability.CUSTOMER_EDIT,
    }

    class InputSerializer(serializers.Serializer):
        category = serializers.CharField(max_length=30)
        text = serializers.CharField(max_length=300)

        class Meta:
            ref_name = "CustomerPreferenceInput"

    @extend_schema(
        responses=PreferenceOutputSerializer(many=True),
        summary="Active preferences, newest first",
    )
    def get(self, request: Request, customer_id: int) -> Response:
        entries = customer_preference_list(actor=request.user, customer_id=customer_id)
        return Response(PreferenceOutputSerializer(entries, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: PreferenceOutputSerializer},
        summary="Record a preference",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        data = _validated(self.InputSerializer, request.data)
        preference = customer_preference_add(actor=request.user, customer_id=customer_id, **data)
        output = PreferenceOutputSerializer(preference_entry_of(preference))
        return Response(output.data, status=status.HTTP_201_CREATED)


class CustomerLifeEventCreateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.CUSTOMER_EDIT}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=LifeEventKind.choices)
        occurred_on = date_field(required=False, allow_null=True)
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

        class Meta:
            ref_name = "CustomerLifeEventInput"

    @extend_schema(
        request=InputSerializer,
        responses={201: LifeEventOutputSerializer},
        summary="Record a life event",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        data = _validated(self.InputSerializer, request.data)
        event = customer_life_event_add(actor=request.user, customer_id=customer_id, **data)
        output = LifeEventOutputSerializer(life_event_entry_of(event))
        return Response(output.data, status=status.HTTP_201_CREATED)


class CustomerHoldingCreateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.CUSTOMER_EDIT}

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=HoldingKind.choices)
        product_name = serializers.CharField(max_length=100)
        account_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
        amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
        currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False)
        product_risk_level = serializers.ChoiceField(
            choices=["", "R1", "R2", "R3", "R4", "R5"], required=False
        )
        opened_on = date_field(required=False, allow_null=True)
        matures_on = date_field(required=False, allow_null=True)

        class Meta:
            ref_name = "CustomerHoldingInput"

    @extend_schema(
        request=InputSerializer,
        responses={201: HoldingOutputSerializer},
        summary="Record a product the customer holds",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        data = _validated(self.InputSerializer, request.data)
        holding = customer_holding_add(actor=request.user, customer_id=customer_id, **data)
        output = HoldingOutputSerializer(holding_entry_of(holding))
        return Response(output.data, status=status.HTTP_201_CREATED)


class CustomerImportApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.CUSTOMER_IMPORT}
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

        class Meta:
            ref_name = "CustomerImportInput"

    class RejectedRowSerializer(serializers.Serializer):
        row = serializers.IntegerField()
        field = serializers.CharField()
        reason = serializers.CharField()

        class Meta:
            ref_name = "CustomerImportRejectedRow"

    class OutputSerializer(serializers.Serializer):
        total = serializers.IntegerField()
        created = serializers.IntegerField()
        updated = serializers.IntegerField()
        duplicates = serializers.IntegerField()
        rejected = serializers.ListField(child=serializers.DictField())

        class Meta:
            ref_name = "CustomerImportReport"

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses=OutputSerializer,
        summary="Import customers from CSV or XLSX (row-by-row report)",
    )
    def post(self, request: Request) -> Response:
        upload = _validated(self.InputSerializer, request.data)["file"]
        report = customer_import_file(
            actor=request.user, content=upload.read(), filename=upload.name or ""
        )
        return Response(self.OutputSerializer(report.to_dict()).data)


class CustomerExportApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"GET": Capability.CUSTOMER_EXPORT}

    class ParamsSerializer(serializers.Serializer):
        ids = serializers.RegexField(r"^\d{1,18}(,\d{1,18})*$", required=False)
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)

        class Meta:
            ref_name = "CustomerExportParams"

    @extend_schema(
        parameters=[ParamsSerializer],
        responses={(200, XLSX_TYPE): OpenApiResponse(response=OpenApiTypes.BINARY)},
        summary="Download customers as .xlsx (PII masked; audited)",
    )
    def get(self, request: Request) -> HttpResponse:
        params = _validated(self.ParamsSerializer, request.query_params)
        ids = [int(value) for value in params["ids"].split(",")] if "ids" in params else None
        if ids is not None and len(ids) > MAX_EXPORT_IDS:
            raise ValidationFailed(
                _("一次最多指定%(max)s个客户") % {"max": MAX_EXPORT_IDS}, field="ids"
            )
        content = customer_export_xlsx(
            actor=request.user, customer_ids=ids, query=params.get("q", "")
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.xlsx"'
        return response
