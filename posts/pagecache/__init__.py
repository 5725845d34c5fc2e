"""The full-page cache for anonymous readers (see the README's "Performance and caching")."""
