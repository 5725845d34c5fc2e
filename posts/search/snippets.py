"""Highlighted snippets: the text is escaped first, then the matches are wrapped in <mark>.

Nothing here is ever marked safe without going through ``escape``: a page's text and the
reader's words are both treated as plain text, whatever they contain.
"""

import difflib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .text import WORD, fuzzy_form

SNIPPET_LENGTH = 220
# Near matches, for a text the reader's words are not in as words (misspellings, "soas" inside "Iliopsoas").
NEAR_MIN_LENGTH = 3  # shorter pieces of a query would be found inside too many words
NEAR_RATIO = 0.75  # difflib, as for names on SQLite (backends.NAME_MATCH_RATIO)
NEAR_SCAN = 1500  # characters of a long text compared word by word; pieces inside words are found anywhere
NEAR_PIECES = 6  # the longest pieces of a long query are enough, and keep a page of results quick
# A word with the hyphens, apostrophes and dots inside it ("ilio-psoas"), compared folded like the query.
TEXT_WORD = re.compile(r"\w+(?:[-‐‑‒–'’`·.]\w+)*")
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


def near_words(fuzzy):
    """The pieces of a folded query to look for inside words: its words and, for more than one, all of them
    run together ("so as" → "soas"); longest first, at most ``NEAR_PIECES``."""
    words = WORD.findall(fuzzy)
    if len(words) > 1:
        words.append("".join(words))
    pieces = {word for word in words if len(word) >= NEAR_MIN_LENGTH}
    return sorted(pieces, key=lambda word: (-len(word), word))[:NEAR_PIECES]


def near_pattern(text, pieces):
    """The best near match of the query in ``text``, as a pattern for ``highlight``; None when nothing is close.

    The longest piece of the query found inside a word, whatever the case ("soas" in "Iliopsoas"), else
    the word most like one of the pieces (difflib, at least ``NEAR_RATIO``: "Iliopsoas" for "illiopsoas").
    Only the reader's words, escaped, go into the pattern: it matches plain text, never HTML.
    """
    if not text or not pieces:
        return None
    for piece in pieces:
        inside = re.compile(re.escape(piece), re.IGNORECASE)
        if inside.search(text):
            return inside
    words = {}
    for match in TEXT_WORD.finditer(text[:NEAR_SCAN]):
        words.setdefault(fuzzy_form(match.group()), match.group())
    best, best_ratio = None, 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    for piece in pieces:
        matcher.set_seq2(piece)
        for folded, word in words.items():
            # Upper bounds first (lengths, then letters): most words cannot beat the best and are skipped cheaply.
            if not _beats(2 * min(len(folded), len(piece)) / (len(folded) + len(piece)), best_ratio):
                continue
            matcher.set_seq1(folded)
            if _beats(matcher.quick_ratio(), best_ratio) and _beats(ratio := matcher.ratio(), best_ratio):
                best, best_ratio = word, ratio
    if best is None:
        return None
    return re.compile(rf"(?<!\w){re.escape(best)}(?!\w)", re.IGNORECASE)


def _beats(ratio, best_ratio):
    return ratio >= NEAR_RATIO and ratio > best_ratio


def marks_for(text, pattern, pieces):
    """What to mark in ``text``: the reader's words where they are in it, else its best near match (or None)."""
    if not text:
        return None
    if pattern is not None and pattern.search(text):
        return pattern
    return near_pattern(text, pieces)


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
