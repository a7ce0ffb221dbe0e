"""Answer a new address as slowly as a known one, so that time tells nobody who endorsed.

A submission of a known address costs a second DynamoDB write (the refused first write returns
the stored item; the second writes the mail beside a check that the item is unchanged). A new
address needs one write. Doing a useless second write for every new endorsement would double
its cost, so the new path waits instead, for a duration drawn from the second writes this
process actually made (their distribution, not their mean: a classifier then sees one curve).
Before any known address was seen, it waits as long as its own first write took, which is what
a second write of the same size costs. `make bench` measures the best classifier's accuracy.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable

SAMPLES = 64  # recent enough to follow the table's load, enough to be a distribution


class TimingEqualiser:
    """The known path's extra durations, and a pause drawn from them for the new path."""

    def __init__(self, samples: int = SAMPLES, sleep: Callable[[float], None] = time.sleep) -> None:
        self._durations: deque[float] = deque(maxlen=samples)
        self._lock = threading.Lock()
        self._sleep = sleep

    def record(self, seconds: float) -> None:
        """What the known path's extra work took (seconds)."""
        with self._lock:
            self._durations.append(max(0.0, seconds))

    def pause(self, fallback: float) -> float:
        """Wait as the known path's extra work would have taken; the pause, in seconds."""
        with self._lock:
            drawn = random.choice(self._durations) if self._durations else fallback  # noqa: S311 - a pause, not a secret
        self._sleep(drawn)
        return drawn
