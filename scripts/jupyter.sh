#!/usr/bin/env bash
# Opens the notebook UI on the course kernel: npm run jupyter [-- extra jupyter args]
set -euo pipefail
cd "$(dirname "$0")/.."
node -e 'require("tsx/cjs"); require("./lib/nb/kernel.ts").writeKernelspec()'
export JUPYTER_PATH="$(pwd)/build/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
if /usr/bin/python3 -c "import notebook" >/dev/null 2>&1; then
  exec /usr/bin/python3 -m notebook --notebook-dir=notebooks "$@"
elif command -v jupyter-lab >/dev/null 2>&1; then
  exec jupyter-lab --notebook-dir=notebooks "$@"
else
  echo "No Jupyter notebook UI found. Install it (Debian/Ubuntu): sudo apt-get install -y jupyter-notebook"
  echo "or run everything headless: npm run course"
  exit 1
fi
