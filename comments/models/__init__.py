from .avatar import ReaderAvatar
from .comment import Comment, CommentQuerySet, FlaggedComment, PendingComment, SpamComment
from .data_link import DataLink
from .like import LikeSummary, PostLike
from .moderation_tools import CannedReply, CommentEdit
from .ratecounter import RateCounter

__all__ = [
    "CannedReply",
    "Comment",
    "CommentEdit",
    "CommentQuerySet",
    "DataLink",
    "FlaggedComment",
    "LikeSummary",
    "PendingComment",
    "PostLike",
    "RateCounter",
    "ReaderAvatar",
    "SpamComment",
]
