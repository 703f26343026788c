"""What Python compiles at start, compiled once and kept (tui.fast.compiled):
the classes and the regular expressions made with it are those Python makes,
whether compiled now or read from the file, and a file not ours is never used."""

from __future__ import annotations

import dataclasses
import marshal
import os
import re
import sys
import typing
import zlib
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest
from conftest import requires_fast, run_in_pty

from tui import fast
from tui.fast import compiled

FILE = f"{sys.implementation.cache_tag}-compiled.marshal"

on_a_verified_python = pytest.mark.skipif(not compiled.verified(), reason="not a Python this was verified on")


def payload(content: Any) -> bytes:
    """A file as the module writes it: its header, the checksum, ``content``."""
    body = marshal.dumps(content)
    return compiled.HEADER + zlib.crc32(body).to_bytes(4, "big") + body


#: Patterns of every kind: groups named and not, flags given and inline, bytes, sets, lookarounds.
PATTERNS: list[tuple[Any, int]] = [
    (r"(?P<org>[^:]+):\s*(?P<role>.+)", 0),
    (r"\$\s?(\d{2,3})(?:,\d{3})?\s*(?:-|to)\s*\$?(\d{2,3})", re.IGNORECASE),
    (r"(?im)^remote\b|(?<![a-z])hybrid(?![a-z])", 0),
    (
        r"""
        (\d+)   # a number
        \s*k    # thousands
    """,
        re.VERBOSE,
    ),
    (rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", 0),
    (r"[^\W\d_]+|[\u0400-\u04ff]", re.UNICODE | re.MULTILINE),
    (r"(a)(b)?(?:c)(?P<d>d)\2?", re.DOTALL),
]


def patterns() -> list[re.Pattern[Any]]:
    re.purge()  # compiled, not taken from re's own cache
    return [re.compile(pattern, flags) for pattern, flags in PATTERNS]


REAL_WORTH_WRITING = compiled.WORTH_WRITING


@pytest.fixture(autouse=True)
def builtins_back_after(monkeypatch):
    # the few classes compiled here are written, however quick (see the test of WORTH_WRITING)
    monkeypatch.setattr(compiled, "WORTH_WRITING", 0.0)
    yield
    compiled.uninstall()


def make() -> dict[str, Any]:
    """Classes of every kind the app makes: frozen, ordered, slotted, with
    defaults and factories, a message-like one without eq or repr, a
    namedtuple; and an annotation written as a string."""

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
    Ref = typing.ForwardRef("dict[str, Frozen]")  # an annotation written as a string
    return {"Frozen": Frozen, "Slotted": Slotted, "Message": Message, "Pair": Pair, "Ref": Ref}


GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__ge__", "__new__")


def generated(classes: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Each generated method's code and annotations, by class and name."""
    found = {}
    for name, cls in classes.items():
        if isinstance(cls, typing.ForwardRef):
            found[name, "code"] = (cls.__forward_code__, eval(cls.__forward_code__, {"Frozen": int}), None)
            continue
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


def kept_now() -> Any:
    assert compiled._kept is not None
    return compiled._kept


@on_a_verified_python
def test_the_classes_made_are_those_python_makes(tmp_path: Path):
    stock = make()
    compiled.install(tmp_path)
    made_now = make()
    # each kind went through the file
    used = kept_now().code.used
    assert ("eval", "dict[str, Frozen]") in used
    assert any("def __init__(self,name:_type_name" in source for _, source in used)
    assert any(mode == "eval" and "left, right" in source for mode, source in used)
    compiled.keep()
    assert (tmp_path / FILE).is_file()
    compiled.install(tmp_path)
    from_file = make()
    assert compiled.from_file()[0] >= 8
    want = generated(stock)
    assert len(want) >= 12
    assert generated(made_now) == want
    assert generated(from_file) == want
    assert behaviour(made_now) == behaviour(stock) == behaviour(from_file)


def matches(made: list[re.Pattern[Any]]) -> list[Any]:
    texts = ["Acme: Data Lead", "$80,000 to $95,000", "Remote\nhybrid", "120 k", "Привет abc", "abd abbd"]
    found = []
    for pattern in made:
        for text in texts:
            subject: Any = text.encode() if isinstance(pattern.pattern, bytes) else text
            found.append([(m.span(), m.groups(), m.groupdict(), m.lastgroup) for m in pattern.finditer(subject)])
    return found


@on_a_verified_python
def test_the_patterns_made_are_those_python_makes(tmp_path: Path):
    stock = patterns()
    compiled.install(tmp_path)
    made_now = patterns()
    compiled.keep()
    compiled.install(tmp_path)
    assert compiled.from_file()[1] >= len(PATTERNS)
    from_file = patterns()
    for made in (made_now, from_file):
        # equal patterns: the same text, flags and program for the engine
        assert made == stock
        assert [(p.flags, p.groups, dict(p.groupindex)) for p in made] == [
            (p.flags, p.groups, dict(p.groupindex)) for p in stock
        ]
        assert matches(made) == matches(stock)


def test_nothing_changes_on_a_python_not_verified(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(compiled, "VERIFIED", {})
    compiled.install(tmp_path)
    assert "exec" not in vars(dataclasses) and "compile" not in vars(typing)
    assert re._compiler.compile is not compiled._re_compile  # type: ignore[attr-defined]
    assert patterns()[0].match("Acme: Lead")
    assert behaviour(make()) == behaviour(make())
    compiled.keep()
    assert not (tmp_path / FILE).exists()


def test_a_compiler_changed_in_a_patch_release_is_not_verified(monkeypatch):
    sums = compiled.VERIFIED.get(sys.version_info[:2], frozenset())
    monkeypatch.setattr(compiled, "VERIFIED", {sys.version_info[:2]: frozenset(s + 1 for s in sums)})
    assert not compiled.verified()


@on_a_verified_python
def test_what_the_file_holds_is_not_compiled_again(tmp_path: Path, monkeypatch):
    compiled.install(tmp_path)
    make()
    patterns()
    compiled.keep()
    written = (tmp_path / FILE).stat().st_mtime_ns
    compiled.install(tmp_path)

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiled, "compile", no_compile, raising=False)
    monkeypatch.setattr(compiled, "_program", no_compile)
    make()
    patterns()
    compiled.keep()  # nothing new: not written
    assert (tmp_path / FILE).stat().st_mtime_ns == written


@on_a_verified_python
def test_what_is_not_in_the_file_is_compiled_and_kept(tmp_path: Path, monkeypatch):
    compiled.install(tmp_path)
    make()
    compiled.keep()
    compiled.install(tmp_path)
    make()

    @dataclasses.dataclass
    class New:
        never_seen_before_field: int

    assert New(1).never_seen_before_field == 1
    re.purge()
    found = re.compile("never (seen) before").search("it was never seen before")
    assert found is not None and found.group(1) == "seen"
    compiled.keep()
    compiled.install(tmp_path)
    kept = [source for _, source in kept_now().code.read]
    assert any("never_seen_before_field" in source for source in kept)
    assert any("left, right" in source for source in kept)
    assert ("str", "never (seen) before", 0) in kept_now().programs.read
    made = make()
    assert made["Frozen"]("a") == made["Frozen"]("a")


def forged(path: Path, mode: int = 0o600) -> None:
    """A file with the code of 'lambda: "forged"' as the namedtuple's __new__."""
    compiled.install(path.parent)
    make()
    keys = [key for key in kept_now().code.used if key[0] == "eval"]
    assert keys
    compiled.uninstall()
    evil = {key: compile('lambda _cls, left, right: "forged"', "<string>", "eval") for key in keys}
    path.write_bytes(payload({"code": evil, "re": {}}))
    path.chmod(mode)


@on_a_verified_python
def test_a_file_others_may_write_is_not_run(tmp_path: Path):
    target = tmp_path / FILE
    forged(target, 0o666)
    compiled.install(tmp_path)
    assert compiled.from_file() == (0, 0)
    assert make()["Pair"](1, 2) == (1, 2)
    compiled.keep()
    assert (target.stat().st_mode & 0o777) == 0o600  # written over, as its owner's alone


@on_a_verified_python
def test_an_owned_forged_file_is_what_runs(tmp_path: Path):
    """(Why the checks matter: the file is code, as Python's bytecode caches are.)"""
    forged(tmp_path / FILE)
    compiled.install(tmp_path)
    assert compiled.from_file()[0] > 0
    assert make()["Pair"](1, 2) == "forged"


@on_a_verified_python
def test_a_forged_program_is_refused_by_the_engine(tmp_path: Path):
    bad: compiled.Program = (0, [99999, 1, 2], 0, {}, (None,))
    (tmp_path / FILE).write_bytes(payload({"code": {}, "re": {("str", "forged", 0): bad}}))
    os.chmod(tmp_path / FILE, 0o600)
    compiled.install(tmp_path)
    assert compiled.from_file() == (0, 1)
    re.purge()
    with pytest.raises(RuntimeError):
        re.compile("forged")


@on_a_verified_python
def test_a_link_is_not_read_nor_written_through(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / FILE
    forged(real)
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE).symlink_to(real)
    kept = real.read_bytes()
    compiled.install(folder)
    assert compiled.from_file() == (0, 0)
    assert make()["Pair"](1, 2) == (1, 2)
    compiled.keep()
    assert not (folder / FILE).is_symlink()
    assert real.read_bytes() == kept


@on_a_verified_python
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not ours at all",
        compiled.HEADER + b"\x00\xff damaged",
        payload({"code": {("exec", "x = 1"): "not code"}, "re": {}}),
        payload({"code": {}, "re": {("x", 0): (0, [1], 0, {}, ())}}),
        payload({"code": {}, "re": {("str", "x", 0): (0, ["not", "ops"], 0, {}, ())}}),
        payload({"code": {}, "re": {("bytes", "x", 0): (0, [1], 0, {}, ())}}),
        payload({"code": {}}),
        payload([1, 2, 3]),
        b"jobboard: compiled by Python 2.7.18\n" + payload({"code": {}, "re": {}})[len(compiled.HEADER) :],
    ],
    ids=[
        "empty",
        "foreign",
        "damaged",
        "not-code",
        "old-key",
        "not-a-program",
        "wrong-type-tag",
        "half",
        "not-a-dict",
        "another-python",
    ],
)
def test_a_file_that_cannot_be_used_is_compiled_over(tmp_path: Path, content: bytes):
    (tmp_path / FILE).write_bytes(content)
    os.chmod(tmp_path / FILE, 0o600)
    compiled.install(tmp_path)
    assert compiled.from_file() == (0, 0)
    assert behaviour(make()) == behaviour(make())
    compiled.keep()
    compiled.install(tmp_path)
    assert compiled.from_file()[0] > 0


