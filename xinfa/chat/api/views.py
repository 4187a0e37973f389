"""Chat HTTP API: customers (session token), the bank's app backend, and staff."""

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.chat import selectors, services
from xinfa.chat.api.auth import ChatSessionAuthentication, IsChatCustomer, own_session
from xinfa.chat.errors import RateLimited
from xinfa.chat.events import events_publish_sync
from xinfa.chat.models import ChatAttachment, ChatSession
from xinfa.chat.payloads import message_payload, session_payload, staff_session_payloads
from xinfa.chat.ratelimit import client_rate_limit_take
from xinfa.chat.services.routing import position_in_queue
from xinfa.core.api import id_field, validated
from xinfa.core.client import client_ip
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.permissions import require, user_has_capability
from xinfa.core.roles import Capability


def client_limit(request: Request, *, action: str, field: str) -> None:
    """Refuse an anonymous request when the caller's address has used up its allowance.

    Raises:
        RateLimited: too many such requests from this address (HTTP 429, Retry-After).
    """
    wait = client_rate_limit_take(action=action, address=client_ip(request))
    if wait > 0:
        raise RateLimited(_("该地址请求过于频繁，请稍后再试"), retry_after=wait, field=field)


def customer_session_body(session: ChatSession) -> dict[str, Any]:
    body = session_payload(session)
    body["position"] = position_in_queue(session)
    return body


class CustomerApi(APIView):
    authentication_classes = [ChatSessionAuthentication]
    permission_classes = [IsChatCustomer]


class AppTokenIssueApi(APIView):
    """The bank's app backend asks for a signed chat token for a signed-in customer."""

    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AppTokenIssueInput"

        customer_number = serializers.CharField(max_length=20)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        token = services.app_token_issue(
            integration_key=request.headers.get("X-Xinfa-Integration-Key", ""), **data
        )
        return Response({"app_token": token, "expires_in": 600}, status=status.HTTP_201_CREATED)


class PhoneChallengeStartApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PhoneChallengeStartInput"

        phone = serializers.CharField(max_length=20)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        client_limit(request, action="phone-code", field="phone")
        verification, lifetime = services.phone_challenge_start(**data)
        return Response(
            {"verification_id": verification.public_id, "expires_in": lifetime},
            status=status.HTTP_201_CREATED,
        )


class ChatSessionStartApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ChatSessionStartInput"

        app_token = serializers.CharField(max_length=500, required=False)
        verification_id = serializers.CharField(max_length=32, required=False)
        code = serializers.CharField(max_length=6, required=False)
        language = serializers.CharField(max_length=20, required=False)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        client_limit(request, action="session-start", field="non_field_errors")
        started = services.chat_session_start(**data)
        session = ChatSession.objects.select_related("interaction", "agent").get(
            pk=started.session.pk
        )
        body = customer_session_body(session)
        body["token"] = started.token
        body["messages"] = [message_payload(started.greeting)]
        return Response(body, status=status.HTTP_201_CREATED)


class ChatSessionDetailApi(CustomerApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, session_id: int) -> Response:
        return Response(customer_session_body(own_session(request, session_id)))


class ChatMessageListApi(CustomerApi):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ChatMessageListInput"

        client_id = serializers.CharField(max_length=64)
        text = serializers.CharField(max_length=20000, trim_whitespace=False)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, session_id: int) -> Response:
        session = own_session(request, session_id)
        raw = request.query_params.get("after", "0")
        if not raw.isdigit():
            raise ValidationFailed(_("必须是非负整数"), field="after")
        return Response({"messages": services.chat_history(session=session, after=int(raw))})

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, session_id: int) -> Response:
        session = own_session(request, session_id)
        data = validated(self.InputSerializer, request.data)
        posted = services.chat_message_post(session_id=session.pk, **data)
        if posted.duplicate:
            body = message_payload(
                posted.message, ChatAttachment.objects.filter(message=posted.message).first()
            )
            return Response({**body, "duplicate": True})
        events_publish_sync(posted.events)
        if posted.needs_bot:
            events_publish_sync(
                services.chat_bot_respond(session_id=session.pk, text=posted.message.text)
            )
        return Response(
            {**message_payload(posted.message), "duplicate": False}, status=status.HTTP_201_CREATED
        )


