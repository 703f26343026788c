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


def config_path() -> Path:
    return store.config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config, or the defaults with a one-line problem if it cannot be read."""
    path = path or config_path()
    config = Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.problems.append(f"{path}: {exc}; using the defaults")
        return config
    tags = data.get("tags", {})
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
            config.keys[ident] = key
    ui = data.get("ui", {})
    blink = ui.get("cursor-blink", True) if isinstance(ui, dict) else True
    if isinstance(blink, bool):
        config.cursor_blink = blink
    else:
        config.problems.append(f"{path}: [ui] cursor-blink must be true or false; ignored")
    return config
