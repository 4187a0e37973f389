"""The quality API: parse input → one service or selector → plain JSON."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.core.api import id_field
from xinfa.core.pagination import StandardPagination
from xinfa.core.permissions import capability_denied_message, require, user_has_capability
from xinfa.core.roles import Capability
from xinfa.quality import selectors, services
from xinfa.quality.api import serializers as out
from xinfa.quality.coaching import interaction_coaching, interaction_draft_check
from xinfa.quality.enums import AppealStatus


def require_any(*capabilities: str) -> type[BasePermission]:
    """A DRF permission class satisfied by any one of the capabilities."""

    class HasAnyCapability(BasePermission):
        @property
        def message(self) -> str:  # in the request's language, so not fixed at import
            return capability_denied_message(capabilities[0])

        def has_permission(self, request: Request, view: APIView) -> bool:
            return any(user_has_capability(request.user, name) for name in capabilities)

    return HasAnyCapability


SEES_INSPECTIONS = require_any(Capability.QUALITY_REVIEW, Capability.QUALITY_APPEAL)
SEES_RUBRICS = require_any(Capability.QUALITY_REVIEW, Capability.QUALITY_MANAGE)


class InspectionListApi(APIView):
    permission_classes = [SEES_INSPECTIONS]

    class FilterSerializer(serializers.Serializer):
        agent = id_field(required=False)
        passed = serializers.BooleanField(required=False, allow_null=True, default=None)
        critical = serializers.BooleanField(required=False, allow_null=True, default=None)
        sampled = serializers.BooleanField(required=False, allow_null=True, default=None)
        min_score = serializers.FloatField(required=False, min_value=0, max_value=100)
        max_score = serializers.FloatField(required=False, min_value=0, max_value=100)

    @extend_schema(
        operation_id="quality_inspections_list",
        parameters=[FilterSerializer],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        rows = selectors.inspection_list(
            viewer=request.user,
            agent_id=data.get("agent"),
            passed=data.get("passed"),
            critical=data.get("critical"),
            sampled=data.get("sampled"),
            min_score=data.get("min_score"),
            max_score=data.get("max_score"),
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        # `page` is None only without a page size; StandardPagination always has one.
        return paginator.get_paginated_response([out.inspection_summary(row) for row in page or []])


class InspectionDetailApi(APIView):
    permission_classes = [SEES_INSPECTIONS]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, inspection_id: int) -> Response:
        detail = selectors.inspection_detail(viewer=request.user, inspection_id=inspection_id)
        return Response(out.inspection_detail_data(detail))


class InspectionOverrideApi(APIView):
    permission_classes = [require(Capability.QUALITY_REVIEW)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "InspectionOverrideInput"

        rule_id = serializers.CharField(max_length=64)
        to_outcome = serializers.CharField(max_length=16)
        reason = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, inspection_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.inspection_override(
            actor=request.user, inspection_id=inspection_id, **serializer.validated_data
        )
        detail = selectors.inspection_detail(viewer=request.user, inspection_id=inspection_id)
        data = out.inspection_detail_data(detail)
        data["override"] = out.override_data(change)
        return Response(data, status=201)


class InspectionReviewedApi(APIView):
    permission_classes = [require(Capability.QUALITY_REVIEW)]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, inspection_id: int) -> Response:
        sample = services.review_complete(actor=request.user, inspection_id=inspection_id)
        return Response(
            {
                "inspection_id": inspection_id,
                "reason": sample.reason,
                "reviewed_at": sample.reviewed_at.isoformat() if sample.reviewed_at else None,
            }
        )


class AppealOpenApi(APIView):
    permission_classes = [require(Capability.QUALITY_APPEAL)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AppealOpenInput"

        reason = serializers.CharField(max_length=1000)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, inspection_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = services.appeal_open(
            actor=request.user, inspection_id=inspection_id, **serializer.validated_data
        )
        return Response(out.appeal_data(appeal), status=201)


class AppealListApi(APIView):
    permission_classes = [SEES_INSPECTIONS]

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=AppealStatus.choices, required=False)

    @extend_schema(parameters=[FilterSerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.appeal_list(
            viewer=request.user, status=filters.validated_data.get("status")
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([out.appeal_data(row) for row in page or []])


class AppealDecideApi(APIView):
    permission_classes = [require(Capability.QUALITY_REVIEW)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AppealDecideInput"

        status = serializers.ChoiceField(choices=[AppealStatus.UPHELD, AppealStatus.REJECTED])
        note = serializers.CharField(max_length=1000)
        rule_id = serializers.CharField(max_length=64, required=False)
        to_outcome = serializers.CharField(max_length=16, required=False)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, appeal_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = services.appeal_decide(
            actor=request.user, appeal_id=appeal_id, **serializer.validated_data
        )
        return Response(out.appeal_data(appeal))


class ReviewSampleDrawApi(APIView):
    permission_classes = [require(Capability.QUALITY_REVIEW)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ReviewSampleDrawInput"

        size = serializers.IntegerField(min_value=1, max_value=500, required=False)
        seed = serializers.IntegerField(required=False)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        samples = services.review_sample_draw(
            actor=request.user, assign_to=request.user, **serializer.validated_data
        )
        return Response(
            {"drawn": [{"inspection_id": s.inspection_id, "reason": s.reason} for s in samples]},
            status=201,
        )


class RubricListApi(APIView):
    """GET lists versions (review or manage right); POST imports YAML (manage right)."""

    permission_classes = [SEES_RUBRICS]

    def get_permissions(self) -> Sequence[Any]:
        if self.request.method == "POST":
            return [require(Capability.QUALITY_MANAGE)()]
        return super().get_permissions()

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RubricImportInput"

        yaml = serializers.CharField(max_length=200_000, trim_whitespace=False)
        slug = serializers.CharField(max_length=64, required=False)
        activate = serializers.BooleanField(required=False, default=False)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response([out.rubric_version_data(v) for v in selectors.rubric_version_list()])

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = services.rubric_import_yaml(
            actor=request.user,
            yaml_text=data["yaml"],
            slug=data.get("slug"),
            activate=data["activate"],
        )
        return Response(out.rubric_version_data(version), status=201)


class RubricExportApi(APIView):
    permission_classes = [SEES_RUBRICS]

    @extend_schema(responses={(200, "application/x-yaml"): OpenApiTypes.STR})
    def get(self, request: Request, version_id: int) -> HttpResponse:
        version = services.rubric_version_get(version_id=version_id)
        response = HttpResponse(version.yaml, content_type="application/x-yaml; charset=utf-8")
        filename = f"{version.rubric.slug}-v{version.version}.yaml"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class RubricActivateApi(APIView):
    permission_classes = [require(Capability.QUALITY_MANAGE)]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, version_id: int) -> Response:
        version = services.rubric_activate(actor=request.user, version_id=version_id)
        return Response(out.rubric_version_data(version))


class RubricTestApi(APIView):
    permission_classes = [SEES_RUBRICS]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RubricTestInput"

        yaml = serializers.CharField(max_length=200_000, required=False, trim_whitespace=False)
        version_id = id_field(required=False)
        conversation = serializers.CharField(max_length=20_000)
        channel = serializers.CharField(max_length=20, required=False, default="")
        is_elderly = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        yaml_text = data.get("yaml")
        if yaml_text is None:
            if data.get("version_id") is None:
                yaml_text = services.rubric_default_ensure().yaml
            else:
                yaml_text = services.rubric_version_get(version_id=data["version_id"]).yaml
        result = services.rubric_test(
            yaml_text=yaml_text,
            conversation=data["conversation"],
            channel=data["channel"],
            is_elderly=data["is_elderly"],
        )
        return Response(result)


class CalibrationApi(APIView):
    permission_classes = [require(Capability.QUALITY_REVIEW)]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"rules": selectors.calibration_report()})


class WellbeingApi(APIView):
    permission_classes = [require(Capability.SUPERVISOR_OVERVIEW)]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"agents": selectors.agent_wellbeing()})


class QualityTrendApi(APIView):
    permission_classes = [SEES_INSPECTIONS]

    class FilterSerializer(serializers.Serializer):
        agent = id_field(required=False)
        weeks = serializers.IntegerField(required=False, min_value=1, max_value=104, default=12)

    @extend_schema(parameters=[FilterSerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        agent_id = filters.validated_data.get("agent")
        if not user_has_capability(request.user, Capability.QUALITY_REVIEW):
            agent_id = request.user.pk  # staff see their own trend only
        rows = selectors.agent_quality_trend(
            agent_id=agent_id, weeks=filters.validated_data["weeks"]
        )
        return Response({"weeks": [{**row, "week": row["week"].isoformat()} for row in rows]})


class CoachingApi(APIView):
    permission_classes = [require(Capability.COACHING_USE)]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, interaction_id: int) -> Response:
        return Response(interaction_coaching(interaction_id=interaction_id))


class DraftCheckApi(APIView):
    permission_classes = [require(Capability.COACHING_USE)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DraftCheckInput"

        text = serializers.CharField(max_length=5000)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, interaction_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(
            interaction_draft_check(interaction_id=interaction_id, **serializer.validated_data)
        )
