"""How the jobboard command runs its process (not the app's business: tests
and embedders that make a JobBoard keep their own garbage-collector settings)."""

from __future__ import annotations

import gc
import os


def begin() -> None:
    """First, before the board's code is imported: what Python compiles as
    modules are imported compiled once, not at every start (see fast.compiled)."""
    from tui import fast

    fast.begin()


def prepare() -> None:
    """Before the app is imported and run."""
    # Compose frames at up to 120 a second (Textual's default is 60): a key's
    # result reaches the screen up to 8 ms sooner. The user's setting wins.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from tui import fast

    fast.install()  # before the driver exists: it takes its input parser at start
    # Starting allocates a few hundred thousand objects that live as long as
    # the app; the cyclic collector would walk them again and again (70 ms
    # of a 0.6 s start). settle_collector() turns it back on.
    gc.disable()


def imported() -> None:
    """Everything is imported, the app about to run: what is compiled from
    now on is not kept for the next start (see fast.compiled)."""
    from tui import fast

    fast.stop_learning()


def finish() -> None:
    """Once the app has run (before the process ends)."""
    from tui import fast

    fast.keep()


def end_now(code: int) -> None:
    """End the process without Python's exit, once the app has ended with
    worker processes at work: that exit would wait for the pools' threads,
    one of which may wait forever for a result its worker was ended sending.
    Everything the user did is saved as it is done; what was being read is
    read again next time (the text index and the cache are written whole or
    not at all)."""
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def settle_collector() -> None:
    """Once the board is loaded and indexed: it and the UI live as long as the
    app, so move them out of the collector's sight, or each full collection
    walks 100,000 postings (a stall of a tenth of a second while holding j
    down). Then the collector is on again."""
    gc.collect()
    gc.freeze()
    # What is left to collect is what frames and keystrokes make and drop
    # (strips, segments): collect it in batches, not every 700 objects
    # (a collection every few milliseconds while typing).
    gc.set_threshold(20_000, 20, 20)
    gc.enable()
