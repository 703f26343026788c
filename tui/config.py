"""The user's config file: tag aliases and key bindings.

``$XDG_CONFIG_HOME/jobboard/config.toml``::

    [tags.aliases]
    "data science" = "datascience"

    [keys]
    "copy-link" = "c"          # a binding id = the key(s) it should use

    [ui]
    cursor-blink = false       # the search box's cursor stays on

    [fields]
    role = ["roles"]           # more front-matter names that give a field

Nothing here imports Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import store
from tui.posting import DEFAULT_TAG_ALIASES
from tui.text import clean_line, shown_as_is


@dataclass
class Config:
    aliases: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAG_ALIASES))
    keys: dict[str, str] = field(default_factory=dict)
    cursor_blink: bool = True
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # [fields]: field -> more names
    problems: list[str] = field(default_factory=list)
    path: Path | None = None
    key_lines: dict[str, int] = field(default_factory=dict)  # binding id -> its line in the file
    field_lines: dict[str, int] = field(default_factory=dict)  # [fields] name -> its line in the file

    def where(self, ident: str, lines: dict[str, int] | None = None) -> str:
        """ "config.toml, line 4" of a [keys] entry, for a warning."""
        line = (self.key_lines if lines is None else lines).get(ident)
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


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"\s*\[")


def _parse(path: Path, text: str, problems: list[str]) -> dict[str, Any]:
    """The TOML in ``text``; a line it cannot read is said and left out, and
    the rest read. One pass, however many such lines: after one, reading
    goes on from the next line, under the table it was in."""
    data: dict[str, Any] = {}
    _read(path, text.split("\n"), 0, None, "", data, problems)
    return data


def _read(
    path: Path, lines: list[str], start: int, end: int | None, table: str, data: dict[str, Any], problems: list[str]
) -> None:
    """Read ``lines[start:end]``, under the table header ``table``, into ``data``."""
    import tomllib  # (only when there is a config file to read)

    end = len(lines) if end is None else end
    while start < end:
        head = [table] if table else []
        try:
            _merge(data, tomllib.loads("\n".join(head + lines[start:end])))
            return
        except tomllib.TOMLDecodeError as exc:
            at = _AT.search(str(exc))
            why = _AT.sub("", str(exc))
            number = int(at.group(1)) - len(head) if at is not None else 0
            if not 0 < number <= end - start:  # at the end of the text: an unclosed string or array
                problems.append(f"{path}, line {start + 1} on: not valid TOML ({why}); left out")
                return
            bad = start + number - 1
            problems.append(f"{path}, line {bad + 1}: not valid TOML ({why}); that line is left out")
            if bad > start:
                _read(path, lines, start, bad, table, data, problems)  # what came before it
            table = next((line for line in reversed(lines[start:bad]) if _HEADER.match(line)), table)
            start = bad + 1


def _merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    """``part`` read into ``into`` (a table read in two pieces is one)."""
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _read_fields(config: Config, table: object, text: str) -> None:
    """``[fields]``: a field's name = a list of more front-matter names that give it."""
    from tui.fields import FIELDS, norm

    if not isinstance(table, dict):
        config.problems.append(f"{config.path}: fields must be a table ([fields]); ignored")
        return
    config.field_lines = _lines_of(text, "fields")
    known = {norm(alias): f.name for f in FIELDS for alias in (f.name, f.json) if alias}
    for name, names in table.items():
        where = config.where(name, config.field_lines)
        shown = clean_line(str(name), 40)
        target = known.get(norm(str(name)))
        if target is None:
            choices = ", ".join(f.name for f in FIELDS)
            config.problems.append(f"{where}: [fields] {shown!r} is not a field: one of {choices}; ignored")
            continue
        if not (isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)):
            config.problems.append(f'{where}: [fields] {shown!r} must be a list of names (["{shown}"]); ignored')
            continue
        config.fields[target] = (*config.fields.get(target, ()), *names)


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
    _read_fields(config, data.get("fields", {}), text)
    ui = data.get("ui", {})
    blink = ui.get("cursor-blink", True) if isinstance(ui, dict) else True
    if isinstance(blink, bool):
        config.cursor_blink = blink
    else:
        config.problems.append(f"{path}: [ui] cursor-blink must be true or false; ignored")
    return config
