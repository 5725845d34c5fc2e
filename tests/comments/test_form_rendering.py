"""The comment form's inputs, written by Python, are the markup Django's widget templates make."""

import pytest
from django.forms.renderers import TemplatesSetting

from comments.forms import CommentForm

pytestmark = pytest.mark.django_db

AWKWARD = 'Zoë "the <b>" & co\''


@pytest.mark.parametrize("bound", [False, True])
def test_every_field_renders_as_the_widget_templates_do(post, bound):
    data = None
    if bound:
        data = {"name": AWKWARD, "email": "a&b@example.org", "url": "http://x.test/?a=1&b=2", "comment": AWKWARD}
        data.update(followup="on", honeypot="", reply_to="0")
    fast = CommentForm(post, data=data)
    slow = CommentForm(post, data=data, renderer=TemplatesSetting())
    assert isinstance(fast.renderer, type(fast).default_renderer)
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
    if bound:
        assert "&quot;the &lt;b&gt;&quot; &amp; co&#x27;" in str(fast["comment"])
