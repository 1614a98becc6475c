"""The base of the project's API endpoints. Apart from common/api.py, which the settings import (its parser and
exception handler), because DRF's views module reads those settings when it is imported."""

from rest_framework.views import APIView

from civicguard.common.api import JSONParser


class JsonApiView(APIView):
    """An endpoint that reads JSON bodies (with the project's parser: a clear 400 for a body that is not JSON)."""

    parser_classes = [JSONParser]

