"""Link the first mention of each anatomy topic in a post's rendered body to its page.

Works on the parsed tree (BeautifulSoup), never on the HTML text, so the author's own
links, headings and code stay exactly as written. Runs at save time through
``Post.body_transforms``; a reader's request never pays for it.
"""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString
from django.urls import reverse

# Text inside these is never linked: links the author made, headings, code, and
# abbreviations the author already explained.
SKIPPED_PARENTS = ("a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "abbr", "script", "style")


@dataclass(frozen=True)
class MentionTarget:
    topic_id: int
    name: str
    url: str
    terms: tuple
    pronunciation: str = ""
    pronunciation_note: str = ""

    def tooltip(self, matched_text):
        """'Iliopsoas: say ILL-ee-oh-SO-as (the p in psoas is silent)' for the abbr title."""
        say = f"say {self.pronunciation}" if self.pronunciation else ""
        note = f"({self.pronunciation_note})" if say and self.pronunciation_note else self.pronunciation_note
        text = " ".join(part for part in (say, note) if part)
        if matched_text.casefold() != self.name.casefold():
            text = f"{self.name}: {text}" if text else self.name
        return text[:1].upper() + text[1:]


def load_mention_targets():
    """Every topic whose mentions are linked, in one query."""
    from posts.models import AnatomyTopic
    from posts.models.library import split_aliases

    rows = (
        AnatomyTopic.objects.filter(link_mentions=True)
        .order_by("name", "pk")
        .values_list("pk", "name", "slug", "aliases", "pronunciation", "pronunciation_note")
    )
    return [
        MentionTarget(
            topic_id=pk,
            name=name,
            url=reverse("posts:anatomy_detail", kwargs={"slug": slug}),
            terms=tuple(term for term in (name, *split_aliases(aliases)) if term.strip()),
            pronunciation=pronunciation,
            pronunciation_note=note,
        )
        for pk, name, slug, aliases, pronunciation, note in rows
    ]


def _term_pattern(term):
    words = [re.escape(word) for word in term.split()]
    return r"\s+".join(words)


class MentionLinker:
    """A body transform: ``MentionLinker(targets)(soup)`` links first mentions in place."""

    def __init__(self, targets):
        self.by_term = {}
        for target in targets:
            for term in target.terms:
                key = " ".join(term.casefold().split())
                self.by_term.setdefault(key, target)  # two topics with one alias: the first by name wins
        terms = sorted(self.by_term, key=len, reverse=True)  # "psoas major" before "psoas"
        self.pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(_term_pattern(t) for t in terms) + r")(?![\w-])", re.IGNORECASE)
            if terms
            else None
        )

    def __call__(self, soup: BeautifulSoup):
        self.linked = {}
        if self.pattern is None:
            return
        targets = set(self.by_term.values())
        # A topic the author already linked by hand is not linked a second time.
        authored = {a.get("href", "").rstrip("/") for a in soup.find_all("a")}
        done = {t.topic_id for t in targets if any(href.endswith(t.url.rstrip("/")) for href in authored if href)}
        remaining = len({t.topic_id for t in targets}) - len(done)
        for node in list(soup.find_all(string=True)):
            if remaining <= 0:
                break
            if type(node) is not NavigableString or node.find_parent(SKIPPED_PARENTS) is not None:
                continue
            pieces, last, text = [], 0, str(node)
            for match in self.pattern.finditer(text):
                target = self.by_term[" ".join(match.group(0).casefold().split())]
                if target.topic_id in done:
                    continue
                done.add(target.topic_id)
                remaining -= 1
                self.linked[target.topic_id] = match.group(0)
                pieces.append(text[last : match.start()])
                pieces.append(self._link(soup, target, match.group(0)))
                last = match.end()
            if pieces:
                pieces.append(text[last:])
                for piece in pieces:
                    if piece:
                        node.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
                node.extract()

    @staticmethod
    def _link(soup, target, text):
        link = soup.new_tag("a", attrs={"href": target.url, "class": "mention"})
        tooltip = target.tooltip(text)
        if target.pronunciation or target.pronunciation_note:
            abbr = soup.new_tag("abbr", attrs={"title": tooltip})
            abbr.string = text
            link.append(abbr)
        else:
            link["title"] = tooltip if tooltip else f"{target.name} in the anatomy library"
            link.string = text
        return link
