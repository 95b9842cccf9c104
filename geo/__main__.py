"""``python -m geo``: the same as the ``geomap`` command."""

from geo.cli import entry

if __name__ == "__main__":
    entry()
