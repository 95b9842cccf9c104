"""The geomap error hierarchy.

Every error geomap raises on purpose derives from :class:`GeoMapError`, and mixes in the
built-in exception a caller would naturally catch (``ValueError``, ``OSError``...), as geopy
does. The command line turns any :class:`GeoMapError` into one line on stderr and exit code 2.
"""

from __future__ import annotations

__all__ = [
    "DocumentError",
    "ExportError",
    "GazetteerError",
    "GeoMapError",
    "GeocoderError",
    "InputError",
    "SchemaError",
    "UsageError",
]


class GeoMapError(Exception):
    """Base class for every error raised on purpose by geomap."""


class UsageError(GeoMapError, ValueError):
    """A bad option or argument value (a malformed date, an unknown attack type...)."""


class InputError(GeoMapError, OSError):
    """An input path is missing, unreadable, or holds no readable article."""


class DocumentError(GeoMapError, ValueError):
    """One document cannot be parsed (bad front matter, malformed JSON record...)."""


class GazetteerError(GeoMapError, ValueError):
    """Gazetteer files are missing, malformed or inconsistent."""


class SchemaError(GeoMapError, ValueError):
    """A record or frame does not match the incident schema of design.md."""


class ExportError(GeoMapError, OSError):
    """An output file cannot be written (exists without ``--force``, unknown format...)."""


class GeocoderError(GeoMapError, RuntimeError):
    """An online geocoder failed (wraps the provider's error)."""
