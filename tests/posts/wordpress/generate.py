"""A made-up WordPress export of any size, for the streaming test and ``bench/wordpress_import.py``."""

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Generated clinic blog</title><link>https://generated.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://generated.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[writer]]></wp:author_login>
<wp:author_email><![CDATA[writer@generated.example]]></wp:author_email>
<wp:author_display_name><![CDATA[The Writer]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[notes]]></wp:category_nicename>
<wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Notes]]></wp:cat_name></wp:category>
"""
PARAGRAPH = (
    "<!-- wp:paragraph --><p>Note {n}: the hip flexors shorten when we sit for hours, and a few minutes of "
    "standing and walking each hour does more than one long stretch at the end of the day.</p>"
    "<!-- /wp:paragraph -->\n"
)
COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {id}]]></wp:comment_author>
<wp:comment_author_email><![CDATA[reader{id}@generated.example]]></wp:comment_author_email>
<wp:comment_date_gmt><![CDATA[2020-03-0{day} 10:{minute:02d}:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[Thank you for note {post}; comment {id} here.]]></wp:comment_content>
<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
"""


def write_export(path, *, posts, comments_per_post=0, paragraphs=6):
    """Write ``posts`` published posts with ``comments_per_post`` comments each (some replies,
    one in ten pending) to ``path``; returns the file's size in bytes."""
    comment_id = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(1, posts + 1):
            body = "".join(PARAGRAPH.format(n=n) for _ in range(paragraphs))
            comments = []
            first = comment_id + 1
            for c in range(comments_per_post):
                comment_id += 1
                parent = first if c % 3 == 1 else (comment_id - 1 if c % 3 == 2 else 0)
                comments.append(
                    COMMENT.format(
                        id=comment_id,
                        post=n,
                        day=1 + c % 9,
                        minute=c % 60,
                        approved="0" if c % 10 == 9 else "1",
                        parent=parent,
                    )
                )
            out.write(
                f"<item><title><![CDATA[Note {n}]]></title>"
                f"<link>https://generated.example/2020/03/01/note-{n}/</link>"
                "<dc:creator><![CDATA[writer]]></dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                "<wp:post_date_gmt><![CDATA[2020-03-01 09:00:00]]></wp:post_date_gmt>"
                f"<wp:post_name><![CDATA[note-{n}]]></wp:post_name>"
                "<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>"
                '<category domain="category" nicename="notes"><![CDATA[Notes]]></category>'
                + "".join(comments)
                + "</item>\n"
            )
        out.write("</channel>\n</rss>\n")
    return path.stat().st_size if hasattr(path, "stat") else None