@on_a_verified_python
def test_without_namespaces_the_callers_are_used(tmp_path: Path):
    compiled.install(tmp_path)
    here = 41
    assert compiled._eval("here + 1") == 42
    space: dict[str, Any] = {}
    compiled._exec("made = here_too = 1", space)
    assert space["made"] == 1
    assert here == 41


@on_a_verified_python
def test_uninstall_puts_the_builtins_back(tmp_path: Path):
    compiled.install(tmp_path)
    assert vars(dataclasses)["exec"] is compiled._exec
    compiled.uninstall()
    assert "exec" not in vars(dataclasses)
    assert "eval" not in vars(sys.modules["collections"])
    assert "compile" not in vars(typing)
    assert re._compiler.compile is not compiled._re_compile  # type: ignore[attr-defined]


@on_a_verified_python
def test_the_command_installs_it_unless_the_fast_path_is_off(tmp_path: Path, monkeypatch, xdg):
    monkeypatch.setenv("JOBBOARD_FAST", "0")
    fast.begin()
    assert "exec" not in vars(dataclasses)
    monkeypatch.setenv("JOBBOARD_FAST", "1")
    fast.begin()
    assert vars(dataclasses)["exec"] is compiled._exec
    make()
    fast.keep()
    assert (xdg / "xdg_cache_home" / "jobboard" / FILE).is_file()


