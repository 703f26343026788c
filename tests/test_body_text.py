"""A posting's body as a reader sees it: template code out, HTML made text,
in what is shown, searched and indexed alike."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import write

from tui.bodies import BodyIndex, fts_phrase, index_path
from tui.body_text import without_templates
from tui.cli import main
from tui.library import load_board
from tui.posting import MAX_TEXT_CHARS, body_of, parse_posting, shown_text

MB = 1 << 20


def posting(body: str, title: str = "Org: Role") -> bytes:
    return f'---\ntitle: "{title}"\ntags: [data]\n---\n{body}\n'.encode()


def shown(body: str, name: str = "a.md") -> str:
    return parse_posting(posting(body), name).body


def listed(root: Path, query: str, capsys) -> set[str]:
    capsys.readouterr()
    assert main(["list", str(root), "--query", query, "--json"]) == 0
    return {row["id"] for row in json.loads(capsys.readouterr().out)}


# --------------------------------------------------------------------------
# Liquid and Hugo

LIQUID = """\
Intro paragraph.
{% comment %}
Internal: the hiring manager is Zanzibar. Salary band is secret.
{% endcomment %}
{% include apply-button.html url="https://example.org/apply" %}
Dear {{ page.candidate | default: "applicant" }}, we are hiring.
{%- comment -%}one-line note about quokkas{%- endcomment -%}
{% raw %}Templates use {{ name }} and {% tag %} here.{% endraw %}
{% if page.remote %}Remote is possible.{% endif %}
"""


def test_liquid_tags_outputs_and_comments_are_not_shown():
    body = shown(LIQUID)
    assert "Intro paragraph." in body and "we are hiring." in body and "Remote is possible." in body
    assert "Zanzibar" not in body and "quokkas" not in body  # a comment goes with what it holds
    assert "{%" not in body.replace("{% tag %}", "") and "page.candidate" not in body
    assert "include" not in body and "apply-button" not in body and "endcomment" not in body
    assert "Templates use {{ name }} and {% tag %} here." in body  # raw: as written
    assert "endraw" not in body


def test_a_word_only_in_a_comment_is_not_found(tmp_path: Path, capsys):
    root = tmp_path / "board"
    write(root, "liquid.md", posting(LIQUID))
    write(root, "plain.md", posting("Zanzibar office, data team. page.candidate"))
    board = load_board(root, cache_dir=None)
    index = BodyIndex(index_path(tmp_path / "cache", board.root), board.root)
    index.update([p.id for p in board.postings], board.read_bodies)
    assert set(index.search(fts_phrase("zanzibar"))) == {"plain.md"}
    assert set(index.search(fts_phrase("quokkas"))) == set()
    assert set(index.search(fts_phrase("candidate"))) == {"plain.md"}  # an output's words neither
    assert set(index.search(fts_phrase("hiring"))) == {"liquid.md"}
    index.close()
    assert listed(root, "zanzibar", capsys) == {"plain.md"}
    assert listed(root, "quokkas", capsys) == set()
    assert body_of(posting(LIQUID), "liquid.md") == shown(LIQUID, "liquid.md")  # indexed as shown


def test_liquid_that_is_not_closed_stays_text():
    assert without_templates("Costs {% of 5 and {{ of 3") == "Costs {% of 5 and {{ of 3"
    # an unclosed comment: only its tag goes, the rest is shown
    assert without_templates("a {% comment %} b c") == "a  b c"
    assert without_templates("a {% raw %} {{ b }}") == "a  "
    # an opener far from any closer is prose, not a tag
    far = "x {{ " + "word " * 1000 + "}} y"
    assert without_templates(far) == far


HUGO = """\
Intro.
{{< figure src="/img/team.png" title="The team" >}}
{{< apply-button url="https://example.org/apply" >}}Apply on our site{{< /apply-button >}}
{{% notice info %}}Benefits **start** on day one.{{% /notice %}}
{{< youtube w7Ft2ymGmfc />}}
To embed, write {{</* youtube id */>}} in the page.
"""


def test_hugo_shortcodes_go_and_paired_ones_keep_their_text():
    body = shown(HUGO)
    assert "figure" not in body and "team.png" not in body and "youtube w7" not in body
    assert "Apply on our site" in body and "apply-button" not in body
    assert "Benefits **start** on day one." in body and "notice" not in body
    assert "To embed, write {{< youtube id >}} in the page." in body  # an escaped one shown as written


def test_a_body_without_templates_is_the_same_object():
    text = "A plain body with {braces} and 50% {of} it.\n" * 100
    assert without_templates(text) is text
    body, cut = shown_text(text)
    assert body == text and not cut


#: Bodies of a megabyte made of template openers and unclosed blocks.
TEMPLATE_BOMBS = {
    "{%": "{%" * (MB // 2),
    "{{": "{{" * (MB // 2),
    "{{<": "{{<" * (MB // 3),
    "{{%": "{{%" * (MB // 3),
    "{{</*": "{{</*" * (MB // 5),
    "{% comment %}": "{% comment %}" * (MB // 13),
    "{% raw %}": "{% raw %}" * (MB // 9),
    "{% x": "{% x" * (MB // 4) + "%}",
    "{{ }}": "{{ a }}" * (MB // 7),
    "{%}": "{%}" * (MB // 3),
    "{% comment %} then text": "{% comment %}" + "{{ x " * (MB // 5),
}


@pytest.mark.parametrize("name", TEMPLATE_BOMBS)
def test_template_code_in_a_megabyte_is_linear(name: str):
    """A generous bound (ten times what the pass takes on a loaded machine):
    a pass that goes back to the start at each opener takes minutes."""
    text = TEMPLATE_BOMBS[name]
    start = time.perf_counter()
    without_templates(text)
    parsed = parse_posting(posting(text), "bomb.md")
    assert time.perf_counter() - start < 10.0
    assert len(parsed.body) <= MAX_TEXT_CHARS


def test_an_index_of_the_texts_as_written_is_made_again(tmp_path: Path, monkeypatch):
    """An index made before bodies were read as a reader sees them holds the
    words of comments and tags: it is not searched, it is made again."""
    import sqlite3

    import tui.posting

    root = tmp_path / "board"
    write(root, "liquid.md", posting(LIQUID))
    board = load_board(root, cache_dir=None)
    path = index_path(tmp_path / "cache", board.root)
    with monkeypatch.context() as patch:
        patch.setattr(tui.posting, "reader_text", lambda text, name="": text)
        index = BodyIndex(path, board.root)
        index.update(["liquid.md"], board.read_bodies)
        assert set(index.search(fts_phrase("zanzibar"))) == {"liquid.md"}
        index.close()
    with sqlite3.connect(path) as db:  # as the version before wrote it
        db.execute("UPDATE meta SET value = '3' WHERE key = 'version'")
    db.close()
    index = BodyIndex(path, board.root)
    index.update(["liquid.md"], board.read_bodies)
    assert set(index.search(fts_phrase("zanzibar"))) == set()
    index.close()


# --------------------------------------------------------------------------
# HTML

HTML = """\
<!DOCTYPE html>
<html><head><title>Page title</title>
<style>p { color: quokka }</style><script>var secret = "zanzibar";</script></head>
<body>
<h1>Data Analyst</h1>
<p>We&rsquo;re hiring &amp; growing &#8212; at the caf&eacute;.
See the <a href="https://example.org/pay">salary table</a>.</p>
<h2>What you will do</h2>
<ul><li>Write SQL</li><li>Build dashboards<ul><li>in Tableau</li></ul></li></ul>
<ol><li>Send a letter</li><li>Interview</li></ol>
<!-- internal: wombat -->
<p><a href="https://example.org/jobs/42/apply">Apply now</a> or write to
<a href="mailto:jobs@example.org">jobs@example.org</a>.</p>
</body></html>
"""


def test_an_html_body_is_shown_as_text_with_headings_lists_and_links():
    for name in ("post.html", "post.htm", "post.md"):  # by its name, or by what it starts with
        parsed = parse_posting(posting(HTML), name)
        body = parsed.body
        assert "<" not in body and "&amp;" not in body and "&rsquo;" not in body
        assert "# Data Analyst\n" in body and "## What you will do\n" in body
        assert "We’re hiring & growing — at the café." in body  # entities decoded
        assert "* Write SQL" in body and "+ in Tableau" in body and "1. Send a letter" in body
        assert "[salary table](https://example.org/pay)" in body
        assert "Page title" not in body and "quokka" not in body and "zanzibar" not in body and "wombat" not in body
        urls = [link.url for link in parsed.links]
        assert urls[0] == "https://example.org/jobs/42/apply"  # the application link first, as in Markdown
        assert set(urls) == {"https://example.org/jobs/42/apply", "https://example.org/pay", "mailto:jobs@example.org"}


def test_what_is_searched_in_an_html_body_is_what_is_shown(tmp_path: Path, capsys):
    root = tmp_path / "board"
    write(root, "html.md", posting(HTML))
    write(root, "plain.md", posting("Zanzibar office; a quokka; the wombat."))
    board = load_board(root, cache_dir=None)
    index = BodyIndex(index_path(tmp_path / "cache", board.root), board.root)
    index.update([p.id for p in board.postings], board.read_bodies)
    for hidden in ("zanzibar", "quokka", "wombat", "doctype", "href"):  # a script, a style, a comment, markup
        assert set(index.search(fts_phrase(hidden))) <= {"plain.md"}, hidden
    assert set(index.search(fts_phrase("cafe"))) == {"html.md"}  # &eacute; decoded, accents folded
    assert set(index.search(fts_phrase("tableau"))) == {"html.md"}
    index.close()
    assert listed(root, "zanzibar", capsys) == {"plain.md"}
    assert body_of(posting(HTML), "html.md") == parse_posting(posting(HTML), "html.md").body


def test_a_markdown_body_with_some_html_stays_markdown():
    breaks = "Several roles:\n\n<br>[Analyst](https://x.org/a)\n<br>[Engineer](https://x.org/e)\n\nMore text.\n"
    banner = '<div align="center"><img src="logo.png"></div>\n\n# Role\n\nSome **text**.\n\n- a list\n'
    table = "# Role\n\nText.\n\n<table><tr><td>Level</td><td>Pay</td></tr></table>\n\nMore.\n\nAnd more.\n"
    for body in (breaks, banner, table, "Use </p> to close a paragraph.", "a < b and c > d"):
        assert shown(body).strip() == body.strip()


def test_a_plain_body_is_never_given_to_the_converter(monkeypatch):
    import tui.body_text

    def refuse(text: str) -> str:
        raise AssertionError("converted")

    monkeypatch.setattr(tui.body_text, "html_to_text", refuse)
    for body in ("# Role\n\nText with [a link](https://x.org).\n", "a <b>bold</b> word", LIQUID, HUGO):
        parse_posting(posting(body), "a.md")


def test_control_characters_in_html_never_reach_the_terminal():
    html = (
        "<p>a &#27;[2J b \x1b]52;c;Zm9v\x07 c &#x9b;31m d &#0; e &#x85; f &#7; g</p>"
        "<p><a href='https://x.org/\x1b[31m'>li&#27;nk</a></p>"
    )
    body = parse_posting(posting(html), "a.html").body
    assert not [c for c in body if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F], repr(body)
    assert "a [2J b" in body and "g" in body


def test_nothing_outside_the_body_is_read(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETWORD")
    html = (
        f'<!DOCTYPE html SYSTEM "{secret.as_uri()}" [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        f'<html><body><p>before &leak; after</p><iframe src="{secret.as_uri()}"></iframe>'
        f'<img src="{secret.as_uri()}" alt="pic"><object data="{secret.as_uri()}"></object></body></html>'
    )
    body = parse_posting(posting(html), "a.html").body
    assert "SECRETWORD" not in body and "before" in body and "after" in body


def test_html_the_parser_refuses_is_shown_as_it_is():
    for html in ("<?xml version='1.0' encoding='utf-8'?><p>declared</p>", "<html></html>", "<html>"):
        parse_posting(posting(html), "a.html")  # no exception
    assert "declared" in shown("<?xml version='1.0' encoding='utf-8'?><p>declared</p>", "a.html")


#: HTML bodies of a megabyte (cut to MAX_TEXT_CHARS before conversion) that
#: the standard library's HTML parser takes minutes over.
HTML_BOMBS = {
    "<a href=": "<p>x</p>" + "<a href=" * (MB // 8),
    "</": "<p>x</p>" + "</" * (MB // 2),
    "<!--": "<p>x</p><!--" * (MB // 12),
    "<!": "<p>x</p>" + "<!" * (MB // 2),
    "<?": "<p>x</p>" + "<?" * (MB // 2),
    "<![CDATA[": "<p>x</p>" + "<![CDATA[" * (MB // 9),
    "<": "<p>x</p>" + "<" * MB,
    "&": "<p>x</p>" + "&" * MB,
    "deep div": "<div>" * (MB // 5) + "x",
    "deep list": "<ul><li>" * (MB // 8) + "x",
    "deep table": "<table><tr><td>" * (MB // 15) + "x",
    "wide table": "<table><tr>" + "<td>x</td>" * (MB // 10) + "</tr></table>",
    "tall table": "<table>" + "<tr><td>a</td><td>b</td></tr>" * (MB // 28) + "</table>",
    "paragraphs": "<p>word</p>" * (MB // 11),
    "links": "<a href='https://x.org/'>x</a>" * (MB // 30),
    "headings": "<h1>a</h1>" * (MB // 10),
    "breaks": "<p>" + "<br>" * (MB // 4),
}


@pytest.mark.parametrize("name", HTML_BOMBS)
def test_an_html_body_made_to_be_slow_is_read_in_time(name: str):
    """A generous bound (ten times what reading it takes on a loaded machine)."""
    start = time.perf_counter()
    parsed = parse_posting(posting(HTML_BOMBS[name]), "bomb.html")
    assert time.perf_counter() - start < 10.0
    assert len(parsed.body) <= MAX_TEXT_CHARS and parsed.cut
