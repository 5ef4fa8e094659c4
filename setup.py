"""Package list for setuptools: ``resources/`` is installed as ``koffer.resources``."""

from setuptools import find_namespace_packages, find_packages, setup

resource_packages = [
    f"koffer.resources.{name}" for name in find_namespace_packages(where="resources")
]

setup(
    packages=[*find_packages(include=["koffer", "koffer.*"]), "koffer.resources",
              *resource_packages],
    package_dir={"koffer.resources": "resources"},
    package_data={
        "koffer": ["storage/migrations/*.mako", "sync/townhall/migrations/*.mako"],
        **{package: ["*"] for package in ["koffer.resources", *resource_packages]},
    },
)
