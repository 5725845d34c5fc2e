from .avatar import ReaderAvatar
from .comment import Comment, CommentQuerySet, FlaggedComment, PendingComment, SpamComment
from .outbox import OutboxMessage

__all__ = [
    "Comment",
    "CommentQuerySet",
    "FlaggedComment",
    "OutboxMessage",
    "PendingComment",
    "ReaderAvatar",
    "SpamComment",
]
