"""What Python compiles at every start, compiled once.

As each dataclass is made, Python writes its ``__init__``, ``__repr__``,
``__eq__`` (and a frozen one's ``__setattr__``, ``__hash__``) as source text
and compiles it; ``namedtuple`` does the same for each ``__new__``, and
``typing`` for each annotation written as a string: about 640 compilations
at a start, Textual's and jobboard's, 22 ms. And each module's regular
expressions are compiled as it is imported: about 110, 14 ms. The same text
always compiles to the same code, and the same pattern to the same program
for the regular expression engine. So each is kept in a file in jobboard's
cache folder, under its text and flags, for this exact Python, and given
back the next time the same text is compiled; what is not in the file is
compiled as ever. Together a sixth of the start.

The file holds code that runs at start, as Python's own bytecode caches do.
It is read only if it is a regular file of this user's that no one else may
write, never through a link; anything else in its place, or a file that
cannot be read, is compiled over. The file is written whole, and a link
there is replaced, never written through. A checksum of its content is in
its first line: a file damaged on disk is never used. It keeps only what
the main thread compiled before the app began to run (its imports), never
what is compiled of the user's doing (the search box's patterns); and it is
written again only when what was compiled anew is worth it. (A pattern's
program is checked by the engine as it is made, as every compiled pattern
is.)

Only on a Python this was verified on (see :data:`VERIFIED`): what it
assumes of the modules it hooks holds there (their calls, and no future
statement for the text they compile to inherit), and, for the regular
expressions, the compiler's steps repeated here are its own, to the byte.
Elsewhere everything is compiled as ever. (No future statement here either:
what the hooks compile must inherit none, as the builtins called from those
modules inherit none.)
"""

import builtins
import marshal
import sys
import zlib
from pathlib import Path
from types import CodeType
from typing import Any

from tui.fast.kept import Kept, read_file, write_file

__all__ = ["VERIFIED", "from_file", "install", "keep", "stop_learning", "uninstall", "verified"]

#: Pythons this was verified on: (major, minor) -> the checksums of
#: re._compiler.compile's bytecode whose steps _program repeats.
VERIFIED: dict[tuple[int, int], frozenset[int]] = {(3, 11): frozenset({4029579182})}

#: What the file begins with: the Python that compiled it (its bytecode is that
#: version's), then the checksum of what follows.
HEADER = b"jobboard: compiled by Python " + sys.version.encode("utf-8", "replace") + b"\n"

#: The file is read up to this size (it holds about 600 KB).
LARGEST = 8 * 1024 * 1024

#: The file is written again when compiling what it lacked took this long (seconds):
#: a text or two that differ at every run (made of a set's order) are not worth it.
WORTH_WRITING = 0.002

CodeKey = tuple[str, str]  # (mode, source)
PatternKey = tuple[str, str | bytes, int]  # ("str" or "bytes", pattern, flags)
#: How the engine makes a pattern: (flags, program, groups, group index, index group).
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _all_code(data: Any) -> bool:
    return type(data) is dict and all(
        type(key) is tuple and len(key) == 2 and type(key[0]) is str and type(key[1]) is str and type(code) is CodeType
        for key, code in data.items()
    )


def _a_program(key: Any, value: Any) -> bool:
    return (
        type(key) is tuple
        and len(key) == 3
        and key[0] == type(key[1]).__name__
        and type(key[1]) in (str, bytes)
        and type(key[2]) is int
        and type(value) is tuple
        and len(value) == 5
        and type(value[0]) is int
        and type(value[1]) is list
        and all(type(op) is int for op in value[1])
        and type(value[2]) is int
        and type(value[3]) is dict
        and all(type(name) is str and type(group) is int for name, group in value[3].items())
        and type(value[4]) is tuple
        and all(name is None or type(name) is str for name in value[4])
    )


def _all_programs(data: Any) -> bool:
    return type(data) is dict and all(_a_program(key, value) for key, value in data.items())


def _checked(data: bytes) -> Any:
    """What the file holds, if it is this Python's and undamaged; else None."""
    if not data.startswith(HEADER) or len(data) < len(HEADER) + 4:
        return None
    body = memoryview(data)[len(HEADER) + 4 :]
    if zlib.crc32(body) != int.from_bytes(data[len(HEADER) : len(HEADER) + 4], "big"):
        return None
    return marshal.loads(body)


class _Kept:
    """What the file holds, and what was compiled or used in this run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        code: dict[CodeKey, CodeType] = {}
        programs: dict[PatternKey, Program] = {}
        try:
            read = _checked(read_file(path, LARGEST, own=True))
            if type(read) is dict and _all_code(read.get("code")) and _all_programs(read.get("re")):
                code, programs = read["code"], read["re"]
        except Exception:  # not ours or damaged: compiled again, and written over
            code, programs = {}, {}
        self.code: Kept[CodeKey, CodeType] = Kept(code)
        self.programs: Kept[PatternKey, Program] = Kept(programs)

    def compiled(self, source: str, mode: str) -> CodeType:
        return self.code.get((mode, source), lambda: compile(source, "<string>", mode, dont_inherit=True))

    def stop_learning(self) -> None:
        self.code.learning = self.programs.learning = False

    def write(self) -> None:
        """What was used in this run, if compiling what the file lacked took long enough."""
        if not (self.code.new or self.programs.new) or self.code.cost + self.programs.cost < WORTH_WRITING:
            return
        self.code.new = self.programs.new = False
        self.code.cost = self.programs.cost = 0.0
        body = marshal.dumps({"code": self.code.used, "re": self.programs.used})
        write_file(self.path, HEADER + zlib.crc32(body).to_bytes(4, "big") + body)


_kept: _Kept | None = None


def _caller_namespaces(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The namespaces to run in: as given, or the caller's caller's, as the
    builtin would take its caller's."""
    if args and args[0] is not None:
        return args
    frame = sys._getframe(2)
    return (frame.f_globals, frame.f_locals if len(args) < 2 or args[1] is None else args[1])


