"""Answer a new address as slowly as a known one, so that time tells nobody who endorsed.

A submission of a known address costs a second DynamoDB write (the refused first write returns
the stored item; the second writes the mail beside a check that the item is unchanged). A new
address needs one write. Doing a useless second write for every new endorsement would double
its cost, so the new path waits instead: until its whole answer has taken as long as a known
address's whole answer took, one drawn from those this process actually served (their
distribution, not their mean: a classifier then sees one curve). Before any known address was
seen, it waits as long again as its own write took (the known path is two such writes).
`make bench` measures the best classifier's accuracy.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable

SAMPLES = 64  # recent enough to follow the table's load, enough to be a distribution


class TimingEqualiser:
    """The known path's durations, and a pause that brings the new path's up to one of them."""

    def __init__(self, samples: int = SAMPLES, sleep: Callable[[float], None] = time.sleep) -> None:
        self._durations: deque[float] = deque(maxlen=samples)
        self._lock = threading.Lock()
        self._sleep = sleep

    def record(self, seconds: float) -> None:
        """What a known address's answer took, from its first write to its last (seconds)."""
        with self._lock:
            self._durations.append(max(0.0, seconds))

    def pause(self, elapsed: float) -> float:
        """Wait until the new path, `elapsed` seconds in, has taken as long as a known one
        drawn at random; the pause, in seconds (0 when it already took longer)."""
        with self._lock:
            target = random.choice(self._durations) if self._durations else 2 * elapsed  # noqa: S311 - a pause, not a secret
        pause = max(0.0, target - elapsed)
        if pause:
            self._sleep(pause)
        return pause
