"""What a newcomer installs: declared dependencies, the sdist, and errors from a broken install.

The README's first command itself runs in CI (.ci/run), in a fresh venv with the Python's own
pip; these tests hold, offline, the properties that command relies on.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from gazhelpers import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DIST = PYPROJECT["project"]["name"]

sys.path.insert(0, str(ROOT / "scripts"))
from readme_command import readme_commands  # noqa: E402

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Rockets hit a base near Erbil</title>
<meta property="article:published_time" content="2024-01-12T07:00:00Z">
</head><body>
<nav><a href="/">Front page</a></nav>
<article><h1>Rockets hit a base near Erbil</h1>
<p>Two rockets struck Erbil Air Base on Thursday, officials said. Nobody was hurt.</p>
</article></body></html>
"""

RECORD = {
    "title": "Drone downed over Al-Asad",
    "published": "2024-01-14",
    "text": "A drone was shot down over Al-Asad Air Base on Saturday, officials said.",
}

NOTE = """---
title: "Mortars near the embassy"
published: 2024-01-15
---
Mortar rounds landed near the US Embassy in Baghdad on Monday, police said.
"""


def _canon_requirements(reqs: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in reqs}


def _declared() -> set[str]:
    project = PYPROJECT["project"]
    names = _canon_requirements(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        names |= _canon_requirements(extra)
    return names


def _third_party_imports(package: Path) -> set[str]:
    """Top-level names of every absolute import under a package, stdlib and itself excluded."""
    found: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in {"geo", "__future__"}}


def test_every_module_geo_imports_is_declared_by_its_distribution() -> None:
    imported = _third_party_imports(ROOT / "geo")
    # The walk sees the imports made inside functions too (the reader's lazy ones).
    assert {"charset_normalizer", "branca", "trafilatura", "folium", "yaml"} <= imported
    owners = metadata.packages_distributions()
    declared = _declared()
    undeclared = {
        m: owners.get(m)
        for m in sorted(imported)
        if not owners.get(m) or not {canonicalize_name(d) for d in owners[m]} & declared
    }
    assert undeclared == {}, f"imported by geo/ but not in pyproject.toml: {undeclared}"


def _closure_without_extra_normalization(requirements: list[str]) -> set[str]:
    """Distributions an installer reaches from ``requirements`` matching extra names literally.

    pip 23.2 (the one Python 3.11 ships) compares a requested extra with the names a
    distribution provides as written: justext asks for ``lxml[html_clean]``, lxml provides
    ``html-clean``, so the extra, and lxml_html_clean with it, is silently dropped.
    """
    env = {"python_version": f"{sys.version_info.major}.{sys.version_info.minor}"}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(r.name, frozenset(r.extras)) for r in map(Requirement, requirements)]
    reached: set[str] = set()
    while todo:
        name, extras = todo.pop()
        if (canonicalize_name(name), extras) in seen:
            continue
        seen.add((canonicalize_name(name), extras))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an environment-marked requirement not installed here
        reached.add(canonicalize_name(name))
        provided = set(dist.metadata.get_all("Provides-Extra") or [])
        matched = {e for e in extras if e in provided}
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is not None and not any(
                req.marker.evaluate({**env, "extra": e}) for e in ({""} | matched)
            ):
                continue
            todo.append((req.name, frozenset(req.extras)))
    return reached


LOADED = r"""
import json, sys
from importlib import metadata
before = set(sys.modules)
from geo.cli import main
code = main(["render", *sys.argv[1:-1], "-o", sys.argv[-1]])
owners = metadata.packages_distributions()
loaded = {m.split(".")[0] for m in set(sys.modules) - before}
print(json.dumps({"code": code, "dists": sorted({d for m in loaded for d in owners.get(m, [])})}))
"""


def test_what_reading_every_input_loads_is_installed_by_an_old_pip(
    tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    """Reading each input kind and rendering needs only what geomap's requirements reach.

    Reached the way the pip that ships with Python resolves them: this is the check that
    fails when lxml_html_clean is left to lxml's extra.
    """
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "record.json").write_text(json.dumps(RECORD), encoding="utf-8")
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    inputs = [str(tmp_path / n) for n in ("page.html", "record.json", "note.md")]
    proc = subprocess.run(
        [sys.executable, "-c", LOADED, *inputs, str(tmp_path / "map.html")],
        capture_output=True,
        text=True,
        env={**os.environ, "GEOMAP_GAZETTEER": str(tiny_gaz_dir)},
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["code"] == 0
    loaded = {canonicalize_name(d) for d in got["dists"]} - {canonicalize_name(DIST)}
    assert {"lxml-html-clean", "trafilatura", "folium", "charset-normalizer"} <= loaded
    reached = _closure_without_extra_normalization(PYPROJECT["project"]["dependencies"])
    assert loaded - reached == set()


def _shadowed_env(tmp_path: Path, tiny_gaz_dir: Path) -> dict[str, str]:
    """A real broken install: an empty lxml_html_clean package first on sys.path."""
    shadow = tmp_path / "shadow" / "lxml_html_clean"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("", encoding="utf-8")
    return {
        **os.environ,
        "PYTHONPATH": str(shadow.parent),
        "GEOMAP_GAZETTEER": str(tiny_gaz_dir),
    }


def test_an_unexpected_exception_is_one_line_and_exit_2(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out.geojson"
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "extract", str(page), "-o", str(out)],
        capture_output=True,
        text=True,
        env=_shadowed_env(tmp_path, tiny_gaz_dir),
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("geomap: error: internal error: ImportError: ")
    assert "Cleaner" in lines[0] and "--debug" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "shadow"]


