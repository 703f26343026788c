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
