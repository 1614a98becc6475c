"""/api/v1/dashboard: the oversight figures as JSON, the same `Dashboard` the page draws. Thin: read the query,
call the service, answer. A council that is not among the caller's is a 404."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from civicguard.apps.access.councils import council_named
from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.dashboard import services
from civicguard.apps.dashboard.serializers import DashboardFilterSerializer, DashboardSerializer
from civicguard.apps.posts.serializers import ErrorSerializer
from civicguard.common.api import validated
from civicguard.common.api_views import JsonApiView
from civicguard.errors import BadInput, NotFound


class DashboardView(JsonApiView):
    @extend_schema(
        operation_id="dashboard_read",
        summary="The oversight dashboard's figures for a council, period and service area",
        description="For the Information Management Group, administrators and service managers (`dashboard.view`). "
                    "Each figure that counts records carries the address of the page listing them when you may read "
                    "them; cases, breaches and RIPA authorisations are counts only for anyone else.",
        parameters=[DashboardFilterSerializer],
        responses={200: DashboardSerializer,
                   **{code: OpenApiResponse(ErrorSerializer, description=text) for code, text in (
                       (400, "the input is not valid (the field at fault is named)"), (401, "no valid token"),
                       (403, "your roles in this council do not allow this"),
                       (404, "no such council or service area among yours"))}},
        tags=["dashboard"])
    def get(self, request: Request) -> Response:
        query = validated(DashboardFilterSerializer, request.query_params)
        council = council_named(request.user, query["council"])
        end = query.get("to") or timezone.localdate()
        start = query.get("from") or end - timedelta(days=29)
        area = None
        if query.get("service_area"):
            area = ServiceArea.objects.filter(council=council, slug=query["service_area"]).first()
            if area is None:
                raise NotFound("no such service area in this council", field="service_area")
        if start > end:
            raise BadInput("`to` must be the same as or after `from`", field="to")
        board = services.dashboard_read(actor=request.user, council=council, start=start, end=end, service_area=area)
        return Response(board.to_dict())
