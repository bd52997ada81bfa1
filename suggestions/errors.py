"""What a step can fail with. The API and the web views map these to 409, 403 and 400."""

from django.core.exceptions import PermissionDenied


class Conflict(Exception):
    """The suggestion's state does not allow the step now (HTTP 409). The message is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(Exception):
    """The input is wrong (HTTP 400). `errors` maps field names to lists of Chinese messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


__all__ = ["Conflict", "InvalidInput", "PermissionDenied"]
