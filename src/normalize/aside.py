"""Compute a value in a forked child process while this process goes on with other work.

Building the index of a gazetteer takes tens of seconds of pure Python, and a machine has
two cores or more: a part of the build that depends only on what is already built (a
mechanism's table) can be computed beside the rest. The child is forked, so it reads the
parent's objects as they are (nothing is sent to it), and hands back its result pickled
through a pipe (the child is this very process: its bytes are trusted as its own).

Forking is only done where it is safe and can pay: on Linux, with more than one CPU, and
no other thread running (a thread holding a lock at the fork would leave the child stuck
on it). Otherwise, or if the child fails for any reason, the value is computed here, in
this process, when it is asked for: the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Return True when a child may be forked here: Linux, several CPUs, this thread alone.

    (macOS has ``fork`` too, but its system libraries are not safe to use in a forked child.)
    """
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Aside(Generic[T]):
    """``work()`` started in a forked child (when :func:`can_fork`); :meth:`result` returns its value.

    ``work`` must not change anything the parent relies on (the child's changes stay in the
    child) and must return a picklable value.
    """

    def __init__(self, work: Callable[[], T], *, fork: bool | None = None) -> None:
        self._work = work
        self._pid = 0
        self._read = -1
        if not (can_fork() if fork is None else fork) or not hasattr(os, "fork"):
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            status = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """Return the value of ``work()``: the child's, or computed here if there is none or it failed."""
        if not self._pid:
            return self._work()
        pid, self._pid = self._pid, 0
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()  # all of it before waiting: a full pipe would hold the child up
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            try:
                value: T = pickle.loads(data)
            except Exception:  # a broken hand-over is only a lost shortcut
                pass
            else:
                return value
        return self._work()
