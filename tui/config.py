"""The user's config file: tag aliases and key bindings.

``$XDG_CONFIG_HOME/jobboard/config.toml``::

    [tags.aliases]
    "data science" = "datascience"

    [keys]
    "copy-link" = "c"          # a binding id = the key(s) it should use

    [ui]
    cursor-blink = false       # the search box's cursor stays on

Nothing here imports Textual.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tui import store
from tui.posting import DEFAULT_TAG_ALIASES
from tui.text import clean_line, shown_as_is


@dataclass
class Config:
    aliases: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAG_ALIASES))
    keys: dict[str, str] = field(default_factory=dict)
    cursor_blink: bool = True
    problems: list[str] = field(default_factory=list)
    path: Path | None = None
    key_lines: dict[str, int] = field(default_factory=dict)  # binding id -> its line in the file

    def where(self, ident: str) -> str:
        """ "config.toml, line 4" of a [keys] entry, for a warning."""
        line = self.key_lines.get(ident)
        return f"{self.path}, line {line}" if line else f"{self.path}"


#: Key names a binding may use besides a character (modifiers before them: ctrl+, alt+, shift+...).
KEY_NAMES = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "space",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        *(f"f{n}" for n in range(1, 25)),
    }
)
MODIFIERS = ("ctrl", "alt", "shift", "super", "meta", "hyper")
KEY_HINT = "write a character (c, ?) or a key name (enter, space, f5, pagedown), ctrl+ alt+ or shift+ before it"


def key_problem(keys: str) -> str | None:
    """Why ``keys`` (a binding's keys, comma-separated) names no key a
    terminal sends; None if each is one."""
    import unicodedata

    for key in (k.strip() for k in keys.split(",")):
        *modifiers, base = key.split("+")
        if not base or any(m not in MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
            return f"{key!r} is not a key: {KEY_HINT}"
        if (len(base) == 1 and base.isprintable()) or base in KEY_NAMES:
            continue
        try:  # a character by its name: question_mark, less_than_sign
            char = unicodedata.lookup(base.replace("_", " ").upper())
        except KeyError:
            char = ""
        if not (char.isascii() and char.isprintable() and not char.isalnum()):
            return f"{key!r} is not a key: {KEY_HINT}"
    return None


def _lines_of(text: str, section: str) -> dict[str, int]:
    """name -> line number of each entry of ``[section]`` in a TOML text."""
    import re

    out: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.split("#", 1)[0].strip() == f"[{section}]"
            continue
        match = re.match(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""", line) if inside else None
        if match:
            out.setdefault(next(g for g in match.groups() if g is not None), number)
    return out


def _parse(path: Path, text: str, problems: list[str]) -> dict[str, object]:
    """The TOML in ``text``; a line it cannot read is said and left out, and
    the rest read (up to 20 such lines)."""
    import re

    lines = text.split("\n")
    for _ in range(20):
        try:
            return tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            if found is None or not 0 < int(found.group(1)) <= len(lines):
                break
            number = int(found.group(1))
            problems.append(f"{path}, line {number}: not valid TOML ({exc}); that line is left out")
            lines[number - 1] = ""
    problems.append(f"{path}: not valid TOML; using the defaults")
    return {}


def config_path() -> Path:
    return store.config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config, or the defaults with a one-line problem if it cannot be read."""
    path = path or config_path()
    config = Config(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as exc:
        config.problems.append(f"{path}: {exc}; using the defaults")
        return config
    data = _parse(path, text, config.problems)
    config.key_lines = _lines_of(text, "keys")
    tags: object = data.get("tags", {})
    aliases = tags.get("aliases", {}) if isinstance(tags, dict) else {}
    if isinstance(aliases, dict):
        for spelling, tag in aliases.items():
            # Tags are cleaned as a posting's are: an alias can only name one.
            if isinstance(tag, str) and clean_line(tag):
                config.aliases[clean_line(spelling).lower()] = clean_line(tag).lower()
    keys = data.get("keys", {})
    if isinstance(keys, dict):
        for ident, key in keys.items():
            if not (isinstance(key, str) and key.strip()):
                continue
            if not (shown_as_is(ident) and shown_as_is(key)):
                config.problems.append(f"{path}: [keys] {ident!r} holds control characters; ignored")
                continue
            why = key_problem(key)
            if why is not None:
                config.problems.append(f"{config.where(ident)}: [keys] {ident!r}: {why}; left as it was")
                continue
            config.keys[ident] = key
    ui = data.get("ui", {})
    blink = ui.get("cursor-blink", True) if isinstance(ui, dict) else True
    if isinstance(blink, bool):
        config.cursor_blink = blink
    else:
        config.problems.append(f"{path}: [ui] cursor-blink must be true or false; ignored")
    return config
