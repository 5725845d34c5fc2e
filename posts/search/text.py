"""What a reader typed, made safe to search with; and the plain text that pages are searched by."""

import re
import unicodedata
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

MAX_QUERY_LENGTH = 200
# Control characters (NUL included) and the private-use/unassigned planes never reach a query.
UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn"}
WORD = re.compile(r"\w+")
# Hyphens, apostrophes and dots inside a word: "so-as" and "so'as" are tried as "soas" too.
INNER_PUNCTUATION = re.compile(r"(?<=\w)[-‐‑‒–'’`·.](?=\w)")
EMAIL_LIKE = re.compile(r"\S+@\S+")
NUMBER_LIKE = re.compile(r"\+?\d[\d ()./-]{5,}\d")


def _printable(text):
    return "".join(ch if unicodedata.category(ch) not in UNPRINTABLE else " " for ch in text)


def fold(text):
    """Lower case, no accents, single spaces: how names are compared ("Ílio-Psoas" → "ilio-psoas")."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_printable(text).split())


def fuzzy_form(text):
    """Folded, with hyphens and apostrophes inside words dropped: how misspellings are compared ("So-as" → "soas")."""
    return INNER_PUNCTUATION.sub("", fold(text))


@dataclass(frozen=True)
class Query:
    """A reader's search. ``problem`` says why there is nothing to search for, in plain words."""

    text: str = ""
    problem: str = ""
    words: tuple = field(default_factory=tuple)

    @property
    def fuzzy(self):
        """The text for trigram matching: folded, with hyphens and apostrophes inside words dropped."""
        return fuzzy_form(self.text)

    @property
    def searchable(self):
        return not self.problem

    @property
    def counted_text(self):
        """What the tally of searches stores: folded, with email addresses and phone numbers blanked."""
        text = EMAIL_LIKE.sub("[email]", fold(self.text))
        return NUMBER_LIKE.sub("[number]", text)[:MAX_QUERY_LENGTH]


def parse_query(raw):
    """Clean ``raw`` (any string from the address bar) into a Query; never raises."""
    raw = raw if isinstance(raw, str) else ""
    if len(raw) > MAX_QUERY_LENGTH:
        return Query(text=" ".join(_printable(raw[:MAX_QUERY_LENGTH]).split()), problem="too_long")
    text = " ".join(_printable(unicodedata.normalize("NFKC", raw)).split())
    if not text:
        return Query(problem="empty")
    words = tuple(dict.fromkeys(word for word in WORD.findall(fold(text)) if word))
    if not words:
        return Query(text=text, problem="no_words")
    return Query(text=text, words=words)


def plain_text(html):
    """The words of an HTML fragment, one space between blocks; used at save time only."""
    if not html:
        return ""
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
