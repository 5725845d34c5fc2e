"""The allowlist on every save: what the editor makes survives; what Word, Google Docs or an
attacker sends is cleaned, whichever way it arrives (editor, HTML view, import, shell)."""

import pytest
from bs4 import BeautifulSoup

from posts.sanitizer import clean_html
from tests.factories import PageFactory, PostFactory

WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>
p.MsoNormal {margin:0cm; font-family:"Calibri"}</style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>
<o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]--></head><body lang=EN-GB>
<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><b><span style='font-size:14.0pt;
mso-bidi-font-family:Calibri'>Hip flexor stretch</span></b><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>
<span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;</span></span><![endif]>
Kneel on a soft mat<o:p></o:p></p>
<p class=MsoNormal><a href="https://example.org/study" onclick="track()">the study</a></p>
<img width=400 height=300 src="file:///C:/Users/maya/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png">
</body></html>"""

GOOGLE_DOCS_PASTE = """<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-3f1a2b3c-7fff-1234">
<h2 dir="ltr" style="line-height:1.38;margin-top:18pt"><span style="font-size:16pt;font-family:Arial">Why it hurts
</span></h2><p dir="ltr"><span style="font-weight:700;font-family:Arial">Psoas</span><span style="font-family:
Arial"> is </span><span style="font-style:italic">deep</span></p><ul><li dir="ltr"><p dir="ltr"><span>Sit less</span>
</p></li></ul><p><img src="https://lh7-rt.googleusercontent.com/docsz/AD_4nX.png" width="602" height="339"></p></b>"""


def test_word_markup_is_reduced_to_plain_structure():
    cleaned = clean_html(WORD_PASTE)
    soup = BeautifulSoup(cleaned, "html.parser")
    assert soup.find("b").get_text(strip=True) == "Hip flexor stretch"
    assert "Kneel on a soft mat" in cleaned
    for trace in ("Mso", "mso-", "<o:p", "<style", "OfficeDocumentSettings", "style=", "class=", "onclick", "file:"):
        assert trace not in cleaned, trace
    assert soup.find("a")["href"] == "https://example.org/study"
    assert soup.find("img") is None, "a picture from the clipboard's temp folder is not kept"


def test_google_docs_markup_keeps_headings_bold_italic_and_lists_and_drops_the_wrapper():
    cleaned = clean_html(GOOGLE_DOCS_PASTE)
    soup = BeautifulSoup(cleaned, "html.parser")
    assert soup.find("b") is None, "the whole-document bold wrapper is unwrapped"
    assert soup.find("h2").get_text(strip=True) == "Why it hurts"
    assert soup.find("strong").get_text() == "Psoas" and soup.find("em").get_text() == "deep"
    assert soup.select_one("ul li").get_text(strip=True) == "Sit less"
    assert "googleusercontent" not in cleaned, "readers' browsers never fetch images from another host"
    assert "docs-internal-guid" not in cleaned and "dir=" not in cleaned and "<span" not in cleaned


def test_what_the_editor_makes_survives_the_allowlist():
    body = (
        '<h2>Heading</h2><h3>Sub</h3><ul><li><p>One</p></li></ul><ol start="2"><li>Two</li></ol>'
        "<blockquote><p>Quote</p></blockquote><hr>"
        '<figure class="figure"><img src="/media/images/ab/x/960w.jpg" alt="A lunge" width="960" height="640"'
        ' data-file="12"><figcaption class="figure-caption">Caption</figcaption></figure>'
        '<figure data-video="https://youtu.be/dQw4w9WgXcQ"><figcaption>Video</figcaption></figure>'
        '<figure data-video="/media/videos/ab/c.mp4" data-video-file="3"><figcaption>Ours</figcaption></figure>'
        '<p><a href="https://example.org/">link</a> <strong>b</strong> <em>i</em> <s>s</s> H<sub>2</sub>O</p>'
    )
    cleaned = clean_html(body)
    soup = BeautifulSoup(cleaned, "html.parser")
    img = soup.select_one("figure.figure img")
    assert (img["data-file"], img["src"], img["width"]) == ("12", "/media/images/ab/x/960w.jpg", "960")
    assert soup.select_one("figcaption.figure-caption").get_text() == "Caption"
    assert [f.get("data-video") for f in soup.select("figure[data-video]")] == [
        "https://youtu.be/dQw4w9WgXcQ",
        "/media/videos/ab/c.mp4",
    ]
    assert soup.select_one("figure[data-video-file]")["data-video-file"] == "3"
    for tag in ("h2", "h3", "ul", "ol", "blockquote", "hr", "a", "strong", "em", "s", "sub"):
        assert soup.find(tag) is not None, tag


@pytest.mark.parametrize(
    "hostile,gone",
    [
        ("<script>alert(1)</script><p>ok</p>", "<script"),
        ('<img src="/media/x.jpg" data-file="1 onerror=alert(1)">', "onerror"),
        ('<img src="/media/x.jpg" data-file="javascript:alert(1)">', "javascript"),
        ('<img src="//evil.example/x.png" alt="x">', "evil.example"),
        ('<img src="/media/a.jpg" srcset="/media/a.jpg 1x, https://evil.example/b.jpg 2x">', "evil.example"),
        ('<iframe src="https://evil.example/"></iframe>', "iframe"),
        ('<figure class="figure evil" data-video="x" onmouseover="alert(1)"></figure>', "onmouseover"),
        ('<figure class="evil"><figcaption class="evil">x</figcaption></figure>', "evil"),
        ('<p style="position:fixed">x</p>', "style"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ("<svg><use href='#x'/></svg>", "<svg"),
    ],
)
def test_hostile_markup_is_removed(hostile, gone):
    assert gone not in clean_html(hostile)


def test_an_embedded_youtube_iframe_becomes_the_editor_s_video_block():
    cleaned = clean_html('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Stretch"></iframe>')
    assert (
        cleaned
        == '<figure data-video="https://www.youtube.com/embed/dQw4w9WgXcQ"><figcaption>Stretch</figcaption></figure>'
    )


@pytest.mark.django_db
def test_every_model_with_a_body_cleans_it_on_save():
    post = PostFactory(body=WORD_PASTE + "<script>x()</script>")
    page = PageFactory(body=GOOGLE_DOCS_PASTE + "<script>x()</script>")
    for html in (post.body, post.body_html, page.body):
        assert "<script" not in html and "Mso" not in html and "googleusercontent" not in html
