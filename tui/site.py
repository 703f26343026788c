"""A static site's root (Jekyll, Hugo, Eleventy): which of its files are
postings. Its posts, its collections, Hugo's content sections, and the pages
laid out as jobs or kept in a folder named for them; never its machinery
(layouts, includes, data, the built site), its README or its templates.

Nothing here imports Textual.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

__all__ = ["Site", "detect"]

#: A site's configuration file, and the generator it names.
CONFIGS = (
    ("_config.yml", "Jekyll"),
    ("_config.yaml", "Jekyll"),
    ("hugo.toml", "Hugo"),
    ("hugo.yaml", "Hugo"),
    ("config.toml", "Hugo"),
    (".eleventy.js", "Eleventy"),
    ("eleventy.config.js", "Eleventy"),
)
#: A layout whose name has one of these is a job's.
JOB_LAYOUT = re.compile(r"job|posting|career|vacanc|opening", re.IGNORECASE)
#: Folders whose pages are jobs.
JOB_FOLDERS = frozenset(("jobs", "postings", "careers", "openings", "vacancies"))
#: A site's own files, never postings (by name, any case, any extension).
NOT_POSTINGS = frozenset(("readme", "license", "licence", "changelog", "contributing", "code_of_conduct", "security"))
#: A configuration file read at most (a larger one is not read: the site is read with no collections).
MAX_CONFIG_BYTES = 256 * 1024
#: A page's start read for its layout.
HEAD_BYTES = 16 * 1024
_LAYOUT = re.compile(r"""^[ \t]*"?layout"?[ \t]*[:=][ \t]*["']?([^"',\n#}]*)""", re.MULTILINE | re.IGNORECASE)


@dataclass
class Site:
    kind: str  # "Jekyll", "Hugo" or "Eleventy"
    config: str = ""  # its configuration file's name
    collections: frozenset[str] = frozenset()  # folders, "_jobs"
    includes: frozenset[str] = frozenset(("_pages",))  # "_" folders read as pages
    excludes: tuple[str, ...] = ()
    defaults: tuple[tuple[str, str | None, str], ...] = ()  # (scope path, scope type, layout)
    problems: list[str] = field(default_factory=list)
    said: str = ""  # what was read, once :meth:`choose` ran

    def enters(self, rel: str) -> bool:
        """Whether the folder ``rel`` (below the root, no trailing slash) may hold postings."""
        top, _, rest = rel.partition("/")
        if self.kind == "Hugo":
            return top == "content"
        if any(rel == ex or rel.startswith(ex + "/") for ex in self.excludes):
            return False
        name = rel.rsplit("/", 1)[-1]
        if name[:1] != "_":
            return True
        return name in ("_posts", "_drafts") or (not rest and name in self.collections) or top in self.includes

    def choose(self, root: Path, rels: Sequence[str]) -> list[bool]:
        """Which of the files ``rels`` are postings; :attr:`said` says what was read."""
        keep: list[bool] = []
        posts = 0
        groups: Counter[str] = Counter()
        pages = 0
        for rel in rels:
            *dirs, name = rel.split("/")
            stem = name.rsplit(".", 1)[0].lower()
            if stem in NOT_POSTINGS or "template" in stem:
                keep.append(False)
            elif "_posts" in dirs or "_drafts" in dirs or (self.kind == "Eleventy" and "posts" in dirs):
                posts += 1
                keep.append(True)
            elif dirs and dirs[0] in self.collections:
                groups[dirs[0]] += 1
                keep.append(True)
            elif self.kind == "Hugo" and len(dirs) >= 2:
                groups[dirs[1]] += 1
                keep.append(True)
            elif any(d.lower() in JOB_FOLDERS for d in dirs) or JOB_LAYOUT.search(self.layout(root, rel) or ""):
                pages += 1
                keep.append(True)
            else:
                keep.append(False)
        parts = []
        if posts:
            parts.append("posts" if self.kind == "Eleventy" else "_posts")
        if groups and self.kind == "Hugo":
            shown = sorted(groups)
            parts.append(", ".join(f"content/{g}" for g in shown) if len(shown) <= 3 else f"{len(shown)} sections")
        elif groups:
            parts.append(f"{len(groups)} collection{'s' if len(groups) != 1 else ''}")
        if pages:
            parts.append(f"{pages:,} job page{'s' if pages != 1 else ''}")
        self.said = f"a {self.kind} site: {', '.join(parts) if parts else 'no posts, collections or job pages'}"
        return keep

    def layout(self, root: Path, rel: str) -> str | None:
        """A page's layout: its own front matter's, else the one ``defaults`` gives its folder."""
        own = _front_layout(root / rel)
        if own is not None:
            return own
        best: tuple[int, str] | None = None
        for path, kind, layout in self.defaults:
            if kind not in (None, "pages"):
                continue
            if _in_scope(rel, path) and (best is None or len(path) > best[0]):
                best = (len(path), layout)
        return best[1] if best else None


def _in_scope(rel: str, path: str) -> bool:
    path = path.strip("/")
    if not path:
        return True
    if "*" in path:
        return fnmatchcase(rel, path) or fnmatchcase(rel, path + "/*")
    return rel == path or rel.startswith(path + "/")


def _front_layout(path: Path) -> str | None:
    from tui.posting import decode, split_front_matter

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            data = os.read(fd, HEAD_BYTES)
        finally:
            os.close(fd)
    except OSError:
        return None
    front = split_front_matter(decode(data)[0], with_body=False)[0]
    match = _LAYOUT.search(front) if front else None
    return match.group(1).strip() if match else None


def detect(root: Path) -> Site | None:
    """The site whose root is ``root``, or None (a plain folder of postings)."""
    for name, kind in CONFIGS:
        path = root / name
        if os.path.isfile(path):
            site = Site(kind, name)
            if kind == "Jekyll":
                _read_jekyll(site, path)
            return site
    return None


def _read_jekyll(site: Site, path: Path) -> None:
    from tui.posting import decode, load_front_matter

    try:
        if os.path.getsize(path) > MAX_CONFIG_BYTES:
            site.problems.append(f"is larger than {MAX_CONFIG_BYTES // 1024} KB; not read")
            return
        with open(path, "rb") as handle:
            text = decode(handle.read(MAX_CONFIG_BYTES))[0]
    except OSError as exc:
        site.problems.append(f"cannot read: {exc.strerror or exc}")
        return
    config, problems = load_front_matter(text)
    site.problems += problems
    collections = config.get("collections")
    names = (
        collections
        if isinstance(collections, list)
        else list(collections or {})
        if isinstance(collections, dict)
        else []
    )
    site.collections = frozenset(f"_{n}" for n in names if isinstance(n, str) and n and n != "posts")
    include = config.get("include")
    if isinstance(include, list):
        site.includes = site.includes | {i.strip("/") for i in include if isinstance(i, str) and i.startswith("_")}
    exclude = config.get("exclude")
    if isinstance(exclude, list):
        site.excludes = tuple(e.strip("/") for e in exclude if isinstance(e, str) and e.strip("/"))
    defaults: list[tuple[str, str | None, str]] = []
    for entry in config.get("defaults") or () if isinstance(config.get("defaults"), list) else ():
        if not isinstance(entry, dict):
            continue
        scope: Any = entry.get("scope") or {}
        values: Any = entry.get("values") or {}
        if not isinstance(scope, dict) or not isinstance(values, dict) or not isinstance(values.get("layout"), str):
            continue
        kind = scope.get("type")
        defaults.append((str(scope.get("path") or ""), kind if isinstance(kind, str) else None, values["layout"]))
    site.defaults = tuple(defaults)
