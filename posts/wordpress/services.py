"""The import, step by step: authors, terms, attachments, posts and pages (with their comments,
through ``signals.comments_found``), then the old addresses.

``wordpress_import`` reads the file twice, streaming both times: first the small parts
(authors, terms, attachments: their details are needed before any post), then posts and
pages one at a time. Everything is written in one transaction under ``quiet.importing()``;
image files stored by a run that rolls back (an error, or ``dry_run``) are deleted again.
"""

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction

from posts.media.models import Image

from . import parser
from .models import ImportedItem
from .quiet import importing
from .run import ImportRefused, ImportRun, Report
from .steps.attachments import import_attachments
from .steps.authors import import_authors, parse_author_map
from .steps.items import import_items
from .steps.redirects import term_redirects
from .steps.terms import import_terms

logger = logging.getLogger(__name__)


class _DryRunDone(Exception):
    pass


# --- Reading ---------------------------------------------------------------------------------


@dataclass
class Outline:
    """The first pass: everything but the posts and pages themselves."""

    site: parser.Site | None = None
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    items: Counter = field(default_factory=Counter)  # post type → count


def read_outline(path):
    outline = Outline()
    for part in parser.read_wxr(path):
        if isinstance(part, parser.Site):
            outline.site = part
        elif isinstance(part, parser.Author):
            outline.authors.append(part)
        elif isinstance(part, parser.Term):
            outline.terms.append(part)
        elif isinstance(part, parser.Item):
            outline.items[part.post_type] += 1
            if part.post_type == "attachment":
                part.content = ""
                part.comments = []
                outline.attachments.append(part)
    return outline


def wordpress_import(*, path, media_dir=None, author_map=None, dry_run=False, progress=None):
    """Import the WXR file at ``path``; returns the ``Report``. Raises ``WXRError`` or
    ``ImportRefused`` (nothing written) when the file or the options cannot be used."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ImportRefused(f"no such file: {path}")
    if media_dir is not None and not os.path.isdir(media_dir):
        raise ImportRefused(f"--media-dir is not a folder: {media_dir}")
    outline = read_outline(path)  # reads the whole file once: a broken one stops here
    report = Report(dry_run=dry_run)
    run = ImportRun(
        report=report,
        media_dir=Path(media_dir) if media_dir else None,
        author_map=parse_author_map(author_map),
        dry_run=dry_run,
        progress=progress,
        site=outline.site,
    )
    try:
        with importing(), transaction.atomic():
            run.records = {(r.kind, r.wp_id): r for r in ImportedItem.objects.all()}
            import_authors(run, outline.authors)
            import_terms(run, outline.terms)
            import_attachments(run, outline.attachments)
            import_items(run, path, outline.items)
            term_redirects(run)
            if dry_run:
                raise _DryRunDone
    except _DryRunDone:
        pass
    except BaseException:
        _delete_stored_files(run)
        raise
    else:
        return report
    _delete_stored_files(run)
    return report


def _delete_stored_files(run):
    """A rolled-back run leaves no files: those it stored that no library entry now uses go."""
    for content_hash, names in run.stored_files:
        if Image.objects.filter(content_hash=content_hash).exists():
            continue
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s after a rolled-back import", name)
