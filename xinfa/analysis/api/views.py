"""The analysis API: stored turn analyses of a conversation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfa.analysis.selectors import interaction_analyses
from xinfa.core.permissions import require
from xinfa.core.roles import Capability


class InteractionAnalysisApi(APIView):
    permission_classes = [require(Capability.INTERACTION_VIEW)]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, interaction_id: int) -> Response:
        return Response({"turns": interaction_analyses(interaction_id=interaction_id)})
