"""Input errors that name the file, the field and what is wrong."""

from __future__ import annotations

from collections.abc import Sequence


class InputError(Exception):
    """Bad usage or an invalid input file (exit code 2).

    One error names one file, one field and one message. A file with several problems
    raises the first as the error itself and the others in `also`, in the order they are
    to be shown; `errors` lists them all.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        also: Sequence[InputError] = (),
    ):
        super().__init__(message)
        self.message = message
        self.file = file
        self.field = field
        self.also = tuple(single for error in also for single in error.errors)

    @classmethod
    def of(cls, errors: Sequence[InputError]) -> InputError:
        """One error raising all of `errors` (at least one), the first in front."""
        first, *rest = errors
        return InputError(first.message, file=first.file, field=first.field, also=rest)

    @property
    def errors(self) -> tuple[InputError, ...]:
        """This error and every one in `also`, each on its own."""
        return (InputError(self.message, file=self.file, field=self.field), *self.also)

    def with_file(self, file: str) -> InputError:
        return InputError.of(
            [InputError(e.message, file=e.file or file, field=e.field) for e in self.errors]
        )

    def as_dict(self) -> dict[str, str | None]:
        return {"file": self.file, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.field) if p]
        return ": ".join([*parts, self.message])
