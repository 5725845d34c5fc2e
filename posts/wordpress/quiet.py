"""An import is quiet: the apps that send mail ask ``is_importing()`` before they do.

A context variable rather than disconnected signals, so a reader commenting on the live site
while the import runs (another thread or process) is notified as usual.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_importing = ContextVar("wordpress_importing", default=False)


@contextmanager
def importing():
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def is_importing():
    return _importing.get()
