"""The examples in the package's docstrings run, and say what the code does."""

import doctest
import importlib
import pkgutil

import pytest

import geo

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(geo.__path__, "geo.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_examples_are_many() -> None:
    attempted = sum(
        doctest.testmod(importlib.import_module(n), verbose=False).attempted for n in MODULES
    )
    assert attempted >= 10