def _exec(source: Any, /, *args: Any, **kwargs: Any) -> Any:
    kept = _kept
    if kept is not None and type(source) is str:
        source = kept.compiled(source, "exec")
    return builtins.exec(source, *_caller_namespaces(args), **kwargs)


def _eval(source: Any, /, *args: Any) -> Any:
    kept = _kept
    if kept is not None and type(source) is str:
        source = kept.compiled(source.lstrip(" \t"), "eval")  # as eval takes a text
    return builtins.eval(source, *_caller_namespaces(args))


def _compile(
    source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False, optimize: int = -1
) -> Any:
    """compile as typing calls it for each annotation written as a string
    (a ForwardRef: 270 at a start)."""
    kept = _kept
    if kept is None or type(source) is not str or filename != "<string>" or flags or optimize != -1:
        return builtins.compile(source, filename, mode, flags, dont_inherit, optimize)
    return kept.compiled(source, mode)


def _program(pattern: str | bytes, flags: int) -> Program:
    """What re._compiler.compile gives the engine for ``pattern`` (its steps, as verified)."""
    _compiler, _parser = _re_module("_compiler"), _re_module("_parser")
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # (its named constants are ints)
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


_stock_re: Any = None  # re._compiler.compile (kept once taken: a copy of ours may outlive the hook)


def _re_compile(pattern: Any, flags: int = 0) -> Any:
    kept = _kept
    if kept is None or type(pattern) not in (str, bytes) or type(flags) is not int or flags & 128:  # re.DEBUG
        return _stock_re(pattern, flags)
    import _sre

    key = (type(pattern).__name__, pattern, flags)
    made, code, groups, groupindex, indexgroup = kept.programs.get(key, lambda: _program(pattern, flags))
    try:
        return _sre.compile(pattern, made, code, groups, dict(groupindex), indexgroup)
    except Exception:
        kept.programs.forget(key)
        raise


def _re_module(name: str) -> Any:
    """re's own module ``name`` (re._compiler, re._parser), or None."""
    import re  # noqa: F401  (imports its modules)

    return sys.modules.get(f"re.{name}")


def verified() -> bool:
    """Whether this Python is one this was verified on (its regular expression
    compiler, to the byte, included)."""
    sums = VERIFIED.get(sys.version_info[:2])
    code = getattr(getattr(_re_module("_compiler"), "compile", None), "__code__", None)
    return sums is not None and code is not None and zlib.crc32(code.co_code) in sums


#: The modules that compile text as they make classes, and the builtin each calls.
HOOKED = (("dataclasses", "exec"), ("collections", "eval"), ("typing", "compile"))

_HOOKS = {"exec": _exec, "eval": _eval, "compile": _compile}


def install(folder: Path) -> None:
    """From now on, in this process, what the hooked modules compile and the
    regular expressions go through the file kept in ``folder`` (on a
    verified Python; elsewhere nothing changes)."""
    global _kept, _stock_re
    import collections  # noqa: F401  (the hooked modules: imported to be hooked)
    import dataclasses  # noqa: F401
    import typing  # noqa: F401

    uninstall()
    if not verified():
        return
    tag = getattr(sys.implementation, "cache_tag", None) or "python"
    _kept = _Kept(folder / f"{tag}-compiled.marshal")
    for module, name in HOOKED:
        setattr(sys.modules[module], name, _HOOKS[name])
    compiler = _re_module("_compiler")
    if _stock_re is None:
        _stock_re = compiler.compile
    compiler.compile = _re_compile


def stop_learning() -> None:
    """Everything is imported, the app about to run: what is compiled from
    now on is not kept (the patterns made of what the user searches for,
    a query restored from the last visit among them)."""
    if _kept is not None:
        _kept.stop_learning()


def keep() -> None:
    """Write what was compiled in this run, if it is worth it (once the app has run)."""
    if _kept is not None:
        _kept.write()


def uninstall() -> None:
    """The builtins and the compiler back in place (for the tests)."""
    global _kept
    for module, name in HOOKED:
        hooked = sys.modules.get(module)
        if hooked is not None and vars(hooked).get(name) is _HOOKS[name]:
            delattr(hooked, name)
    compiler = _re_module("_compiler")
    if _stock_re is not None and compiler.compile is _re_compile:
        compiler.compile = _stock_re
    _kept = None


def from_file() -> tuple[int, int]:
    """How many compiled texts and patterns the file gave (for the tests)."""
    return (len(_kept.code.read), len(_kept.programs.read)) if _kept is not None else (0, 0)
