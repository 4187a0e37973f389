"""Chat-specific refusals; each maps to an HTTP status and an `error` frame code."""

from xinfa.core.exceptions import DomainError, InvalidTransition, ValidationFailed


class TooLong(ValidationFailed):
    code = "too_long"


class InvalidFileType(ValidationFailed):
    code = "invalid_file_type"


class FileTooLarge(ValidationFailed):
    status_code = 413
    code = "too_large"


class ChatClosed(InvalidTransition):
    code = "closed"


class Throttled(DomainError):
    status_code = 429
    code = "throttled"


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: float, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = round(retry_after, 3)
