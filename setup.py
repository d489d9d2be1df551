"""Ship the top-level ``themes/`` folder inside the package as ``generator._theme``.

The repository keeps the default theme at ``themes/default`` (where a site's
own themes live too); an installed cablegen finds it in ``generator/_theme``.
Everything else is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["generator*"]), "generator._theme"],
    package_dir={"generator._theme": "themes"},
)
