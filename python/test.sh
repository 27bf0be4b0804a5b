#!/usr/bin/env bash
# The Python client's tests, against a real Legflow server that the tests start themselves (Node and the
# repository's npm install are needed). Arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
exec .venv/bin/python -m pytest "$@"
