"""Package list for setuptools: ``resources/`` is installed as ``koffer.resources``."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["koffer", "koffer.*"]), "koffer.resources"],
    package_dir={"koffer.resources": "resources"},
    package_data={
        "koffer": ["storage/migrations/*.mako", "sync/townhall/migrations/*.mako"],
        "koffer.resources": ["*.md", "*/*", "*/*/*"],
    },
)
