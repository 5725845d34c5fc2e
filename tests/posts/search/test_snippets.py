"""Near matches are marked too ("soas" inside "Iliopsoas"), and marking never breaks the escaping."""

import re

import pytest
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from posts.search.snippets import highlight, marks_for, match_pattern, near_pattern, near_words, snippet
from posts.search.text import fuzzy_form

MARKS = re.compile(r"</?mark>")


def marked(text, query):
    return str(highlight(text, near_pattern(text, near_words(fuzzy_form(query)))))


@pytest.mark.parametrize(
    "text, query, expected",
    [
        ("Iliopsoas", "soas", "Iliop<mark>soas</mark>"),
        ("Iliopsoas", "so-as", "Iliop<mark>soas</mark>"),
        ("Iliopsoas", "SO'AS", "Iliop<mark>soas</mark>"),
        ("Iliopsoas", "so as", "Iliop<mark>soas</mark>"),  # the words run together
        ("Iliopsoas", "illiopsoas", "<mark>Iliopsoas</mark>"),  # the word most like the query
        ("Iliopsoas bursa", "illiopsoas", "<mark>Iliopsoas</mark> bursa"),
        ("Pain in the ilio-psoas tendon", "iliopsoas", "Pain in the <mark>ilio-psoas</mark> tendon"),
        ("Ílio-Psóas", "iliopsoas", "<mark>Ílio-Psóas</mark>"),  # accents, as names are folded
        ("Piriformis syndrome", "pirifromis", "<mark>Piriformis</mark> syndrome"),
        ("Iliopsoas tendon", "soas iliopsoas", "<mark>Iliopsoas</mark> tendon"),  # the longest piece found
        ("Hamstrings", "soas", "Hamstrings"),  # nothing close: nothing marked
        ("So as to", "so as", "So as to"),  # pieces under three letters are never looked for inside words
    ],
)
def test_the_best_near_match_is_marked(text, query, expected):
    assert marked(text, query) == expected


def test_the_readers_words_come_first_and_the_near_match_only_where_they_mark_nothing():
    pattern = match_pattern(("soas",), ["psoas"])
    pieces = near_words("soas")
    assert marks_for("Also called psoas", pattern, pieces) is pattern
    assert str(highlight("Iliopsoas", marks_for("Iliopsoas", pattern, pieces))) == "Iliop<mark>soas</mark>"
    assert marks_for("", pattern, pieces) is None


def test_a_snippet_opens_around_a_near_match():
    text = "Filler words. " * 30 + "The iliopsoas flexes the hip."
    piece = str(snippet(text, near_pattern(text, near_words("soas"))))
    assert piece.startswith("… The iliop<mark>soas</mark> flexes the hip.")


@pytest.mark.parametrize(
    "text, query",
    [
        ("Tom &amp; Jerry psoas", '"&amp;'),
        ("a < b > c &lt; psoas", "lt gt"),
        ("<script>alert(1)</script> psoas", "<script>"),
        ("<mark>psoas</mark>", "mark"),
        ("x&#39;psoas", "#39"),
        ("😀🦴 𝔭𝔰𝔬𝔞𝔰 psoas 🦴", "𝔭𝔰𝔬𝔞𝔰"),
        ("psoas" * 400, "soas" * 40),
        ("a" * 5000 + " psoas", "a" * 199),
    ],
)
def test_hostile_text_and_queries_stay_escaped(text, query):
    html = marked(text, query)
    assert MARKS.sub("", html) == escape(text)
    assert "<" not in MARKS.sub("", html)
    assert not re.search(r"&[#\w]*<mark>", html)  # never a mark inside an entity


@given(text=st.text(max_size=300), query=st.text(max_size=60))
def test_marking_any_text_with_any_query_only_adds_marks_to_the_escaped_text(text, query):
    html = marked(text, query)
    assert MARKS.sub("", html) == escape(text)
    assert html.count("<mark>") == html.count("</mark>")
