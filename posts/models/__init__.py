from .author import AuthorProfile
from .page import Page
from .post import Category, Post
from .review import Reference, ReviewedContent

__all__ = ["AuthorProfile", "Category", "Page", "Post", "Reference", "ReviewedContent"]