@on_a_verified_python
def test_once_started_what_is_compiled_is_not_kept(tmp_path: Path):
    """The patterns made of what the user searches for stay out of the file;
    what the file gave is still given, and kept."""
    compiled.install(tmp_path)
    make()
    compiled.keep()
    compiled.install(tmp_path)
    make()
    fast.stop_learning()  # as the command does once everything is imported
    assert not kept_now().code.learning and not kept_now().programs.learning

    @dataclasses.dataclass
    class AfterStart:
        made_after_start: int

    re.purge()
    assert re.compile("what the user searched for").search("what the user searched for")
    assert AfterStart(1).made_after_start == 1
    assert behaviour(make()) == behaviour(make())  # from the file, still
    compiled.keep()
    compiled.install(tmp_path)
    sources = [source for _, source in kept_now().code.read]
    assert not any("made_after_start" in source for source in sources)
    assert not any("searched" in str(pattern) for pattern, _ in kept_now().programs.read)
    assert any("left, right" in source for source in sources)


def test_no_cache_folder_to_be_had_compiles_as_ever(monkeypatch):
    from tui import dirs

    def no_folder():
        raise RuntimeError("no home")

    monkeypatch.setattr(dirs, "cache_dir", no_folder)
    monkeypatch.delenv("JOBBOARD_FAST", raising=False)
    fast.begin()  # says nothing, raises nothing
    assert "exec" not in vars(dataclasses)
    assert behaviour(make()) == behaviour(make())


