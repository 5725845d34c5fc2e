"""Two ways to search the same index, chosen by the database in use.

PostgreSQL: weighted full-text search on the stored ``vector`` (GIN index) for words, and
trigram similarity on the names things are called by (``SearchTerm``, trigram GIN index) for
misspellings: one query for a page of results and the counts per kind.

SQLite (``make run``): the FTS5 trigram index finds any three-letter run ("soas" inside
"psoas"), difflib compares the query with every name for misspellings, and the ranking is
done in Python. Fine for a development database; production runs on PostgreSQL.
"""

import difflib
import json
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from posts.models import Post

from .documents import CONDITION, EXERCISE, POST, TOPIC
from .expressions import SEARCH_CONFIG
from .models import SearchEntry, SearchTerm
from .schema import FTS_TABLE
from .text import WORD

LIBRARY_KINDS = (TOPIC, CONDITION, EXERCISE)
# What a result shows (never the vector, which can be large).
ENTRY_COLUMNS = (
    "id", "kind", "object_id", "slug", "title", "eyebrow", "names", "pronunciation", "summary", "body", "published_at",
)  # fmt: skip
KIND_ORDER = (TOPIC, CONDITION, EXERCISE, POST)
# ts_rank weights for D, C, B, A: a name or title counts ten times a word in the body.
RANK_WEIGHTS = [0.05, 0.1, 0.4, 1.0]
# Below this, a name is not close enough to count as a match (PostgreSQL's pg_trgm default is 0.3).
NAME_MATCH_RATIO = 0.75  # difflib, SQLite
SUGGESTION_SIMILARITY = 0.2  # "Did you mean …?" on PostgreSQL (trigram similarity)
SUGGESTION_RATIO = 0.6  # "Did you mean …?" on SQLite (difflib)


@dataclass
class Hit:
    """One result: the entry, its score, and the name it was found by (for misspellings)."""

    entry: SearchEntry
    score: float = 0.0
    term: str = ""
    similarity: float = 0.0
    rank: float = 0.0

    @property
    def by_name_only(self):
        """Found because a name looks like the query, not because its words were there."""
        return self.rank <= 0 and self.similarity < 1


@dataclass
class Found:
    hits: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.counts.values())


def visible_entries():
    """Library entries, and posts that readers may see now (Post.objects.published())."""
    published = Post.objects.published().filter(pk=OuterRef("object_id"))
    return SearchEntry.objects.defer("vector").filter(~Q(kind=POST) | Exists(published))


def contains_pattern(text):
    """LIKE pattern for names containing ``text`` ("soas" in "psoas major"); the trigram index serves it."""
    if len(text) < 3:
        return ""  # only an empty name would match, and there are none: two letters would match too much
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def name_similarity(query, term):
    """difflib's ratio between the folded query and a folded name (1 when they are the same)."""
    if not query or not term:
        return 0.0
    if query == term:
        return 1.0
    return difflib.SequenceMatcher(None, query, term).ratio()


