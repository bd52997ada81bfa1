"""Reference rows a bulk load, or one read request (`jianyi.middleware.ReadReferenceOnceMiddleware`),
reads once: the congress's Policy, its deadline rules and holiday calendar, the units' review chains.

Every step reads them again, which is right for the platform (the office's change shows at the
next step), but a load that replays thousands of steps and changes none of them (the demo) reads
each once inside `cached()`. Outside a `cached()` block `read` always asks the database.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("reference_memo", default=None)


@contextmanager
def cached() -> Iterator[None]:
    """Inside: each reference row is read once (the code inside must not change them, or `forget` them)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def read(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, or inside `cached()` the value it gave the first time for `key`."""
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def forget(key: Hashable) -> None:
    """A reference row changed inside `cached()`: the next read goes to the database."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)