class ChatAttachmentUploadApi(CustomerApi):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, session_id: int) -> Response:
        session = own_session(request, session_id)
        # A JSON array body has no fields (it used to fail with a 500).
        data = request.data if isinstance(request.data, dict) else {}
        message, attachment, duplicate, events = services.chat_image_attach(
            session=session,
            upload=request.FILES.get("file"),
            client_id=data.get("client_id") or None,
        )
        events_publish_sync(events)
        code = status.HTTP_200_OK if duplicate else status.HTTP_201_CREATED
        return Response(
            {**message_payload(message, attachment), "duplicate": duplicate}, status=code
        )


class ChatAttachmentDownloadApi(APIView):
    authentication_classes = [
        ChatSessionAuthentication,
        TokenAuthentication,
        SessionAuthentication,
    ]
    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request: Request, attachment_id: int) -> FileResponse:
        attachment = (
            ChatAttachment.objects.select_related("session").filter(pk=attachment_id).first()
        )
        if attachment is None:
            raise NotFound(_("附件不存在"), field="attachment_id")
        is_customer = isinstance(request.auth, ChatSession)
        if is_customer and request.auth.pk != attachment.session_id:
            raise Forbidden(_("这不是您的会话"), field="attachment_id")
        if not is_customer and not user_has_capability(request.user, Capability.INTERACTION_VIEW):
            raise Forbidden(_("需要会话令牌或“查看服务记录”权限"))
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
        return response


class ChatCloseApi(CustomerApi):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, session_id: int) -> Response:
        session = own_session(request, session_id)
        events_publish_sync(services.chat_close(session_id=session.pk))
        session.refresh_from_db()
        return Response(customer_session_body(session))


class ChatSurveySubmitApi(CustomerApi):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ChatSurveySubmitInput"

        score = serializers.IntegerField(min_value=1, max_value=5)
        comment = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, session_id: int) -> Response:
        session = own_session(request, session_id)
        data = validated(self.InputSerializer, request.data)
        session.refresh_from_db()
        survey = services.chat_survey_submit(session=session, **data)
        return Response(
            {
                "session_id": session.pk,
                "interaction_id": survey.interaction_id,
                "score": survey.score,
                "comment": survey.comment,
            },
            status=status.HTTP_201_CREATED,
        )


class StaffApi(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [require(Capability.INTERACTION_RECORD)]


class ChatLiveListApi(StaffApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        rows = selectors.chat_session_list_live(actor=request.user)
        return Response({"sessions": staff_session_payloads(rows)})


class ChatQueueListApi(StaffApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"queues": selectors.queue_snapshot(actor=request.user)})


class AgentPresenceApi(StaffApi):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AgentPresenceInput"

        status = serializers.CharField(max_length=10)
        user_id = id_field(required=False)
        skills = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
        languages = serializers.ListField(
            child=serializers.CharField(max_length=20), required=False
        )
        capacity = serializers.IntegerField(required=False)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        presence = selectors.agent_presence_for(user=request.user)
        if presence is None:
            return Response({"status": "offline", "skills": [], "languages": [], "capacity": 0})
        return Response(_presence_body(presence))

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        presence, events = services.agent_presence_set(actor=request.user, **data)
        events_publish_sync(events)
        return Response(_presence_body(presence))


def _presence_body(presence: Any) -> dict[str, Any]:
    return {
        "user_id": presence.user_id,
        "status": presence.status,
        "skills": presence.skills,
        "languages": presence.languages,
        "capacity": presence.capacity,
    }