def test_debug_shows_the_traceback_of_an_unexpected_exception(
    tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "--debug",
            "extract",
            str(page),
            "-o",
            str(tmp_path / "o.geojson"),
        ],
        capture_output=True,
        text=True,
        env=_shadowed_env(tmp_path, tiny_gaz_dir),
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback (most recent call last)" in proc.stderr
    assert (
        proc.stderr.strip().splitlines()[-1].startswith("ImportError: cannot import name 'Cleaner'")
    )


def test_an_expected_error_still_says_what_is_wrong_without_internal(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "extract",
            str(tmp_path / "missing.md"),
            "-o",
            str(tmp_path / "o.geojson"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("geomap: error: ") and "internal error" not in line


def test_readme_first_command_installs_with_the_venvs_own_pip() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first, second = readme_commands(readme)[:2]
    assert first == (
        "python3 -m venv .venv && .venv/bin/pip install . && "
        ".venv/bin/geomap render examples/articles -o maps/example.html"
    )
    assert second == "bash scripts/test.sh"
    assert "--upgrade pip" not in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")


def test_readme_command_script_numbers_commands_and_refuses_a_missing_one(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n```text\nnot this\n```\n\n```bash\n# a comment\necho one\n\n  echo two  \n```\n"
        "```bash\necho three\n```\n",
        encoding="utf-8",
    )
    script = str(ROOT / "scripts" / "readme_command.py")
    run = [sys.executable, script]
    two = subprocess.run([*run, "2", str(readme)], capture_output=True, text=True, check=False)
    assert (two.returncode, two.stdout) == (0, "echo two\n")
    three = subprocess.run([*run, "3", str(readme)], capture_output=True, text=True, check=False)
    assert three.returncode == 2 and three.stdout == ""
    assert three.stderr.count("\n") == 1 and "2 command(s)" in three.stderr


def test_pip_install_mentions_name_this_distribution() -> None:
    texts = [
        ROOT / "README.md",
        *sorted((ROOT / "docs").glob("*.md")),
        *sorted((ROOT / "geo").glob("*.py")),
    ]
    mentions = [
        (p.name, m.group(1))
        for p in texts
        for m in re.finditer(r"pip install '([^'.][^'\[]*)\[", p.read_text(encoding="utf-8"))
    ]
    assert ("README.md", DIST) in mentions
    assert {name for _, name in mentions} == {DIST}


def _readme_paths() -> set[str]:
    """Repository paths the README links to or tells the reader to use."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = {m for m in re.findall(r"\]\(([^)#]+)\)", readme) if "://" not in m}
    named = set(
        re.findall(r"\b((?:bench|docs|examples|gazetteer|scripts|tests)/[\w./-]*\w)", readme)
    )
    return links | named


@pytest.mark.slow
def test_sdist_carries_what_the_readme_needs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("*.tar.gz")
    assert sdist.name.startswith(canonicalize_name(DIST).replace("-", "_") + "-")
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        top = names[0].split("/")[0]
        files = {n.removeprefix(top + "/") for n in names}
        pkg_info = tar.extractfile(f"{top}/PKG-INFO")
        assert pkg_info is not None
        info = pkg_info.read().decode("utf-8")
    dirs = {str(parent) for f in files for parent in Path(f).parents} | files

    wanted = _readme_paths()
    assert {"examples/articles", "scripts/test.sh", "docs/img/example-map.png"} <= wanted
    assert wanted - dirs == set()
    for name in ("README.md", "LICENSE", "CHANGELOG.md", "pyproject.toml", "maps/.gitkeep"):
        assert name in files
    for d in ("examples/articles", "gazetteer", "tests/data"):
        expected = {
            str(p.relative_to(ROOT))
            for p in (ROOT / d).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert expected and expected <= files, d
    assert not any(f.startswith((".venv/", ".assets/")) for f in files)

    assert f"Name: {DIST}" in info
    assert "Classifier: License :: OSI Approved :: MIT License" in info
    assert "Project-URL: Source, https://github.com/geomap-project/geomap" in info
    assert "Requires-Dist: lxml-html-clean" in info or "Requires-Dist: lxml_html_clean" in info
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
