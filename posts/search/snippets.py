"""Highlighted snippets: the text is escaped first, then the matches are wrapped in <mark>.

Nothing here is ever marked safe without going through ``escape``: a page's text and the
reader's words are both treated as plain text, whatever they contain.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 220
SUFFIXES = ("ing", "ers", "ies", "es", "ed", "er", "ly", "s")


def stem(word):
    """A rough English stem, so "stretching" marks "stretch" and "flexors" marks "flexor"."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def match_pattern(words, terms=()):
    """A pattern for words starting with the reader's words (roughly stemmed) and for the names they matched."""
    parts = set()
    for word in words:
        if len(word) >= 3:
            parts.add(rf"\b{re.escape(stem(word))}\w*")
        elif word:
            parts.add(rf"\b{re.escape(word)}\b")
    for term in terms:
        if term:
            parts.add(rf"\b{re.escape(term)}\b")
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.IGNORECASE)


def highlight(text, pattern):
    """``text`` escaped, with every match of ``pattern`` in <mark>."""
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped or format_html


def snippet(text, pattern, length=SNIPPET_LENGTH):
    """About ``length`` characters of ``text`` around its first match, highlighted."""
    if not text:
        return ""
    match = pattern.search(text) if pattern is not None else None
    start = 0
    if match is not None and match.start() > length // 2:
        # From the start of the sentence that holds the match, when that is near enough.
        sentence = text.rfind(". ", 0, match.start())
        if sentence != -1 and match.start() - sentence < length * 0.6:
            start = sentence + 2
        else:
            start = text.rfind(" ", 0, match.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end].strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return format_html("{}{}{}", prefix, highlight(piece, pattern), suffix)
