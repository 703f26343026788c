"""Where jobboard keeps what it saves, caches and reads as configuration
(the platform's user folders; XDG's on Linux). Imports nothing of its own:
the command asks for the cache folder before anything else is imported."""

from __future__ import annotations

from pathlib import Path

__all__ = ["APP_NAME", "cache_dir", "config_dir", "data_dir"]

APP_NAME = "jobboard"


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
