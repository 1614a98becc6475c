"""What the API's OpenAPI schema says beyond what drf-spectacular reads from the code: the conventions every
endpoint shares, so that a client that keeps to the schema is never refused for something the schema allows
(checked by tests/apps/test_schemathesis.py).

Kept apart from civicguard.common.api: drf-spectacular's AutoSchema imports DRF's views, which import the API
settings, which name classes in civicguard.common.api.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

# What str.strip() removes, as a regular expression class: DRF trims these from a CharField before it checks
# that the field is not blank.
SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = rf"^[^\x00]*[^\x00{SPACE}][^\x00]*$"


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, saying what a DRF text field really accepts: never a NUL character (DRF refuses
    them in every CharField), and, where it trims spaces and a blank value is not allowed, something other than
    spaces. Without this, a client that follows the schema sends a string the API refuses."""

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        own_pattern = any(isinstance(v, RegexValidator) for v in field.validators)  # a SlugField's, say
        if (direction == "request" and isinstance(field, serializers.CharField) and isinstance(schema, dict)
                and schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema)
                and not own_pattern):
            blank_refused = field.trim_whitespace and not field.allow_blank
            schema["pattern"] = NOT_BLANK if blank_refused else NO_NUL
        return schema


def document_api_conventions(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: what holds for every operation, said once for each.

    * An optional query parameter sent empty (`?status=`) counts as not sent: that is how DRF reads a query
      string, and how an HTML form sends a filter left blank (OpenAPI's `allowEmptyValue`).
    * A body over the size limit answers 413 (civicguard.common.middleware.ApiBodyLimitMiddleware).
    """
    too_large = {"description": f"the body is over the {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)} "
                                "MB limit",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            operation["responses"].setdefault("413", too_large)
    return result
