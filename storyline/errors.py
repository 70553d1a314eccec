"""Storyline's own exception types. Every error a user can cause is one of these, with a one-line message."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error Storyline raises on purpose."""


class InputError(StorylineError):
    """An input (file, row, stream) that cannot be read as an article. The message names the input."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class StoreError(StorylineError):
    """The database cannot be opened or written as asked."""


class GoldError(StorylineError):
    """A gold file that does not follow the gold format."""


class LimitError(StorylineError):
    """A run limit (such as `--max-memory`) that cannot be applied as asked."""
