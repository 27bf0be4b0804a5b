# Sourced by test.sh and lint.sh: makes python/.venv on first use and installs this package from the folder
# (as `pip install ./python` would) with its test and lint extras, and pandas (the DataFrame tests need it).
# Leaves the shell in python/.
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test,lint,pandas]'
