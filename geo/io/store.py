"""The store: a GeoPackage of incidents kept across runs (``geomap ... --store GPKG``).

A store is a file of the ``gpkg`` format (:mod:`geo.io.gpkg`) with one more layer, the
analyst's ``corrections`` (:mod:`geo.corrections`). A run reads it as one more input (its
incidents are rebuilt from their sources, merged with the new reports) and takes its
corrections; ``geomap extract`` writes everything back, under the store's lock from reading
to writing (:func:`geo.io.output_lock`), so two runs on one store add both their reports.
The store keeps every incident: ``--since``, ``--until`` and ``--type`` apply to ``-o``
only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import UsageError
from geo.io.atomic import output_lock
from geo.io.core import write_incidents
from geo.io.gpkg import GPKG

if TYPE_CHECKING:
    from geo.corrections import CorrectionSet
    from geo.gazetteer import Gazetteer
    from geo.models import Incident, Tally

__all__ = ["Store"]


class Store:
    """A store file: its checks, its lock, its corrections, and writing it back.

    Parameters
    ----------
    path : path-like
        The store (a ``.gpkg`` file).
    must_exist : bool, default False
        Refuse a store that does not exist yet (``geomap render`` reads a store; ``geomap
        extract`` may start one).

    Raises
    ------
    UsageError
        The name is not a GeoPackage's, or the store must exist and does not.
    """

    def __init__(self, path: str | os.PathLike[str], *, must_exist: bool = False) -> None:
        self.path = Path(path)
        if not self.path.name.lower().endswith(GPKG.suffixes):
            raise UsageError(f"--store must be a {GPKG.suffixes[0]} file, got {self.path.name!r}")
        if must_exist and not self.exists:
            raise UsageError(f"store not found: {self.path}")

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def exists(self) -> bool:
        """Whether the store has been written (a first run starts it)."""
        return self.path.exists()

    def inputs(self) -> list[str]:
        """Return the store as an input of :func:`geo.pipeline.run`: itself once it exists."""
        return [str(self.path)] if self.exists else []

    def corrections(self, gazetteer: Gazetteer) -> CorrectionSet:
        """Return the corrections the store keeps, and the incidents they hold back.

        A corrections file given again (``--corrections``) replaces the entries; the held
        incidents stay (:class:`geo.corrections.CorrectionSet`).
        """
        from geo.corrections import CorrectionSet, read_stored_corrections

        return read_stored_corrections(self.path, gazetteer) if self.exists else CorrectionSet()

    def lock(self) -> AbstractContextManager[None]:
        """Hold the store's lock: one run at a time reads it and writes it back."""
        return output_lock(self.path)

    def write(
        self,
        incidents: Sequence[Incident],
        *,
        tallies: Sequence[Tally] = (),
        corrections: Sequence[Mapping[str, str]] = (),
    ) -> Path:
        """Write the store back whole: every incident, the tallies, the corrections layer."""
        return write_incidents(
            incidents,
            self.path,
            tallies=tallies,
            fmt=GPKG.name,
            force=True,
            layers={"corrections": corrections},
        )
