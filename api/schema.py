"""The OpenAPI schema documents the errors an operation can answer, not only its success.

drf-spectacular lists 200/201 only; a client (and the schema fuzz test in tests/fuzz/) needs to
know that a refused step is a 409 with `detail`, bad input a 400, and so on.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from rest_framework import permissions, serializers

ERROR = inline_serializer("Error", {"detail": serializers.CharField(help_text="原因（中文）")})
ERROR_DESCRIPTIONS = {
    "400": "输入有误：字段错误（字段名 → 原因列表），或 detail（以及步骤的 errors）",
    "401": "未登录或令牌无效",
    "403": "无权进行此操作",
    "404": "不存在，或无权查看；列表的页码超出范围",
    "409": "当前状态不允许此操作（detail 说明原因）",
    "415": "请求内容的类型不受支持，或无法解析",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation.get("parameters", [])):
            if code not in responses:
                body = OpenApiTypes.OBJECT if code == "400" else ERROR
                responses[code] = self._get_response_for_code(body, code)
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return operation

    def _error_codes(self, parameters) -> list[str]:
        codes = []
        if self.method != "GET" or any(p["in"] == "query" for p in parameters):
            codes.append("400")  # a filter, a page number or a body that is not what it should be
        if not all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if any(p["in"] in ("path", "query") for p in parameters):
            codes.append("404")  # an object not there or not yours; a page past the last
        if self.method != "GET":
            codes += ["409", "415"]
        return codes
