"""The window's HTML escaping is html.escape's, without importing html."""

import html

from hypothesis import given
from hypothesis import strategies as st

from jwtinspector.widgets.theme import escape


@given(st.text())
def test_escape_is_html_escape(text: str) -> None:
    assert escape(text) == html.escape(text)


def test_escape_quotes_and_markup() -> None:
    assert escape("""<b a="1">'&'</b>""") == (
        "&lt;b a=&quot;1&quot;&gt;&#x27;&amp;&#x27;&lt;/b&gt;"
    )
