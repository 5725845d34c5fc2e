"""Hypothesis types anything into the search box: never a 500, always a page that says what happened."""

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.search.text import parse_query

# Any Unicode a browser can send (no lone surrogates), with the nasty cases mixed in on purpose.
anything = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=260)
hostile = st.sampled_from(
    [
        "",
        "\x00",
        "psoas\x00hip",
        "' OR 1=1 --",
        "'; DROP TABLE search_searchentry; --",
        "psoas:* & !(hip | knee) <-> ''",
        '"unterminated',
        "AND OR NOT NEAR(",
        "%",
        "_%\\",
        "😀🦴💪🏽",
        "𝔭𝔰𝔬𝔞𝔰",  # mathematical letters: NFKC makes them "psoas"
        "\u202esaosp",
        "<script>alert(1)</script>",
        '"&amp;',
        "&lt;mark&gt;",
        "<mark>soas</mark>",
        "🦴soas🦴",
        "soas" * 49,
        "illiopsoas",
        "x" * 201,
        "ψόας",
        "  so - as  ",
        "-",
        "a",
    ]
)
query = st.one_of(anything, hostile, st.builds(lambda a, b: a + b, hostile, anything))
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(text=query, page=st.one_of(st.none(), st.sampled_from(["1", "2", "0", "x", "-3", "99999999999999999999"])))
def test_the_search_page_never_fails(demo, client, text, page):
    params = {"q": text} if page is None else {"q": text, "page": page}
    response = client.get("/search/", params)
    assert response.status_code in (200, 400, 404)
    if response.status_code != 404:
        main = BeautifulSoup(response.content, "html.parser").select_one("main")
        message = main.select_one(".search-summary, .search-problem, .search-hint")
        assert message is not None and message.get_text(strip=True)
        # Marks (near matches too) hold plain text only, and the reader's text never becomes markup.
        assert all(mark.find(True) is None for mark in main.select("mark"))
        assert not main.select("script, img, b")


@FUZZ
@given(text=query)
def test_suggestions_never_fail(demo, client, text):
    response = client.get("/search/suggest/", {"q": text})
    assert response.status_code in (200, 400)
    assert isinstance(response.json(), dict)


@given(text=query)
def test_parsing_never_raises_and_keeps_nul_and_control_characters_out(text):
    parsed = parse_query(text)
    assert "\x00" not in parsed.text and "\x00" not in parsed.fuzzy
    assert len(parsed.text) <= 200
    assert parsed.problem in ("", "empty", "too_long", "no_words")
    assert parsed.searchable == bool(parsed.words) and parsed.searchable != bool(parsed.problem)
