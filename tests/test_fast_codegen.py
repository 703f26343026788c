"""The code Python writes as it makes classes, compiled once and kept
(tui.fast.codegen): the classes made with it are the classes Python makes,
whether compiled now or read from the file, and a file not ours is never run."""

from __future__ import annotations

import dataclasses
import marshal
import os
import sys
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest

from tui import fast
from tui.fast import codegen

FILE = f"{sys.implementation.cache_tag}-code.marshal"


@pytest.fixture(autouse=True)
def builtins_back_after():
    yield
    codegen.uninstall()


def make() -> dict[str, Any]:
    """Classes of every kind the app makes: frozen, ordered, slotted, with
    defaults and factories, a message-like one without eq or repr, a namedtuple."""

    @dataclasses.dataclass(frozen=True, order=True)
    class Frozen:
        name: str
        size: int = 0
        tags: tuple[str, ...] = ()

    @dataclasses.dataclass(slots=True)
    class Slotted:
        rows: list[int] = dataclasses.field(default_factory=list)
        seen: bool = False

    @dataclasses.dataclass(eq=False, repr=False)
    class Message:
        what: str

    Pair = namedtuple("Pair", "left right")
    return {"Frozen": Frozen, "Slotted": Slotted, "Message": Message, "Pair": Pair}


GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__ge__", "__new__")


def generated(classes: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Each generated method's code and annotations, by class and name."""
    found = {}
    for name, cls in classes.items():
        for method in GENERATED:
            function = vars(cls).get(method)
            code = getattr(function, "__code__", None)
            if code is not None:
                found[name, method] = (code, function.__annotations__, function.__defaults__)
    return found


def behaviour(classes: dict[str, Any]) -> list[Any]:
    frozen, slotted, message, pair = (classes[n] for n in ("Frozen", "Slotted", "Message", "Pair"))
    a, b = frozen("a", 1), frozen("b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.size = 2
    one, two = slotted(), slotted()
    one.rows.append(1)
    return [
        repr(a),
        a == frozen("a", 1),
        hash(a) == hash(frozen("a", 1)),
        a < b,
        repr(one),
        two.rows,
        one == two,
        message("x") == message("x"),
        repr(pair(1, 2)),
        pair(left=3, right=4),
    ]


def test_the_classes_made_are_those_python_makes(tmp_path: Path):
    stock = make()
    codegen.install(tmp_path)
    compiled = make()
    codegen.keep()
    assert (tmp_path / FILE).is_file()
    codegen.install(tmp_path)
    from_file = make()
    assert codegen.from_file() >= 8
    want = generated(stock)
    assert len(want) >= 12
    assert generated(compiled) == want
    assert generated(from_file) == want
    assert behaviour(compiled) == behaviour(stock) == behaviour(from_file)


def test_what_the_file_holds_is_not_compiled_again(tmp_path: Path, monkeypatch):
    codegen.install(tmp_path)
    make()
    codegen.keep()
    written = (tmp_path / FILE).stat().st_mtime_ns
    codegen.install(tmp_path)

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(codegen, "compile", no_compile, raising=False)
    make()
    codegen.keep()  # nothing new: not written
    assert (tmp_path / FILE).stat().st_mtime_ns == written


def test_text_not_in_the_file_is_compiled_and_kept(tmp_path: Path):
    codegen.install(tmp_path)
    make()
    codegen.keep()
    codegen.install(tmp_path)
    make()

    @dataclasses.dataclass
    class New:
        never_seen_before_field: int

    assert New(1).never_seen_before_field == 1
    codegen.keep()
    codegen.install(tmp_path)
    kept = [source for _, source in codegen._kept.read]  # type: ignore[union-attr]
    assert any("never_seen_before_field" in source for source in kept)
    assert any("Pair" in source or "left, right" in source for source in kept)
    made = make()
    assert made["Frozen"]("a") == made["Frozen"]("a")


def forged(path: Path, mode: int = 0o600) -> None:
    """A file with the code of 'lambda: "forged"' as the namedtuple's __new__."""
    codegen.install(path.parent)
    make()
    keys = [key for key in codegen._kept.used if key[0] == "eval"]  # type: ignore[union-attr]
    assert keys
    codegen.uninstall()
    evil = {key: compile('lambda _cls, left, right: "forged"', "<string>", "eval") for key in keys}
    path.write_bytes(codegen.HEADER + marshal.dumps(evil))
    path.chmod(mode)


def test_a_file_others_may_write_is_not_run(tmp_path: Path):
    target = tmp_path / FILE
    forged(target, 0o666)
    codegen.install(tmp_path)
    assert codegen.from_file() == 0
    assert make()["Pair"](1, 2) == (1, 2)
    codegen.keep()
    assert (target.stat().st_mode & 0o777) == 0o600  # written over, as its owner's alone


def test_an_owned_forged_file_is_what_runs(tmp_path: Path):
    """(Why the checks matter: the file is code, as Python's bytecode caches are.)"""
    forged(tmp_path / FILE)
    codegen.install(tmp_path)
    assert codegen.from_file() > 0
    assert make()["Pair"](1, 2) == "forged"


def test_a_link_is_not_read_nor_written_through(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / FILE
    forged(real)
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE).symlink_to(real)
    kept = real.read_bytes()
    codegen.install(folder)
    assert codegen.from_file() == 0
    assert make()["Pair"](1, 2) == (1, 2)
    codegen.keep()
    assert not (folder / FILE).is_symlink()
    assert real.read_bytes() == kept


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not ours at all",
        codegen.HEADER + b"\x00\xff damaged",
        codegen.HEADER + marshal.dumps({("exec", "x = 1"): "not code"}),
        codegen.HEADER + marshal.dumps([1, 2, 3]),
        b"jobboard: code compiled by Python 2.7.18\n" + marshal.dumps({}),
    ],
    ids=["empty", "foreign", "damaged", "not-code", "not-a-dict", "another-python"],
)
def test_a_file_that_cannot_be_used_is_compiled_over(tmp_path: Path, content: bytes):
    (tmp_path / FILE).write_bytes(content)
    os.chmod(tmp_path / FILE, 0o600)
    codegen.install(tmp_path)
    assert codegen.from_file() == 0
    assert behaviour(make()) == behaviour(make())
    codegen.keep()
    codegen.install(tmp_path)
    assert codegen.from_file() > 0


def test_without_namespaces_the_callers_are_used(tmp_path: Path):
    codegen.install(tmp_path)
    here = 41
    assert codegen._eval("here + 1") == 42
    space: dict[str, Any] = {}
    codegen._exec("made = here_too = 1", space)
    assert space["made"] == 1
    assert here == 41


def test_uninstall_puts_the_builtins_back(tmp_path: Path):
    codegen.install(tmp_path)
    assert vars(dataclasses)["exec"] is codegen._exec
    codegen.uninstall()
    assert "exec" not in vars(dataclasses)
    assert "eval" not in vars(sys.modules["collections"])


def test_the_command_installs_it_unless_the_fast_path_is_off(tmp_path: Path, monkeypatch, xdg):
    monkeypatch.setenv("JOBBOARD_FAST", "0")
    fast.begin()
    assert "exec" not in vars(dataclasses)
    monkeypatch.setenv("JOBBOARD_FAST", "1")
    fast.begin()
    assert vars(dataclasses)["exec"] is codegen._exec
    make()
    fast.keep()
    assert (xdg / "xdg_cache_home" / "jobboard" / FILE).is_file()