class PostgresSearch:
    def search_sql(self, query, *, kind=None, offset=0, limit=20):
        """SQL and parameters for one page of results, best first, and the counts per kind: one query.

        Written as SQL because the order of work matters: the full-text rank is computed on the
        rows the GIN index found, the trigram similarity only on the names that matched it
        (``%``, or containing the query: both served by the trigram GIN index), and the two are
        added per entry; only the page's rows are then read in full. Visibility is
        ``Post.objects.published()``, compiled into the query. Every row carries the counts, and
        there is always one row (with no entry in it past the end).
        """
        entries, terms = SearchEntry._meta.db_table, SearchTerm._meta.db_table
        published_sql, published_params = (
            Post.objects.published().filter(pk=RawSQL("entry.object_id", [])).values("pk").query.sql_with_params()
        )
        columns = ", ".join(f"page_entry.{connection.ops.quote_name(name)}" for name in ENTRY_COLUMNS)
        sql = f"""
            WITH matches AS (
                SELECT id AS entry_id,
                       ts_rank(%s::real[], vector, websearch_to_tsquery(%s::regconfig, %s), 32) AS rank,
                       0::real AS similarity, NULL::text AS term
                  FROM {entries}
                 WHERE vector @@ websearch_to_tsquery(%s::regconfig, %s)
                UNION ALL
                SELECT entry_id, 0::real, similarity(term, %s), term
                  FROM {terms}
                 WHERE term %% %s OR term LIKE %s
            ), scored AS (
                SELECT entry_id, max(rank) AS rank, max(similarity) AS similarity,
                       (array_agg(term ORDER BY similarity DESC, term) FILTER (WHERE term IS NOT NULL))[1] AS term
                  FROM matches GROUP BY entry_id
            ), visible AS (
                SELECT entry.id, entry.kind, entry.title, scored.rank, scored.similarity, scored.term,
                       scored.rank + scored.similarity AS score
                  FROM scored JOIN {entries} entry ON entry.id = scored.entry_id
                 WHERE entry.kind <> %s OR EXISTS ({published_sql})
            ), counts AS (
                SELECT coalesce(json_object_agg(kind, n), '{{}}') AS counts
                  FROM (SELECT kind, count(*) AS n FROM visible GROUP BY kind) per_kind
            )
            SELECT counts.counts, page.rank, page.similarity, page.term, page.score, {columns}
              FROM counts
              LEFT JOIN LATERAL (
                    SELECT * FROM visible {"WHERE kind = %s" if kind else ""}
                     ORDER BY score DESC, title, id LIMIT %s OFFSET %s
                   ) page ON true
              LEFT JOIN {entries} page_entry ON page_entry.id = page.id
             ORDER BY page.score DESC, page.title, page.id
        """
        params = [
            "{" + ",".join(str(weight) for weight in RANK_WEIGHTS) + "}",
            SEARCH_CONFIG,
            query.text,
            SEARCH_CONFIG,
            query.text,
            query.fuzzy,
            query.fuzzy,
            contains_pattern(query.fuzzy),
            POST,
            *published_params,
            *([kind] if kind else []),
            limit,
            offset,
        ]
        return sql, params

    def find(self, query, *, kind=None, offset=0, limit=20):
        sql, params = self.search_sql(query, kind=kind, offset=offset, limit=limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counts = rows[0][0] if rows else {}
        if isinstance(counts, str):  # a driver that leaves json as text
            counts = json.loads(counts)
        hits = []
        for _counts, rank, similarity, term, score, *values in rows:
            if values[0] is None:
                continue  # past the last result: the row only carries the counts
            entry = SearchEntry.from_db(connection.alias, ENTRY_COLUMNS, values)
            hits.append(Hit(entry=entry, score=score, term=term or "", similarity=similarity, rank=rank))
        return Found(hits=hits, counts=counts)

    def suggest(self, query, *, limit=8):
        """Names that start like the query or look like it: for the search box, as the reader types."""
        fuzzy = query.fuzzy
        alike = Q(term__startswith=fuzzy) | Q(term__trigram_similar=fuzzy)
        if len(fuzzy) >= 3:
            alike |= Q(term__contains=fuzzy)  # "soas" in "psoas release"; the trigram index serves it
        terms = (
            SearchTerm.objects.filter(alike)
            .filter(entry__in=visible_entries())
            .annotate(similarity=TrigramSimilarity("term", fuzzy))
            .select_related("entry")
            .defer("entry__vector", "entry__body", "entry__keywords")
            .order_by("-similarity", "term")[: limit * 3]
        )
        return _one_hit_per_entry(
            sorted(
                (
                    Hit(entry=t.entry, term=t.term, similarity=t.similarity, score=_prefix_boost(fuzzy, t))
                    for t in terms
                ),
                key=lambda hit: -hit.score,
            ),
            limit,
        )

    def did_you_mean(self, query):
        """The library name closest to a query that found nothing, if any is close enough."""
        return (
            SearchTerm.objects.filter(entry__kind__in=LIBRARY_KINDS)
            .annotate(similarity=TrigramSimilarity("term", query.fuzzy))
            .filter(similarity__gte=SUGGESTION_SIMILARITY)
            .order_by("-similarity", "term")
            .values_list("term", flat=True)
            .first()
        )


class SqliteSearch:
    def _fts_scores(self, query):
        """{entry id: bm25 score} for entries containing every three-letter-or-longer word."""
        words = [word for word in WORD.findall(query.fuzzy) if len(word) >= 3]
        if not words:
            return {}
        match = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25({FTS_TABLE}, 10.0, 10.0, 4.0, 4.0, 1.0) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s",
                [match],
            )
            return dict(cursor.fetchall())

    def _name_scores(self, query, *, kinds=None):
        """{entry id: (similarity, name)} for the best-matching name of every entry."""
        terms = SearchTerm.objects.all()
        if kinds:
            terms = terms.filter(entry__kind__in=kinds)
        best = {}
        for entry_id, term in terms.values_list("entry_id", "term").iterator():
            similarity = name_similarity(query.fuzzy, term)
            if similarity > best.get(entry_id, (0.0, ""))[0]:
                best[entry_id] = (similarity, term)
        return best

    def _ranked(self, query):
        words = self._fts_scores(query)
        names = self._name_scores(query)
        found = set(words) | {pk for pk, (similarity, _) in names.items() if similarity >= NAME_MATCH_RATIO}
        top = max(words.values(), default=0) or 1
        hits = []
        for entry in visible_entries().filter(pk__in=found):
            similarity, term = names.get(entry.pk, (0.0, ""))
            if similarity < SUGGESTION_RATIO and query.fuzzy not in term:
                similarity, term = 0.0, ""  # not alike enough to count, nor to be marked as the match
            rank = 0.5 * words.get(entry.pk, 0) / top
            hits.append(Hit(entry=entry, score=similarity + rank, term=term, similarity=similarity, rank=rank))
        hits.sort(key=lambda hit: (-hit.score, hit.entry.title, hit.entry.pk))
        return hits

    def find(self, query, *, kind=None, offset=0, limit=20):
        hits = self._ranked(query)
        counts = {}
        for hit in hits:
            counts[hit.entry.kind] = counts.get(hit.entry.kind, 0) + 1
        if kind:
            hits = [hit for hit in hits if hit.entry.kind == kind]
        return Found(hits=hits[offset : offset + limit], counts=counts)

    def suggest(self, query, *, limit=8):
        fuzzy = query.fuzzy
        names = self._name_scores(query)
        close = {pk for pk, (similarity, term) in names.items() if similarity >= NAME_MATCH_RATIO or fuzzy in term}
        hits = []
        for entry in visible_entries().filter(pk__in=close):
            similarity, term = names[entry.pk]
            hit = Hit(entry=entry, term=term, similarity=similarity)
            hit.score = similarity + (1 if term.startswith(fuzzy) else 0) + (0.5 if fuzzy in term else 0)
            hits.append(hit)
        hits.sort(key=lambda hit: (-hit.score, hit.entry.title))
        return hits[:limit]

    def did_you_mean(self, query):
        best = max(self._name_scores(query, kinds=LIBRARY_KINDS).values(), default=(0.0, ""))
        return best[1] if best[0] >= SUGGESTION_RATIO else None


def _prefix_boost(fuzzy, term):
    return term.similarity + (1 if term.term.startswith(fuzzy) else 0) + (0.5 if fuzzy in term.term else 0)


def _one_hit_per_entry(hits, limit):
    seen, kept = set(), []
    for hit in hits:
        if hit.entry.pk not in seen:
            seen.add(hit.entry.pk)
            kept.append(hit)
    return kept[:limit]


def search_backend():
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()
