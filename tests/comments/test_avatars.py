"""Commenters' pictures: initials on a calm colour when there is no picture of their own."""


def test_initials_on_a_calm_colour_stand_in_for_a_picture():
    from comments.avatars import AVATAR_TONES, avatar_html, avatar_tone, initials

    assert initials("Priya Shah") == "PS" and initials("hipreader") == "H" and initials("Jo van der Berg") == "JB"
    assert initials("") == "?" and initials("  ") == "?"
    html = avatar_html(name="<b>Tom</b> Baker", seed="tom@example.org")
    assert "<b>" not in html and "aria-hidden" in html and "tom@example.org" not in html
    assert 0 <= avatar_tone("tom@example.org") < AVATAR_TONES
    assert avatar_html(src="/media/avatars/1.png", name="Tom").startswith('<img class="comment__avatar"')
