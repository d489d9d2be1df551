"""The build's big pickles (the snapshot, the link index), read and written quickly.

Two costs that are not the pickle's own, measured on the snapshot of 251,287
cables (108 MB, one summary, one set of glossary terms and one set of search
terms per cable):

- **The cyclic garbage collector.** Unpickling makes millions of objects, and
  each few hundred of them start a collection that walks the objects already
  made: loading took 4.0 s with the collector on and 1.2 s with it paused,
  writing 3.5 s and 2.3 s. Nothing made while loading is garbage, so
  ``load`` and ``dumps`` pause it.
- **``dataclasses.fields`` per object.** A dataclass with ``slots=True``
  pickles its fields through ``__getstate__``/``__setstate__`` that call it
  for every object; ``fast_pickle`` gives a class the same state (one value
  per field, in field order) from names computed once, so states written
  either way load either way. Writing the snapshot took 2.3 s instead of 2.7 s.
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (as it was after it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load(path: Path) -> Any:
    """The object pickled in ``path`` (the caller handles errors as for ``pickle.load``)."""
    with path.open("rb") as handle, collector_paused():
        return pickle.load(handle)


def dumps(value: Any) -> bytes:
    """``value`` pickled with the highest protocol."""
    with collector_paused():
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def fast_pickle(cls: type[T]) -> type[T]:
    """Class decorator (outside ``@dataclass(slots=True)``): quicker pickling, same state."""
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    getter = attrgetter(*names)
    single = len(names) == 1
    put = object.__setattr__

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return (getter(self),) if single else getter(self)

    def __setstate__(self: Any, state: Any) -> None:
        # Not strict, as dataclasses' own: a state of fewer fields (an older cablegen's)
        # leaves the rest unset, for the reader's version checks to find.
        for name, value in zip(names, state, strict=False):
            put(self, name, value)

    cls.__getstate__ = __getstate__  # type: ignore[method-assign]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls
