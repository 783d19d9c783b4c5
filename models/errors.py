"""Input errors that name the file, the field and what is wrong."""

from __future__ import annotations


class InputError(Exception):
    """Bad usage or an invalid input file (exit code 2)."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.field = field

    def with_file(self, file: str) -> InputError:
        return InputError(self.message, file=self.file or file, field=self.field)

    def as_dict(self) -> dict[str, str | None]:
        return {"file": self.file, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.field) if p]
        return ": ".join([*parts, self.message])
