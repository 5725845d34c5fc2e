"""Where other apps join the import (posts never import them; they listen here).

``comments_found`` is sent once per imported post or page with its WordPress comments:
``target`` (the Post or Page), ``comments`` (a list of ``parser.Comment``) and ``run`` (the
``ImportRun``: its report, authors and id records). ``comments`` brings them in.
"""

from django.dispatch import Signal

comments_found = Signal()
