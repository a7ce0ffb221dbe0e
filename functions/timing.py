"""Answer a new address as slowly as a known one, so that time tells nobody who endorsed.

A new address costs one DynamoDB write (its transaction succeeds). A known address costs two:
the same transaction, refused (it returns the stored item), then a second one of the same size
(the mail beside a check that the item is unchanged). Doing a useless second write for every
new endorsement would double its cost, so the new path waits instead, for as long as a refused
first write took: a duration drawn from the refused writes this process actually made (their
distribution, not their mean). Then both paths are "a successful write plus a refused one",
in some order, and a classifier sees one curve. Before any known address was seen, the new
path waits as long as its own write took. `make bench` measures the best classifier's accuracy.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable

SAMPLES = 16  # recent enough to follow the load within seconds, enough to be a distribution


class TimingEqualiser:
    """The known path's refused writes' durations, and a pause drawn from them."""

    def __init__(self, samples: int = SAMPLES, sleep: Callable[[float], None] = time.sleep) -> None:
        self._durations: deque[float] = deque(maxlen=samples)
        self._lock = threading.Lock()
        self._sleep = sleep

    def record(self, seconds: float) -> None:
        """What a known address's refused first write took (seconds)."""
        with self._lock:
            self._durations.append(max(0.0, seconds))

    def pause(self, fallback: float) -> float:
        """Wait as long as a refused first write took, one drawn at random (else `fallback`,
        the caller's own write); the pause, in seconds."""
        with self._lock:
            drawn = random.choice(self._durations) if self._durations else fallback  # noqa: S311 - a pause, not a secret
        self._sleep(drawn)
        return drawn
