"""Domain errors become HTTP answers here, once, for every endpoint."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jianyi.params import BadParameter
from suggestions.actions import UnknownStep
from suggestions.errors import Conflict, InvalidInput


def exception_handler(exc, context):
    if isinstance(exc, Conflict):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, InvalidInput):
        return Response({"detail": "输入有误", "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BadParameter):
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, UnknownStep):
        return Response({"detail": f"没有名为“{exc.args[0]}”的操作"}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)