@on_a_verified_python
def test_a_file_damaged_on_disk_is_never_used(tmp_path: Path):
    """Any byte of its content changed: refused whole (a damaged program could
    crash the interpreter)."""
    compiled.install(tmp_path)
    make()
    patterns()
    compiled.keep()
    good = (tmp_path / FILE).read_bytes()
    for at in range(len(compiled.HEADER), len(good), max(1, len(good) // 25)):
        damaged = bytearray(good)
        damaged[at] ^= 0x5A
        (tmp_path / FILE).write_bytes(bytes(damaged))
        compiled.install(tmp_path)
        assert compiled.from_file() == (0, 0), at
    (tmp_path / FILE).write_bytes(good)
    compiled.install(tmp_path)
    assert compiled.from_file()[0] > 0


@on_a_verified_python
def test_a_run_that_compiled_little_anew_does_not_write_again(tmp_path: Path, monkeypatch):
    """A text or two that differ at every run (made of a set's order) are not
    worth writing the file again for."""
    compiled.install(tmp_path)
    make()
    compiled.keep()
    written = (tmp_path / FILE).stat().st_mtime_ns
    monkeypatch.setattr(compiled, "WORTH_WRITING", REAL_WORTH_WRITING)
    compiled.install(tmp_path)
    make()
    re.purge()
    assert re.compile("differs at every run " + str(os.getpid()))
    compiled.keep()
    assert (tmp_path / FILE).stat().st_mtime_ns == written


@on_a_verified_python
def test_what_another_thread_compiles_is_not_kept(tmp_path: Path, monkeypatch):
    import threading

    compiled.install(tmp_path)
    made: list[Any] = []

    def elsewhere():
        @dataclasses.dataclass
        class InAThread:
            made_in_a_thread: int

        re.purge()
        made.append((InAThread(1), re.compile("compiled in a thread")))

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert made[0][0].made_in_a_thread == 1 and made[0][1].match("compiled in a thread")
    make()
    compiled.keep()
    compiled.install(tmp_path)
    assert not any("made_in_a_thread" in source for _, source in kept_now().code.read)
    assert not any("thread" in str(pattern) for _, pattern, _ in kept_now().programs.read)


@on_a_verified_python
def test_the_same_text_as_str_and_as_bytes_are_two_patterns(tmp_path: Path):
    compiled.install(tmp_path)
    re.purge()
    text, data = re.compile("a+b"), re.compile(b"a+b")
    compiled.keep()
    compiled.install(tmp_path)
    re.purge()
    assert re.compile("a+b") == text and re.compile(b"a+b") == data
    assert re.compile(b"a+b").match(b"aab") and re.compile("a+b").match("aab")


@on_a_verified_python
def test_a_pattern_the_engine_refuses_is_not_kept(tmp_path: Path):
    compiled.install(tmp_path)
    re.purge()
    with pytest.raises(OverflowError):
        re.compile("refused", 1 << 40)
    assert not any(pattern == "refused" for _, pattern, _ in kept_now().programs.used)


@on_a_verified_python
def test_eval_takes_a_text_as_the_builtin_does(tmp_path: Path):
    compiled.install(tmp_path)
    assert compiled._eval(" \t1 + 1", {}) == 2 == eval(" \t1 + 1", {})


@on_a_verified_python
def test_a_folder_in_the_files_place_leaves_nothing_open(tmp_path: Path):
    (tmp_path / FILE).mkdir()
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    for _ in range(5):
        compiled.install(tmp_path)
        assert compiled.from_file() == (0, 0)
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before


@on_a_verified_python
@requires_fast
def test_a_query_restored_at_start_stays_out_of_the_file(board: Path, xdg: Path):
    """The last visit's query is put back in the box as the board is shown,
    and compiled then: not among what the start keeps."""
    from tui.search import parse_query, text_pattern

    query = "zqxjkv"
    highlight = text_pattern(parse_query(query))
    assert highlight is not None
    run_in_pty([str(board)], [(b"postings", b"/" + query.encode()), (query.encode(), b"\r"), (b"", b"q")])
    kept = xdg / "xdg_cache_home" / "jobboard" / FILE
    kept.unlink()  # the next start learns everything again, the query restored meanwhile
    out = run_in_pty([str(board)], [(query.encode(), b"q")])
    assert query.encode() in out
    compiled.install(kept.parent)
    assert compiled.from_file()[1] > 20  # the start's patterns, kept
    patterns = {pattern for _, pattern, _ in kept_now().programs.read}
    assert highlight.pattern not in patterns
    assert not any(query in source for _, source in kept_now().code.read)
