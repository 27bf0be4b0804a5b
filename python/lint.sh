#!/usr/bin/env bash
# The Python package's static checks: ruff over the package, its tests and examples, and mypy --strict over
# src/legflow (rules and settings in pyproject.toml).
set -euo pipefail
source "$(dirname "$0")/venv.sh"
.venv/bin/ruff check --quiet .
.venv/bin/python -m mypy
