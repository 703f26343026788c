"""The job hunt written out: postings and what the user did about them, as
CSV (a spreadsheet), JSON (a script) or a Markdown checklist (a notes app).

``jobboard export`` and the app's palette both go through :func:`export`.
Posting text is hostile: nothing in a title or a note can start a formula in
a spreadsheet, break a Markdown list item, or reach a terminal as a control
character. Nothing here imports Textual.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import hunt_view
from tui.fields import CSV_FIELDS
from tui.marks import HIDDEN, Status
from tui.text import FORMAT_CHARS, clean_text, visible

if TYPE_CHECKING:
    from tui.posting import Posting
    from tui.session import Session

__all__ = ["FIELDS", "FORMATS", "export", "export_to_file", "format_of", "json_text", "marked", "write_file"]

#: Each format and its file's extension.
FORMATS: dict[str, str] = {"csv": ".csv", "json": ".json", "md": ".md"}
_EXTENSIONS = {**{ext: fmt for fmt, ext in FORMATS.items()}, ".markdown": "md"}

#: The CSV columns, in order.
FIELDS = (
    *(field.csv or field.json for field in CSV_FIELDS),  # title, organization, ...: as the posting says them
    "status",
    "status_dates",
    "follow_up",
    "note",
    "link",
    "missing",
    "path",
    "id",
)

#: Statuses from applied on: a Markdown item ticked.
DONE = frozenset({Status.APPLIED, Status.INTERVIEWING, Status.OFFER, Status.REJECTED, Status.WITHDRAWN})

# What JSON leaves as it is but a terminal acts on (C1 controls, DEL) or
# hides (format characters); JSON escapes C0 itself. Escaped, the text reads
# back the same.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{FORMAT_CHARS}\ud800-\udfff]")
# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What Markdown may read as more than text inside a line: emphasis, code,
# links and images, HTML and entities, strikethrough, tables, escapes.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>!&~|#])")
# What starts a block at the beginning of a line (a list item, a heading
# underline, a numbered item): its first character escaped.
_MD_BLOCK_START = re.compile(r"^(\s*|\s*\d{1,9})((?<=\d)[.)]|(?<!\d)[-+=])")


def json_text(data: object) -> str:
    """``data`` as indented JSON, nothing in it able to drive a terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def format_of(path: Path | str) -> str | None:
    """The format a file's extension names (None: none of FORMATS)."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def marked(session: Session) -> list[Posting]:
    """Every posting the user has done something about (a status other than
    not interested, a note, a follow-up), in the board's order, those whose
    file is gone last."""
    hunt = session.hunt
    wanted = {i for i, s in hunt.statuses.items() if s is not HIDDEN} | set(hunt.notes) | set(hunt.follow_ups)
    return [p for p in session.postings if p.id in wanted]


def records(session: Session, postings: Sequence[Posting]) -> list[dict[str, object]]:
    """Each posting as ``list --json`` gives it, with ``link``: its application link."""
    out = []
    for posting in postings:
        links = [] if posting.id in session.missing else [link.url for link in session.links_of(posting)]
        data = hunt_view.record(session, posting, links)
        data["link"] = links[0] if links else None
        out.append(data)
    return out


def export(session: Session, postings: Sequence[Posting], fmt: str) -> str:
    """``postings`` and the user's marks in format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"no format {fmt!r}: one of {', '.join(FORMATS)}")
    data = records(session, postings)
    if fmt == "json":
        return json_text(data)
    if fmt == "csv":
        return _csv(data)
    return _markdown(data)


def _status_dates(data: dict[str, object]) -> str:
    """``saved 2026-03-03; applied 2026-03-05`` (a status taken off: cleared)."""
    history = data["status_history"]
    assert isinstance(history, list)
    return "; ".join(f"{change['status'] or 'cleared'} {str(change['at'])[:10]}" for change in history)


def _cell(value: object) -> str:
    text = "" if value is None else clean_text(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(data: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for d in data:
        row = {
            **{field.csv or field.json: d[field.json] for field in CSV_FIELDS},
            "status": d["status"],
            "status_dates": _status_dates(d),
            "follow_up": d["follow_up"],
            "note": d["note"],
            "link": d["link"],
            "missing": "yes" if d["missing"] else "",
            "path": d["path"],
            "id": d["id"],
        }
        writer.writerow([_cell(row[name]) for name in FIELDS])
    return out.getvalue()


def _md(text: object) -> str:
    """One line of text as Markdown shows it, and nothing more: no control
    characters, every character Markdown acts on escaped."""
    line = visible(" ".join(str(text).splitlines()))
    return _MD_BLOCK_START.sub(r"\1\\\2", _MD_INLINE.sub(r"\\\1", line))


def _md_url(url: str) -> str:
    """A link as a Markdown autolink holds it: what would end it escaped as URLs are."""
    return re.sub(r"[\x00-\x20<>\\\"`\x7f-\x9f]", lambda m: f"%{ord(m.group()):02X}", url)


def _markdown(data: list[dict[str, object]]) -> str:
    """``- [ ] Org: Role <link>``, ticked from applied on, the status history,
    follow-up and note as a list under each item."""
    lines = []
    for d in data:
        status = Status(str(d["status"])) if d["status"] else None
        if d["missing"]:  # its file gone: its id is all there is
            title = f"(missing) {d['id']}"
        else:
            title = f"{d['org']}: {d['role']}" if d["org"] and d["role"] else str(d["title"])
        item = f"- [{'x' if status in DONE else ' '}] {_md(title)}"
        if d["link"]:
            item += f" <{_md_url(str(d['link']))}>"
        lines.append(item)
        if d["status_history"]:
            lines.append(f"  - status: {_md(_status_dates(d))}")
        if d["follow_up"]:
            lines.append(f"  - follow up: {d['follow_up']}" + (" (due)" if d["due"] else ""))
        note = [line for line in str(d["note"]).splitlines() if line.strip()]
        if note:
            lines.append(f"  - note: {_md(note[0].strip())}")
            lines.extend(f"    {_md(line.strip())}" for line in note[1:])
    return "".join(line + "\n" for line in lines)


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8) whole or not at all: through a
    temporary file beside it, moved over it once written (an existing
    file keeps its permissions; a symbolic link is written through).
    OSError when it cannot be."""
    target = Path(os.path.realpath(path))
    data = text.encode("utf-8", "backslashreplace")
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        try:
            os.chmod(temp, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def export_to_file(session: Session, fmt: str, folder: Path, *, now: _dt.datetime | None = None) -> Path:
    """Every posting marked (see :func:`marked`) in format ``fmt``, written to
    a new file ``jobboard-<board folder>-<YYYYmmdd-HHMMSS>.<ext>`` in
    ``folder`` (``-2``, ``-3`` ... added rather than overwrite a file);
    returns its path. OSError when it cannot be written (nothing is left)."""
    text = export(session, marked(session), fmt)
    try:
        name = session.root.resolve().name
    except (OSError, RuntimeError):
        name = session.root.name
    name = re.sub(r"[^\w.-]+", "-", name).strip(".-")[:60] or "board"
    stem = f"jobboard-{name}-{(now or _dt.datetime.now()).strftime('%Y%m%d-%H%M%S')}"
    data = text.encode("utf-8", "backslashreplace")
    for n in range(1, 1000):
        path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{FORMATS[fmt]}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    raise FileExistsError(f"{folder}: too many exports named {stem}")
