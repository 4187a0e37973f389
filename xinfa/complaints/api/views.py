"""The complaints API: parse input → one service or selector → serialize."""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.complaints import selectors, services
from xinfa.complaints.api.serializers import (
    CaseSerializer,
    ComplaintDetailSerializer,
    ComplaintSummarySerializer,
)
from xinfa.complaints.enums import ClockKind, ComplaintCategory, ComplaintStatus, RemedyKind
from xinfa.complaints.importing import complaint_import_file
from xinfa.complaints.reports import complaint_report, complaint_report_xlsx
from xinfa.core.api import date_field, datetime_field, id_field
from xinfa.core.exceptions import ValidationFailed
from xinfa.core.pagination import StandardPagination
from xinfa.core.permissions import require
from xinfa.core.roles import Capability


def _detail_response(complaint_id: int, status: int = 200) -> Response:
    detail = selectors.complaint_detail(complaint_id=complaint_id)
    return Response(ComplaintDetailSerializer(detail).data, status=status)


class ComplaintListApi(APIView):
    permission_classes = [require(Capability.COMPLAINT_VIEW)]

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=ComplaintStatus.choices, required=False)
        category = serializers.ChoiceField(choices=ComplaintCategory.choices, required=False)
        branch = id_field(required=False)
        customer = id_field(required=False)
        open = serializers.BooleanField(required=False, allow_null=True, default=None)
        q = serializers.CharField(required=False, max_length=100, default="")

    @extend_schema(parameters=[FilterSerializer], responses=ComplaintSummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        rows = selectors.complaint_list(
            status=data.get("status"),
            category=data.get("category"),
            branch_id=data.get("branch"),
            customer_id=data.get("customer"),
            is_open=data.get("open"),
            query=data.get("q", ""),
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ComplaintSummarySerializer(page, many=True).data)


class ComplaintCreateApi(ComplaintListApi):
    """GET lists complaints (view right); POST accepts a new one (intake right)."""

    def get_permissions(self) -> Sequence[Any]:
        if self.request.method == "POST":
            return [require(Capability.COMPLAINT_CREATE)()]
        return super().get_permissions()

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ComplaintAcceptInput"

        customer = id_field()
        channel = serializers.CharField(max_length=20)
        description = serializers.CharField(max_length=5000)
        customer_request = serializers.CharField(
            max_length=2000, required=False, default="", allow_blank=True
        )
        category = serializers.ChoiceField(choices=ComplaintCategory.choices, required=False)
        severity = serializers.CharField(max_length=10, required=False)
        occurred_at = datetime_field(required=False)
        place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        staff_involved = serializers.ListField(
            child=id_field(), required=False, default=list, max_length=20
        )
        amount_in_dispute = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, min_value=0
        )
        interaction = id_field(required=False)
        owner = id_field(required=False)

    @extend_schema(request=InputSerializer, responses={201: ComplaintDetailSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        complaint = services.complaint_accept(
            actor=request.user,
            customer_id=data["customer"],
            channel=data["channel"],
            description=data["description"],
            customer_request=data["customer_request"],
            category=data.get("category"),
            severity=data.get("severity"),
            occurred_at=data.get("occurred_at"),
            place=data["place"],
            staff_involved_ids=data["staff_involved"],
            amount_in_dispute=data.get("amount_in_dispute"),
            interaction_id=data.get("interaction"),
            owner_id=data.get("owner"),
        )
        return _detail_response(complaint.pk, status=201)


class ComplaintDetailApi(APIView):
    permission_classes = [require(Capability.COMPLAINT_VIEW)]

    @extend_schema(responses=ComplaintDetailSerializer)
    def get(self, request: Request, complaint_id: int) -> Response:
        return _detail_response(complaint_id)


class ComplaintActionApi(APIView):
    """Base for the workflow actions: validate input, run one service, return the detail."""

    permission_classes = [require(Capability.COMPLAINT_HANDLE)]
    InputSerializer: ClassVar[type[serializers.Serializer]] = serializers.Serializer
    # Set on each subclass by `__init_subclass__`; the base itself answers no POST.
    post: ClassVar[Callable[..., Response]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Each action documents its own input; the handling is the base class's.
        super().__init_subclass__(**kwargs)

        def post(self: ComplaintActionApi, request: Request, complaint_id: int) -> Response:
            return self.handle(request, complaint_id)

        cls.post = extend_schema(request=cls.InputSerializer, responses=ComplaintDetailSerializer)(
            post
        )

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def handle(self, request: Request, complaint_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform(request.user, complaint_id, dict(serializer.validated_data))
        return _detail_response(complaint_id)


class ComplaintNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ComplaintReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ComplaintFirstContactApi(ComplaintActionApi):
    InputSerializer = ComplaintNoteInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_first_contact_record(actor=actor, complaint_id=complaint_id, **data)


class ComplaintInvestigateInput(serializers.Serializer):
    investigator = id_field()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class ComplaintInvestigateApi(ComplaintActionApi):
    InputSerializer = ComplaintInvestigateInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_investigation_start(
            actor=actor,
            complaint_id=complaint_id,
            investigator_id=data["investigator"],
            note=data["note"],
        )


class ComplaintFindingsInput(serializers.Serializer):
    root_cause = serializers.CharField(max_length=30)
    findings = serializers.CharField(max_length=5000)
    responsible_department = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    responsible_person = id_field(required=False)


class ComplaintFindingsApi(ComplaintActionApi):
    InputSerializer = ComplaintFindingsInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_findings_record(
            actor=actor,
            complaint_id=complaint_id,
            root_cause=data["root_cause"],
            findings=data["findings"],
            responsible_department=data["responsible_department"],
            responsible_person_id=data.get("responsible_person"),
        )


class ComplaintRemedyInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RemedyKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ComplaintRemedyAddApi(ComplaintActionApi):
    InputSerializer = ComplaintRemedyInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_remedy_add(actor=actor, complaint_id=complaint_id, **data)


class RemedyApproveApi(APIView):
    permission_classes = [require(Capability.COMPLAINT_APPROVE)]

    @extend_schema(request=None, responses=ComplaintDetailSerializer)
    def post(self, request: Request, remedy_id: int) -> Response:
        remedy = services.complaint_remedy_approve(actor=request.user, remedy_id=remedy_id)
        return _detail_response(remedy.complaint_id)


class ComplaintDecisionInput(serializers.Serializer):
    decision = serializers.CharField(max_length=5000)


class ComplaintRespondApi(ComplaintActionApi):
    InputSerializer = ComplaintDecisionInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_respond(actor=actor, complaint_id=complaint_id, **data)


class ComplaintFollowUpInput(serializers.Serializer):
    satisfaction = serializers.IntegerField(min_value=1, max_value=5)
    will_stay = serializers.BooleanField()
    note = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)


class ComplaintFollowUpApi(ComplaintActionApi):
    InputSerializer = ComplaintFollowUpInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_follow_up_record(actor=actor, complaint_id=complaint_id, **data)


class ComplaintOptionalNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class ComplaintCloseApi(ComplaintActionApi):
    InputSerializer = ComplaintOptionalNoteInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_close(actor=actor, complaint_id=complaint_id, **data)


class ComplaintEscalateApi(ComplaintActionApi):
    permission_classes = [require(Capability.COMPLAINT_CREATE)]
    InputSerializer = ComplaintReasonInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_escalate(actor=actor, complaint_id=complaint_id, **data)


class ComplaintReopenApi(ComplaintActionApi):
    InputSerializer = ComplaintReasonInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_reopen(actor=actor, complaint_id=complaint_id, **data)


class ComplaintReviewRequestApi(ComplaintActionApi):
    permission_classes = [require(Capability.COMPLAINT_CREATE)]
    InputSerializer = ComplaintReasonInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_review_request(actor=actor, complaint_id=complaint_id, **data)


class ComplaintClockActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["pause", "resume", "extend"])
    kind = serializers.ChoiceField(
        choices=ClockKind.choices, required=False, default=ClockKind.DECISION
    )
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    extra_days = serializers.IntegerField(required=False, min_value=1, max_value=60)


class ComplaintClockApi(ComplaintActionApi):
    """Pause / resume a clock (handlers) or extend the decision clock (supervisors)."""

    InputSerializer = ComplaintClockActionInput

    def perform(self, actor: Any, complaint_id: int, data: dict[str, Any]) -> None:
        services.complaint_clock_change(actor=actor, complaint_id=complaint_id, **data)


class ComplaintReportApi(APIView):
    permission_classes = [require(Capability.COMPLAINT_REPORT)]

    class FilterSerializer(serializers.Serializer):
        since = date_field(required=False)
        until = date_field(required=False)
        branch = id_field(required=False)
        # Not "format": DRF reserves that query parameter for content negotiation.
        export = serializers.ChoiceField(choices=["json", "xlsx"], required=False, default="json")

    @extend_schema(parameters=[FilterSerializer], responses=dict)
    def get(self, request: Request) -> Response | HttpResponse:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        until = data.get("until") or timezone.localdate()
        since = data.get("since") or until - dt.timedelta(days=90)
        if since > until:
            raise ValidationFailed(_("开始日期不能晚于结束日期"), field="since")
        report = complaint_report(since=since, until=until, branch_id=data.get("branch"))
        if data["export"] == "xlsx":
            response = HttpResponse(
                complaint_report_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="complaints-{since}-{until}.xlsx"'
            )
            return response
        payload = {key: value for key, value in vars(report).items() if key != "clock_rates"}
        payload["clock_rates"] = [
            {"kind": r.kind, "met": r.met, "on_time": r.on_time, "rate": r.rate}
            for r in report.clock_rates
        ]
        return Response(payload)


class CaseListApi(APIView):
    permission_classes = [require(Capability.CASE_LIBRARY)]

    @extend_schema(responses=CaseSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = str(request.query_params.get("q", ""))[:100]
        rows = selectors.case_search(query=query, category=request.query_params.get("category"))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(CaseSerializer(page, many=True).data)


class ComplaintCaseCreateApi(APIView):
    permission_classes = [require(Capability.COMPLAINT_HANDLE)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ComplaintCaseInput"

        title = serializers.CharField(max_length=200)
        what_went_wrong = serializers.CharField(max_length=5000)
        what_worked = serializers.CharField(
            max_length=5000, required=False, default="", allow_blank=True
        )
        lesson = serializers.CharField(max_length=5000)

    @extend_schema(request=InputSerializer, responses={201: CaseSerializer})
    def post(self, request: Request, complaint_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.complaint_case_create(
            actor=request.user, complaint_id=complaint_id, **serializer.validated_data
        )
        return Response(CaseSerializer(case).data, status=201)


class ComplaintImportApi(APIView):
    permission_classes = [require(Capability.COMPLAINT_CREATE)]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ComplaintImportInput"

        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses=dict)
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        report = complaint_import_file(
            actor=request.user, content=upload.read(), filename=upload.name or ""
        )
        return Response(report.to_dict())
