"""API tokens for integrations; sign-in goes through django-axes so lockout applies."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.core.exceptions import ValidationFailed

LOCKED_OUT_MESSAGE = "登录失败次数过多，账户已临时锁定，请稍后再试"


class TokenObtainApi(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

        class Meta:
            ref_name = "TokenObtainInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        username = serializers.CharField()
        role = serializers.CharField()

        class Meta:
            ref_name = "TokenObtainOutput"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="wrong username or password"),
            429: OpenApiResponse(description="locked out after too many failed attempts"),
        },
        auth=[],
        summary="Exchange a username and password for an API token",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # axes needs the Django request: it flags lockouts there for its middleware.
        django_request = request._request
        user = authenticate(request=django_request, **serializer.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            # Answer in JSON here; the middleware's lockout page is meant for browsers.
            delattr(django_request, "axes_locked_out")  # set by axes, unknown to the stubs
            return Response(
                {
                    "errors": [
                        {
                            "field": "non_field_errors",
                            "reason": LOCKED_OUT_MESSAGE,
                            "code": "locked_out",
                        }
                    ]
                },
                status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
            )
        if user is None:
            raise ValidationFailed(_("用户名或密码错误"), field="non_field_errors")
        # A token sign-in is a sign-in: axes resets the failure count, last_login is updated.
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        output = self.OutputSerializer(
            {"token": token.key, "username": user.username, "role": getattr(user, "role", "")}
        )
        return Response(output.data, status=status.HTTP_200_OK)
