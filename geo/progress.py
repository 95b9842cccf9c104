"""A one-line progress bar for a terminal: stage, bar, count, rate and time left.

:class:`ProgressBar` is a :data:`geo.pipeline.ProgressCallback`: call it as
``bar(stage, done, total)``. It redraws one line in place (carriage return, erase to the end
of the line), at most every ``interval`` seconds, and always on a new stage, on the first item
done and on the last. The command line creates one only when standard error is a terminal
and ``-q`` is not given; anything else it writes (warnings, the summary line) calls
:meth:`ProgressBar.clear` first, so a message is never drawn over the bar.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Final, TextIO

__all__ = ["ProgressBar", "format_duration"]

#: The unit counted in each stage of a run.
UNITS: Final[Mapping[str, str]] = {
    "loading": "incidents",
    "reading": "files",
    "merging": "reports",
    "rendering": "incidents",
    "writing": "files",
}


def format_duration(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour on."""
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _rate(per_second: float) -> str:
    return f"{per_second:,.0f}" if per_second >= 100 else f"{per_second:.1f}"


class ProgressBar:
    """Draw the progress of the stages of a run on one terminal line.

    Parameters
    ----------
    stream : text stream
        A terminal (the command line passes ``sys.stderr``).
    prog : str
        The prefix of the line (``geomap``).
    interval : float, default 0.1
        Least time between two redraws, in seconds.
    clock : callable, default time.monotonic
        Seconds, for the rate and the time left.
    units : mapping, optional
        The unit each stage counts (default :data:`UNITS`).
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        prog: str = "geomap",
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        units: Mapping[str, str] = UNITS,
    ) -> None:
        self.stream = stream
        self.prog = prog
        self.interval = interval
        self.clock = clock
        self.units = units
        self._stage: str | None = None
        self._started = 0.0
        self._drawn_at = float("-inf")
        self._shown = False
        fancy = (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"
        self._full, self._empty = ("\u2588", "\u2591") if fancy else ("#", "-")

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        """Report that ``done`` of ``total`` (None: unknown) items of ``stage`` are done."""
        now = self.clock()
        if stage != self._stage:
            self._stage, self._started = stage, now
        elif done not in (1, total) and now - self._drawn_at < self.interval:
            return
        self._drawn_at = now
        self._draw(self.line(stage, done, total, now - self._started))

    def line(self, stage: str, done: int, total: int | None, elapsed: float) -> str:
        """Return the text of the bar (no carriage return), fitted to the terminal."""
        unit = self.units.get(stage, "items")
        width = self._columns()
        head = f"{self.prog}: {stage:<9}"
        rate = done / elapsed if elapsed > 0 and done > 0 else None
        if total is None:
            tail = f" {done:,} {unit}"
            if rate is not None:
                tail += f"  {_rate(rate)} {unit}/s"
            tail += f"  {format_duration(elapsed)}"
            return (head + tail)[: width - 1]
        count = f" {done:,}/{total:,} {unit}"
        if rate is not None and total > 1:
            left = max(0, total - done) / rate
            tail = f"{count}  {_rate(rate)} {unit}/s  {format_duration(left)} left"
        else:  # nothing done yet, or a one-step stage: a rate would say nothing
            tail = f"{count}  {format_duration(elapsed)} elapsed"
        # The bar's width depends on the terminal only, so it does not jump as the text grows.
        bar_width = min(30, width - 1 - len(head) - 48)
        if bar_width < 10:
            return (head + tail)[: width - 1]
        filled = bar_width if total <= 0 else min(bar_width, bar_width * done // total)
        bar = self._full * filled + self._empty * (bar_width - filled)
        return f"{head} {bar} {tail}"[: width - 1]

    def clear(self) -> None:
        """Erase the bar, so that other text can be written on a clean line."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
            self._drawn_at = float("-inf")  # the next report draws it again

    def close(self) -> None:
        """Erase the bar at the end of the run."""
        self.clear()
        self._stage = None

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (AttributeError, OSError, ValueError):
            return 80
