"""Print the README's Nth command, so CI runs exactly what a newcomer reads.

    python3 scripts/readme_command.py N [README.md]

The commands are the lines of the README's first ```bash block that are neither blank nor
comments, numbered from 1 (1: set up and render the example map; 2: run the tests). Exit 2,
with one line on stderr, when the README has no such block or no Nth command.
"""

from __future__ import annotations

import sys
from pathlib import Path


def readme_commands(text: str) -> list[str]:
    """Return the command lines of the first ```bash block of a Markdown text.

    Parameters
    ----------
    text : str
        The README.

    Returns
    -------
    list of str
        Its non-blank, non-comment lines, stripped, in order; empty when there is no block.
    """
    commands: list[str] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if not inside:
            inside = stripped == "```bash"
            continue
        if stripped.startswith("```"):
            break
        if stripped and not stripped.startswith("#"):
            commands.append(stripped)
    return commands


def main(argv: list[str]) -> int:
    """Print the requested command; return the exit code."""
    if len(argv) not in (1, 2) or not argv[0].isdigit() or int(argv[0]) < 1:
        print("usage: python3 scripts/readme_command.py N [README.md]", file=sys.stderr)
        return 2
    readme = (
        Path(argv[1]) if len(argv) == 2 else Path(__file__).resolve().parent.parent / "README.md"
    )
    commands = readme_commands(readme.read_text(encoding="utf-8"))
    n = int(argv[0])
    if n > len(commands):
        print(
            f"readme_command: {readme} has {len(commands)} command(s) in its first bash block, not {n}",
            file=sys.stderr,
        )
        return 2
    print(commands[n - 1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
