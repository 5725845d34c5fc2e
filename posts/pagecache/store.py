"""Where cached pages live: one entry per URL, valid while its generation is the current one.

Any content change replaces the generation with a new random value (``generation_bump``), so
every page stored before it stops matching at once; a lost generation key (eviction, restart)
has the same effect. A page and the generation are read in one round trip (``get_many``).
"""

import gzip
import hashlib
import secrets
import time

import brotli
from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "pagecache:generation"


def page_store():
    return caches[settings.PAGE_CACHE_ALIAS]


def page_key(host, path, query):
    digest = hashlib.blake2b(f"{host}\n{path}\n{query}".encode(), digest_size=16).hexdigest()
    return f"pagecache:page:{digest}"


def generation_bump():
    page_store().set(GENERATION_KEY, secrets.token_hex(8), None)


def generation_current():
    store = page_store()
    generation = store.get(GENERATION_KEY)
    if generation is None:
        store.add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = store.get(GENERATION_KEY)
    return generation


def page_save(key, *, generation, status, headers, body, lifetime):
    """Store a page as-is, gzipped and brotli-compressed: compressed once here, never per request.

    Each encoding is its own entry (``<key>:<encoding>``), so a hit reads only the bytes it sends.
    Returns the entries by encoding.
    """
    common = {
        "generation": generation,
        "expires": time.time() + lifetime,
        "status": status,
        "headers": headers,
        "etag": '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"',
    }
    bodies = {
        "identity": body,
        "gzip": gzip.compress(body, compresslevel=6),
        "br": brotli.compress(body, quality=5),
    }
    entries = {encoding: {**common, "body": data} for encoding, data in bodies.items()}
    page_store().set_many({f"{key}:{encoding}": entry for encoding, entry in entries.items()}, lifetime)
    return entries
