from posts.media.models import Image, Video

from .anatomy import AnatomyTopic
from .author import AuthorProfile
from .condition import Condition
from .exercise import Equipment, Exercise, ExerciseTarget, Goal, PostExercise
from .page import Page
from .post import Category, Post
from .review import Reference, ReviewedContent

__all__ = [
    "AnatomyTopic",
    "AuthorProfile",
    "Category",
    "Condition",
    "Equipment",
    "Exercise",
    "ExerciseTarget",
    "Goal",
    "Image",
    "Page",
    "Post",
    "PostExercise",
    "Reference",
    "ReviewedContent",
    "Video",
]
