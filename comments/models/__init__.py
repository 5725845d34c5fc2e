from .avatar import ReaderAvatar
from .comment import Comment, CommentQuerySet, FlaggedComment, PendingComment, SpamComment
from .data_link import DataLink
from .like import LikeSummary, PostLike
from .moderation_tools import CannedReply, CommentEdit
from .outbox import OutboxMessage

__all__ = [
    "CannedReply",
    "Comment",
    "CommentEdit",
    "CommentQuerySet",
    "DataLink",
    "FlaggedComment",
    "LikeSummary",
    "OutboxMessage",
    "PendingComment",
    "PostLike",
    "ReaderAvatar",
    "SpamComment",
]
