#!/usr/bin/env bash
# The Python client's tests, against a real Legflow server that the tests start themselves (Node and the
# repository's npm install are needed). Makes python/.venv on first use, installs this package from the
# folder (as `pip install ./python` would) with its test extra, then runs pytest; arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
exec .venv/bin/python -m pytest "$@"
