"""Interactions API: each view parses input, calls one service or selector, serializes."""

from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from xinfa.core.api import datetime_field, id_field
from xinfa.core.importing import MAX_IMPORT_BYTES
from xinfa.core.roles import Capability
from xinfa.service.api.base import (
    CapabilityApi,
    paginated_response,
    paginated_schema,
    validated,
)
from xinfa.service.api.serializers import (
    ImportReportOutputSerializer,
    InteractionDetailOutputSerializer,
    InteractionOutputSerializer,
    MessageOutputSerializer,
    ServiceLogOutputSerializer,
)
from xinfa.service.enums import Channel, InteractionKind, InteractionStatus, Outcome, Speaker
from xinfa.service.models import MAX_MESSAGE_LENGTH
from xinfa.service.selectors import interaction_detail, interaction_list, message_list
from xinfa.service.services import (
    interaction_close,
    interaction_escalate,
    interaction_open,
    interaction_transfer,
    message_add,
    service_log_add,
    transcript_import,
)

TAGS = ["interactions"]


class InteractionListCreateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {
        "GET": Capability.INTERACTION_VIEW,
        "POST": Capability.INTERACTION_RECORD,
    }

    class FilterSerializer(serializers.Serializer):
        customer = id_field(required=False)
        channel = serializers.ChoiceField(choices=Channel.choices, required=False)
        status = serializers.ChoiceField(choices=InteractionStatus.choices, required=False)
        handled_by = id_field(required=False)
        since = datetime_field(required=False, help_text="start time ≥ since")
        until = datetime_field(required=False, help_text="start time < until")

        class Meta:
            ref_name = "InteractionListFilter"

    class InputSerializer(serializers.Serializer):
        channel = serializers.ChoiceField(choices=Channel.choices)
        customer_id = id_field(required=False, allow_null=True)
        kind = serializers.ChoiceField(choices=InteractionKind.choices, required=False)
        subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
        started_at = datetime_field(required=False)
        branch_id = id_field(required=False, allow_null=True)

        class Meta:
            ref_name = "InteractionOpenInput"

    @extend_schema(
        operation_id="interactions_list",
        tags=TAGS,
        parameters=[FilterSerializer],
        responses=paginated_schema("PaginatedInteractionList", InteractionOutputSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        rows = interaction_list(
            actor=request.user,
            customer_id=filters.get("customer"),
            channel=filters.get("channel"),
            status=filters.get("status"),
            handled_by_id=filters.get("handled_by"),
            since=filters.get("since"),
            until=filters.get("until"),
        )
        return paginated_response(
            request=request, view=self, rows=rows, serializer_class=InteractionOutputSerializer
        )

    @extend_schema(
        operation_id="interactions_create",
        tags=TAGS,
        request=InputSerializer,
        responses={201: InteractionOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        interaction = interaction_open(
            actor=request.user, **validated(self.InputSerializer, request.data)
        )
        return Response(
            InteractionOutputSerializer(interaction).data, status=status.HTTP_201_CREATED
        )


class InteractionDetailApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"GET": Capability.INTERACTION_VIEW}

    @extend_schema(
        operation_id="interactions_retrieve", tags=TAGS, responses=InteractionDetailOutputSerializer
    )
    def get(self, request: Request, interaction_id: int) -> Response:
        detail = interaction_detail(actor=request.user, interaction_id=interaction_id)
        return Response(InteractionDetailOutputSerializer(detail).data)


class InteractionMessagesApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {
        "GET": Capability.INTERACTION_VIEW,
        "POST": Capability.INTERACTION_RECORD,
    }

    class FilterSerializer(serializers.Serializer):
        after = serializers.IntegerField(
            min_value=0,
            max_value=2**31,
            required=False,
            help_text="only turns with a higher sequence number (polling)",
        )

        class Meta:
            ref_name = "MessageListFilter"

    class InputSerializer(serializers.Serializer):
        speaker = serializers.ChoiceField(choices=Speaker.choices)
        text = serializers.CharField(max_length=MAX_MESSAGE_LENGTH)
        sent_at = datetime_field(required=False)
        client_id = serializers.CharField(max_length=64, required=False, allow_null=True)

        class Meta:
            ref_name = "MessageAddInput"

    @extend_schema(
        operation_id="interactions_messages_list",
        tags=TAGS,
        parameters=[FilterSerializer],
        responses=paginated_schema("PaginatedMessageList", MessageOutputSerializer),
    )
    def get(self, request: Request, interaction_id: int) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        rows = message_list(
            actor=request.user, interaction_id=interaction_id, after=filters.get("after")
        )
        return paginated_response(
            request=request, view=self, rows=rows, serializer_class=MessageOutputSerializer
        )

    @extend_schema(
        operation_id="interactions_messages_create",
        tags=TAGS,
        request=InputSerializer,
        responses={201: MessageOutputSerializer},
        description="A resend with the same client_id returns the message stored first.",
    )
    def post(self, request: Request, interaction_id: int) -> Response:
        message = message_add(
            actor=request.user,
            interaction_id=interaction_id,
            **validated(self.InputSerializer, request.data),
        )
        return Response(MessageOutputSerializer(message).data, status=status.HTTP_201_CREATED)


class InteractionServiceLogApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.INTERACTION_RECORD}

    class InputSerializer(serializers.Serializer):
        need = serializers.CharField(max_length=500)
        process = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        result = serializers.CharField(max_length=500, required=False, allow_blank=True)

        class Meta:
            ref_name = "ServiceLogAddInput"

    @extend_schema(
        operation_id="interactions_service_log_create",
        tags=TAGS,
        request=InputSerializer,
        responses={201: ServiceLogOutputSerializer},
    )
    def post(self, request: Request, interaction_id: int) -> Response:
        entry = service_log_add(
            actor=request.user,
            interaction_id=interaction_id,
            **validated(self.InputSerializer, request.data),
        )
        return Response(ServiceLogOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class InteractionCloseApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.INTERACTION_RECORD}

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=Outcome.choices)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

        class Meta:
            ref_name = "InteractionCloseInput"

    @extend_schema(
        operation_id="interactions_close",
        tags=TAGS,
        request=InputSerializer,
        responses=InteractionOutputSerializer,
    )
    def post(self, request: Request, interaction_id: int) -> Response:
        interaction = interaction_close(
            actor=request.user,
            interaction_id=interaction_id,
            **validated(self.InputSerializer, request.data),
        )
        return Response(InteractionOutputSerializer(interaction).data)


class InteractionTransferApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.INTERACTION_TRANSFER}

    class InputSerializer(serializers.Serializer):
        to_user_id = id_field()
        reason = serializers.CharField(max_length=500)

        class Meta:
            ref_name = "InteractionTransferInput"

    @extend_schema(
        operation_id="interactions_transfer",
        tags=TAGS,
        request=InputSerializer,
        responses=InteractionOutputSerializer,
    )
    def post(self, request: Request, interaction_id: int) -> Response:
        interaction = interaction_transfer(
            actor=request.user,
            interaction_id=interaction_id,
            **validated(self.InputSerializer, request.data),
        )
        return Response(InteractionOutputSerializer(interaction).data)


class InteractionEscalateApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.INTERACTION_TRANSFER}

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500)
        to_security = serializers.BooleanField(default=False)

        class Meta:
            ref_name = "InteractionEscalateInput"

    @extend_schema(
        operation_id="interactions_escalate",
        tags=TAGS,
        request=InputSerializer,
        responses=InteractionOutputSerializer,
    )
    def post(self, request: Request, interaction_id: int) -> Response:
        interaction = interaction_escalate(
            actor=request.user,
            interaction_id=interaction_id,
            **validated(self.InputSerializer, request.data),
        )
        return Response(InteractionOutputSerializer(interaction).data)


class TranscriptImportApi(CapabilityApi):
    capabilities: ClassVar[dict[str, str]] = {"POST": Capability.CUSTOMER_IMPORT}
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text=".json, .jsonl, .csv or .xlsx, at most 20 MB")

        class Meta:
            ref_name = "TranscriptImportInput"

    @extend_schema(
        operation_id="interactions_import",
        tags=TAGS,
        request=InputSerializer,
        responses=ImportReportOutputSerializer,
    )
    def post(self, request: Request) -> Response:
        upload = validated(self.InputSerializer, request.data)["file"]
        report = transcript_import(
            # One byte over the limit is enough for the service to refuse the file.
            actor=request.user,
            content=upload.read(MAX_IMPORT_BYTES + 1),
            filename=upload.name or "",
        )
        return Response(ImportReportOutputSerializer(report.to_dict()).data)
