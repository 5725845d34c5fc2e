"""What the steps of one import share: the report, the run's state, and WordPress's ways with text, dates and paths."""

import datetime
import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_tags
from django.utils.text import slugify

from . import parser
from .models import ImportedItem

OUTCOMES = ("created", "updated", "unchanged", "skipped")
KINDS = ("authors", "categories", "tags", "attachments", "posts", "pages", "comments", "redirects")


class ImportRefused(Exception):
    """The import cannot start or had to stop; nothing was written."""


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    warnings: list = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)  # what was converted or dropped → how many
    missing_files: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def warn(self, message):
        self.warnings.append(message)

    def rows(self):
        return [(kind, *(self.counts[kind][o] for o in OUTCOMES)) for kind in KINDS if kind in self.counts]


@dataclass
class ImportRun:
    """What the steps share while one import runs."""

    report: Report
    media_dir: Path | None = None
    author_map: dict = field(default_factory=dict)
    dry_run: bool = False
    progress: object = None
    site: parser.Site | None = None
    users_by_login: dict = field(default_factory=dict)
    users_by_wp_id: dict = field(default_factory=dict)
    default_author: object = None
    categories: dict = field(default_factory=dict)  # slug → Category
    tags: dict = field(default_factory=dict)  # slug → Tag
    images: dict = field(default_factory=dict)  # upload key → (url, pk, alt)
    images_by_wp_id: dict = field(default_factory=dict)  # attachment id → Image
    stored_files: list = field(default_factory=list)  # (content hash, names) written by this run
    records: dict = field(default_factory=dict)  # (kind, wp_id) → ImportedItem
    redirected: set = field(default_factory=set)  # old paths handled in this run

    def record_of(self, kind, wp_id):
        return self.records.get((kind, wp_id))

    def remember(self, kind, wp_id, obj, old_path=""):
        """Note which row a WordPress object became (written only when something changed)."""
        record = self.records.get((kind, wp_id))
        old_path = (old_path or "")[:300]
        if record is None:
            record = ImportedItem.objects.create(kind=kind, wp_id=wp_id, object_id=obj.pk, old_path=old_path)
            self.records[(kind, wp_id)] = record
        elif record.object_id != obj.pk or record.old_path != old_path:
            record.object_id, record.old_path = obj.pk, old_path
            record.save(update_fields=["object_id", "old_path"])
        return record

    def tick(self, step, done, total):
        if self.progress is not None:
            self.progress(step, done, total)


def aware(item_date_gmt, item_date):
    """WordPress's GMT date when it has one (drafts do not), else the local date in our time zone."""
    if item_date_gmt is not None:
        return item_date_gmt.replace(tzinfo=datetime.UTC)
    if item_date is not None:
        return timezone.make_aware(item_date)
    return None


def plain(text):
    """Text from a WordPress title, name or excerpt: tags removed, ``&#8217;`` and the like decoded."""
    return html.unescape(strip_tags(text or "")).strip()


def old_path_of(link):
    """The path part of an old permalink, or "" for plain ``?p=`` links (handled by the middleware)."""
    try:
        parts = urlsplit(link or "")
    except ValueError:
        return ""
    query = parse_qs(parts.query)
    if "p" in query or "page_id" in query or parts.path in ("", "/"):
        return ""
    path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
    return canonical_path(path)


def canonical_path(path):
    """A path as Django hands it to the redirect lookup: WordPress writes ``caf%c3%a9``,
    a request for /café/ arrives as ``caf%C3%A9``."""
    return escape_uri_path(unquote(path))


def wordpress_slug(slug):
    """WordPress keeps non-ASCII slugs percent-encoded; ours are plain ASCII slugs."""
    return slugify(unquote(slug or ""))
