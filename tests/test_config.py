"""Config that answers back: each mistake said at start (file, line, what to
write instead), the rest of the config applied."""

from __future__ import annotations

import os
from pathlib import Path

from test_app import key_bar_text, make_app, ready

from tui.config import key_problem, load_config


def config_file(text: str) -> Path:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "jobboard"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_key_names():
    assert key_problem("c") is None and key_problem("ctrl+d") is None and key_problem("f5,pagedown") is None
    assert key_problem("question_mark") is None and key_problem("shift+tab") is None
    assert "not a key" in (key_problem("ctrl+shift+banana") or "")
    assert "not a key" in (key_problem("hyper+ctrl+ctrl+x") or "")
    assert "not a key" in (key_problem("cntrl+x") or "")


def test_a_line_toml_cannot_read_is_left_out_and_the_rest_applies():
    path = config_file('[keys]\n"copy-link" = "c"\n"favorite" = = "x"\n\n[ui]\ncursor-blink = false\n')
    config = load_config(path)
    assert config.keys == {"copy-link": "c"} and config.cursor_blink is False
    assert len(config.problems) == 1 and f"{path}, line 3: not valid TOML" in config.problems[0]


async def test_every_key_mistake_is_said_at_start_and_the_rest_applies(board: Path):
    path = config_file(
        "[keys]\n"
        '"copy-link" = "c"\n'
        '"copy-lnk" = "x"\n'  # no such id
        '"open-link" = "ctrl+shift+banana"\n'  # no such key
        '"sort" = "f"\n'  # f is the favorite's key too
    )
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        said = [t.message for t in app.said if t.title == "config.toml"]
        assert any(f"{path}, line 3" in m and "'copy-lnk'" in m and "did you mean 'copy-link'" in m for m in said)
        assert any(f"{path}, line 4" in m and "'ctrl+shift+banana' is not a key" in m for m in said)
        assert any(f"{path}, line 5" in m and "'f' is given to 'sort'" in m and "'favorite'" in m for m in said)
        assert len(said) == 3
        line = key_bar_text(app)
        assert " c Copy link " in line and "🍌" not in line and " o Open " in line  # the rest applied
        assert line.index("c Copy link") < line.index("o Open")  # a remapped key keeps its place
        assert all(any(m in p for p in app.main.session.problems) for m in said)  # listed under !


async def test_ctrl_c_given_to_a_binding_is_said_and_still_quits(board: Path):
    path = config_file('[keys]\n"copy-link" = "c"\n"favorite" = "f,ctrl+c"\n')
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        said = [t.message for t in app.said if t.title == "config.toml"]
        assert len(said) == 1 and f"{path}, line 3" in said[0] and "'ctrl+c' is given to 'favorite'" in said[0]
        assert "Ctrl+C quits" in said[0] and said[0] in app.main.session.problems
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running and not app.main.session.favorites


def test_a_large_config_with_many_bad_lines_is_read_in_one_pass(monkeypatch):
    """3 MB of aliases with 25 lines TOML cannot read: each is said, the
    rest applies, and the text is parsed about once (it was parsed again
    after each bad line: 20 times, 11 s, and then not used at all)."""
    import tomllib

    lines = ["[tags.aliases]"]
    bad = []
    for n in range(100_000):
        if n % 4000 == 1999:
            bad.append(len(lines) + 1)
            lines.append(f'"broken{n}" = = "x"')
        lines.append(f'"spelling{n:06}" = "tag{n:06}"')
    lines += ["", "[keys]", '"copy-link" = "c"', "oops", "[ui]", "cursor-blink = false"]
    bad.append(len(lines) - 2)
    path = config_file("\n".join(lines) + "\n")
    parsed = []
    loads = tomllib.loads

    def counted(text, **kw):  # what the parser read: up to the line it stopped at
        try:
            result = loads(text, **kw)
        except tomllib.TOMLDecodeError as exc:
            line = int(str(exc).rsplit("line ", 1)[1].split(",")[0])
            parsed.append(sum(map(len, text.split("\n")[:line])))
            raise
        parsed.append(len(text))
        return result

    monkeypatch.setattr(tomllib, "loads", counted)  # (imported by the config reader when it reads)
    config = load_config(path)
    assert len(path.read_text()) > 3_000_000 and len(bad) == 26
    assert sum(parsed) <= 2 * len(path.read_text())
    assert [p.split(":")[0] for p in config.problems] == [f"{path}, line {n}" for n in bad]
    assert all("not valid TOML" in p and "that line is left out" in p for p in config.problems)
    assert config.aliases["spelling099999"] == "tag099999" and config.aliases["spelling000000"] == "tag000000"
    assert len([a for a in config.aliases if a.startswith("spelling")]) == 100_000
    assert config.keys == {"copy-link": "c"} and config.cursor_blink is False
