"""Which language an article is in, so that text not in English is skipped with a reason instead of parsed as English.

The identifier is py3langid (a maintained fork of langid.py): a naive Bayes model over byte n-grams that ships
inside the wheel, runs offline and always gives the same answer for the same text. Only the first few thousand
characters are looked at, which costs about a millisecond an article. Two rules keep it from refusing English:
a text too short to tell is kept (its language stays undetermined), and a Latin-script text is refused only when
the model is confident it is another language. A text written mostly in another script (Arabic, Cyrillic, Chinese,
...) is never English, whatever the model's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: how much of the text is looked at
SAMPLE_CHARS = 3000
#: fewer letters than this and the language is left undetermined (the article is kept)
MIN_LETTERS = 40
#: a text with at least this many letters, most of them not Latin, is in another script
MIN_SCRIPT_LETTERS = 10
#: a Latin-script text is refused only when the model is at least this sure it is not English
MIN_CONFIDENCE = 0.9
#: below this share of Latin letters a text is written in another script
MIN_LATIN_SHARE = 0.5


@dataclass(frozen=True)
class Guess:
    """The language of a text: an ISO 639 code (None when the text is too short to tell) and how sure it is."""

    code: str | None
    confidence: float
    #: share of the letters that are Latin script
    latin_share: float = 1.0

    @property
    def english(self) -> bool:
        """Whether the text is to be read as English: it is, or it may be and nothing says otherwise."""
        if self.code is None:
            return True
        if self.latin_share < MIN_LATIN_SHARE:
            return False
        return self.code == "en" or self.confidence < MIN_CONFIDENCE

    @property
    def name(self) -> str:
        """The language's English name ("French"), or its code when the name is not known."""
        if self.code is None:
            return "undetermined"
        if self.code == "zxx":
            return "no language"
        entry = pycountry.languages.get(**{"alpha_2" if len(self.code) == 2 else "alpha_3": self.code})
        return str(entry.name) if entry is not None else self.code

    @property
    def reason(self) -> str:
        """Why a text that is not English was skipped, for the error line."""
        guess = f"{self.name} ({self.code}, confidence {self.confidence:.2f})"
        if self.latin_share < MIN_LATIN_SHARE:
            guess = f"written mostly in a non-Latin script, identified as {guess}"
        else:
            guess = f"identified as {guess}"
        return f"not in English: {guess}; skipped, not parsed as English"

    @property
    def stored_code(self) -> str | None:
        """What the store records: "en" for a text identified as English, None when it could not be told."""
        return "en" if self.code == "en" and self.english else None


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _is_latin(char: str) -> bool:
    code = ord(char)
    return code < 0x250 or 0x1E00 <= code < 0x1F00 or 0xFF21 <= code < 0xFF5B


def identify(text: str) -> Guess:
    """Guess the language of `text` from its first `SAMPLE_CHARS` characters."""
    sample = text[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    latin_share = sum(1 for c in letters if _is_latin(c)) / max(1, len(letters))
    if len(letters) < MIN_LETTERS and (len(letters) < MIN_SCRIPT_LETTERS or latin_share >= MIN_LATIN_SHARE):
        return Guess(None, 0.0)
    code, confidence = _identifier().classify(sample)
    return Guess(str(code), float(confidence), latin_share)
