"""Lobby queue and supervisor API: each view parses input, calls one service or selector."""

from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from xinfa.core.api import date_field, id_field
from xinfa.core.roles import Capability
from xinfa.service.api.base import (
    CapabilityApi,
    branch_or_own,
    paginated_response,
    paginated_schema,
    validated,
)
from xinfa.service.api.serializers import (
    CallNextOutputSerializer,
    CounterOutputSerializer,
    QueueBoardOutputSerializer,
    SupervisorOverviewOutputSerializer,
    TicketOutputSerializer,
)
from xinfa.service.enums import ServiceType, TicketStatus, TriageTarget
from xinfa.service.selectors import (
    counter_list,
    queue_board,
    queue_ticket_list,
    supervisor_overview,
)
from xinfa.service.services import (
    queue_call_next,
    queue_ticket_complete,
    queue_ticket_issue,
    queue_ticket_no_show,
    queue_ticket_triage,
)

TAGS = ["queue"]


class BranchDayFilterSerializer(serializers.Serializer):
    branch = id_field(required=False, help_text="default: your own branch")
    date = date_field(required=False, help_text="default: today")

    class Meta:
        ref_name = "QueueBranchDayFilter"


class QueueTicketListCreateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {
        "GET": Capability.QUEUE_VIEW,
        "POST": Capability.QUEUE_ISSUE,
    }

    class FilterSerializer(BranchDayFilterSerializer):
        status = serializers.ChoiceField(choices=TicketStatus.choices, required=False)

        class Meta:
            ref_name = "QueueTicketListFilter"

    class InputSerializer(serializers.Serializer):
        branch_id = id_field(required=False, help_text="default: your own branch")
        service_type = serializers.ChoiceField(choices=ServiceType.choices)
        customer_id = id_field(required=False, allow_null=True)
        is_priority = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            help_text="default: from the customer (elderly, VIP, accessibility needs)",
        )

        class Meta:
            ref_name = "QueueTicketIssueInput"

    @extend_schema(
        operation_id="queue_tickets_list",
        tags=TAGS,
        parameters=[FilterSerializer],
        responses=paginated_schema("PaginatedQueueTicketList", TicketOutputSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        rows = queue_ticket_list(
            branch_id=branch_or_own(request, filters.get("branch")),
            business_date=filters.get("date"),
            status=filters.get("status"),
        )
        return paginated_response(
            request=request, view=self, rows=rows, serializer_class=TicketOutputSerializer
        )

    @extend_schema(
        operation_id="queue_tickets_create",
        tags=TAGS,
        request=InputSerializer,
        responses={201: TicketOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        data["branch_id"] = branch_or_own(request, data.get("branch_id"))
        ticket = queue_ticket_issue(actor=request.user, **data)
        return Response(TicketOutputSerializer(ticket).data, status=status.HTTP_201_CREATED)


class QueueCallNextApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.QUEUE_CALL}

    class InputSerializer(serializers.Serializer):
        counter_id = id_field()

        class Meta:
            ref_name = "QueueCallNextInput"

    @extend_schema(
        operation_id="queue_call_next",
        tags=TAGS,
        request=InputSerializer,
        responses=CallNextOutputSerializer,
        description="`ticket` is null when nobody is waiting for this counter.",
    )
    def post(self, request: Request) -> Response:
        ticket = queue_call_next(
            actor=request.user, **validated(self.InputSerializer, request.data)
        )
        return Response(CallNextOutputSerializer({"ticket": ticket}).data)


class QueueTicketCompleteApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.QUEUE_CALL}

    @extend_schema(
        operation_id="queue_tickets_complete",
        tags=TAGS,
        request=None,
        responses=TicketOutputSerializer,
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = queue_ticket_complete(actor=request.user, ticket_id=ticket_id)
        return Response(TicketOutputSerializer(ticket).data)


class QueueTicketNoShowApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.QUEUE_CALL}

    @extend_schema(
        operation_id="queue_tickets_no_show",
        tags=TAGS,
        request=None,
        responses=TicketOutputSerializer,
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = queue_ticket_no_show(actor=request.user, ticket_id=ticket_id)
        return Response(TicketOutputSerializer(ticket).data)


class QueueTicketTriageApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.QUEUE_ISSUE}

    class InputSerializer(serializers.Serializer):
        target = serializers.ChoiceField(choices=TriageTarget.choices)
        reason = serializers.CharField(max_length=300)

        class Meta:
            ref_name = "QueueTicketTriageInput"

    @extend_schema(
        operation_id="queue_tickets_triage",
        tags=TAGS,
        request=InputSerializer,
        responses=TicketOutputSerializer,
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        ticket = queue_ticket_triage(
            actor=request.user,
            ticket_id=ticket_id,
            **validated(self.InputSerializer, request.data),
        )
        return Response(TicketOutputSerializer(ticket).data)


class QueueBoardApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"GET": Capability.QUEUE_VIEW}

    @extend_schema(
        operation_id="queue_board",
        tags=TAGS,
        parameters=[BranchDayFilterSerializer],
        responses=QueueBoardOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        filters = validated(BranchDayFilterSerializer, request.query_params)
        board = queue_board(
            branch_id=branch_or_own(request, filters.get("branch")),
            business_date=filters.get("date"),
        )
        return Response(QueueBoardOutputSerializer(board).data)


class QueueCounterListApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"GET": Capability.QUEUE_VIEW}

    class FilterSerializer(serializers.Serializer):
        branch = id_field(required=False, help_text="default: your own branch")

        class Meta:
            ref_name = "QueueCounterFilter"

    @extend_schema(
        operation_id="queue_counters_list",
        tags=TAGS,
        parameters=[FilterSerializer],
        responses=CounterOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        counters = counter_list(branch_id=branch_or_own(request, filters.get("branch")))
        return Response(CounterOutputSerializer(counters, many=True).data)


class SupervisorOverviewApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"GET": Capability.SUPERVISOR_OVERVIEW}

    class FilterSerializer(serializers.Serializer):
        branch = id_field(required=False, help_text="default: every branch")
        day = date_field(required=False, help_text="default: today")

        class Meta:
            ref_name = "SupervisorOverviewFilter"

    @extend_schema(
        operation_id="supervisor_overview",
        tags=["supervisor"],
        parameters=[FilterSerializer],
        responses=SupervisorOverviewOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        overview = supervisor_overview(branch_id=filters.get("branch"), day=filters.get("day"))
        return Response(SupervisorOverviewOutputSerializer(overview).data)
