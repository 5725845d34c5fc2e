"""WordPress post HTML into the editor's HTML."""

import pytest

from posts.sanitizer import clean_html
from posts.wordpress.content import convert, upload_key

IMAGES = {"2016/05/psoas.jpg": ("/media/images/ab/psoas/640w.jpg", 7, "The psoas")}


def test_classic_text_gets_paragraphs_and_line_breaks():
    html = convert("First line\nsecond line.\n\nA new paragraph.").html
    assert html == "<p>First line<br/>\nsecond line.</p>\n<p>A new paragraph.</p>"


def test_caption_shortcode_becomes_a_figure():
    html = convert('[caption id="a" width="300"]<img src="/x.jpg" alt="x"> The caption[/caption]').html
    assert '<figure><img alt="x" src="/x.jpg"/><figcaption>The caption</figcaption></figure>' in html


def test_old_caption_attribute_is_used_when_there_is_no_text():
    html = convert('[caption caption="Old style"]<img src="/x.jpg" alt="">[/caption]').html
    assert "<figcaption>Old style</figcaption>" in html


@pytest.mark.parametrize(
    "source",
    [
        "[embed]https://youtu.be/dQw4w9WgXcQ[/embed]",
        "[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ]",
        "Before\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nAfter",
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    ],
)
def test_youtube_embeds_become_the_click_to_load_video_block(source):
    cleaned = clean_html(convert(source).html)
    assert "<figure data-video=" in cleaned and "dQw4w9WgXcQ" in cleaned
    assert "<iframe" not in cleaned


def test_unknown_shortcodes_are_dropped_and_counted_but_brackets_in_text_stay():
    result = convert('<p>See [1] and [contact-form-7 id="3"] [gallery ids="1,2"]</p>')
    assert result.html == "<p>See [1] and  </p>"
    assert result.dropped == {"[contact-form-7] shortcode": 1, "[gallery] shortcode": 1}


def test_embed_of_another_site_becomes_a_link():
    source = '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://twitter.com/x/status/1\n</div></figure>'
    result = convert(source)
    assert result.html == '<p><a href="https://twitter.com/x/status/1">https://twitter.com/x/status/1</a></p>'


def test_uploaded_images_point_at_the_library_in_every_size():
    result = convert(
        '<p><a href="https://old.example/wp-content/uploads/2016/05/psoas.jpg">'
        '<img src="https://old.example/wp-content/uploads/2016/05/psoas-300x200.jpg" srcset="a 1w" '
        'class="wp-image-1" width="300" alt=""></a></p>',
        images=IMAGES,
    )
    assert result.html == (
        '<p><a href="/media/images/ab/psoas/640w.jpg"><img alt="The psoas" data-file="7" '
        'src="/media/images/ab/psoas/640w.jpg"/></a></p>'
    )
    assert result.upload_paths == [("/wp-content/uploads/2016/05/psoas-300x200.jpg", "/media/images/ab/psoas/640w.jpg")]


def test_upload_key_ignores_host_and_size():
    assert upload_key("http://a.example/wp-content/uploads/2016/05/psoas-1024x683.jpg") == "2016/05/psoas.jpg"
    assert upload_key("/wp-content/uploads/2016/05/psoas.jpg") == "2016/05/psoas.jpg"
    assert upload_key("https://cdn.example/other/psoas.jpg") is None
