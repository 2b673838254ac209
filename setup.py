"""Only what pyproject.toml cannot say: the package list joins found packages with the mapped folders."""
from setuptools import find_packages, setup

BUNDLED = ["studyapp._bundled.content", "studyapp._bundled.migrations", "studyapp._bundled.migrations.versions"]

setup(packages=find_packages(include=["studyapp", "studyapp.*", "labs", "labs.*"]) + BUNDLED)
