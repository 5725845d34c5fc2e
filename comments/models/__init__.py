from .avatar import ReaderAvatar
from .comment import Comment, CommentQuerySet, FlaggedComment, PendingComment, SpamComment
from .like import LikeSummary, PostLike
from .outbox import OutboxMessage

__all__ = [
    "Comment",
    "CommentQuerySet",
    "FlaggedComment",
    "LikeSummary",
    "OutboxMessage",
    "PendingComment",
    "PostLike",
    "ReaderAvatar",
    "SpamComment",
]
