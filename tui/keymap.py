"""The keys: the bindings a node has with the user's keymap applied, what
is wrong in the user's [keys], and the help's table made from the live
bindings."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from tui.config import Config
from tui.widgets.screens import HelpSection


def help_sections(areas: list[tuple[str, list[DOMNode]]], keymap: dict[str, str]) -> list[HelpSection]:
    """Keys per area (its title, the nodes whose bindings act there), read
    from the live bindings with the user's keymap."""
    sections: list[HelpSection] = []
    seen_ids: set[str] = set()
    taken: set[str] = set()  # keys the app or the screen took first (Ctrl+C quits: Textual's copy never sees it)
    for title, nodes in areas:
        rows: dict[str, tuple[list[str], str]] = {}
        for node in nodes:
            node_keys: set[str] = set()
            for binding in bindings_of(node, keymap):
                if title == "Anywhere" and binding.key in taken:
                    continue
                node_keys.add(binding.key)
                ident = binding.id or binding.action
                if title != "Anywhere" and (ident in seen_ids or binding.id is None):
                    continue  # a widget's inherited scroll keys (left, right...) say nothing here
                if not (binding.tooltip or binding.description):
                    continue  # Textual's "press Ctrl+Q to quit" on Ctrl+C
                keys, _ = rows.setdefault(ident, ([], binding.tooltip or binding.description))
                if binding.key not in keys:
                    keys.append(binding.key)
            taken |= node_keys
        seen_ids.update(rows)
        if title == "Anywhere":
            rows.setdefault("command_palette", (["ctrl+p"], "Command palette: every command, tags, sort"))
        sections.append((title, [(",".join(keys), text, ident) for ident, (keys, text) in rows.items()]))
    return sections


def keymap_problems(config: Config, areas: list[list[DOMNode]], others: list[type[DOMNode]]) -> list[str]:
    """What is wrong with the user's [keys]: an id no binding has (the
    closest named), a key given to two bindings that are live at once
    (``areas``: the nodes whose bindings act together)."""
    import difflib

    keymap = config.keys
    ids: set[str] = set()
    for node_class in others:
        for cls in node_class.__mro__:
            ids.update(b.id for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])) if b.id)
    for nodes in areas:
        for node in nodes:
            ids.update(b.id for b in bindings_of(node, {}) if b.id)
    problems = []
    for ident in keymap:
        if ident not in ids:
            close = difflib.get_close_matches(ident, sorted(ids), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "the ids are in the help (?)"
            problems.append(f"{config.where(ident)}: [keys] no binding has the id {ident!r}; {hint}")
    said: set[tuple[str, ...]] = set()
    for nodes in areas:
        by_key: dict[str, list[str]] = {}  # key -> the ids that have it (the user's keys for theirs)
        mine: dict[str, list[str]] = {}  # key -> the ids the user gave it to, where it is not their own already
        for node in nodes:
            for cls in type(node).__mro__:
                for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                    bound_id = binding.id
                    if bound_id is None:
                        continue  # Textual's own, which ours override
                    keys = keymap[bound_id].split(",") if bound_id in keymap else [binding.key]
                    for key in map(str.strip, keys):
                        if bound_id not in by_key.setdefault(key, []):
                            by_key[key].append(bound_id)
                        if bound_id in keymap and key not in binding.key.split(","):
                            mine.setdefault(key, []).append(bound_id)
        for key, bound in by_key.items():
            if len(bound) > 1 and key in mine and tuple(bound) not in said:
                said.add(tuple(bound))
                ident = mine[key][0]
                others_ = ", ".join(repr(i) for i in bound if i != ident)
                problems.append(
                    f"{config.where(ident)}: [keys] {key!r} is given to {ident!r} and is {others_}'s too; "
                    "give one of them another key"
                )
    for ident, given in keymap.items():  # Ctrl+C quits before any binding sees it
        if ident != "quit" and ident in ids and "ctrl+c" in map(str.strip, given.split(",")):
            problems.append(
                f"{config.where(ident)}: [keys] 'ctrl+c' is given to {ident!r}, but Ctrl+C quits jobboard "
                "wherever it is pressed; give it another key"
            )
    return problems


def bindings_of(node: DOMNode, keymap: dict[str, str]) -> list[Binding]:
    """The bindings ``node`` has (its class's and every base class's, the
    nearest first for a key), one per key, with ``keymap`` applied."""
    by_key: dict[tuple[str, str | None], Binding] = {}
    for cls in reversed(type(node).__mro__):
        mine: set[str] = set()  # keys this class binds: one of a base class's gives way
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            keys = keymap[binding.id].split(",") if binding.id is not None and binding.id in keymap else [binding.key]
            for key in map(str.strip, keys):
                if key not in mine:  # a subclass's binding takes the key, in its own order
                    for taken in [k for k in by_key if k[0] == key]:
                        del by_key[taken]
                mine.add(key)
                # One class may bind a key twice, each where the other is not
                # live (/ searches, and finds in the text): both are listed.
                by_key[key, binding.id] = binding if key == binding.key else binding.with_key(key)
    return list(by_key.values())
