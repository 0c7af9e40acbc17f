#!/usr/bin/env bash
# One-time setup: Node packages, Jupyter (Debian/Ubuntu packages), the course kernel, a data check.
# Safe to run again. Usage: npm run setup   (or: bash scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Node.js $(node --version), npm $(npm --version)"
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then echo "Node.js 20 or newer is required (found $(node --version))."; exit 1; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing Node packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# Jupyter is not on npm: Debian/Ubuntu's packages provide the headless executor (nbclient), the
# kernel client, nbconvert and the classic notebook UI. /usr/bin/python3 is the Python that has them.
APT_PKGS="jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook"
have_jupyter() { /usr/bin/python3 -c "import nbclient, nbformat, jupyter_client" >/dev/null 2>&1; }
if have_jupyter; then
  say "Jupyter found ($(/usr/bin/python3 -c 'import nbclient; print("nbclient", nbclient.__version__)'))"
  if ! /usr/bin/python3 -c "import notebook" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing the classic notebook UI (jupyter-notebook) for npm run jupyter"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jupyter-notebook >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jupyter-notebook >/dev/null 2>&1; } \
        || echo "(jupyter-notebook UI not installed: headless runs still work)"
    else
      echo "For the notebook UI (npm run jupyter): sudo apt-get install -y jupyter-notebook"
    fi
  fi
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "Installing Jupyter from Debian/Ubuntu packages: $APT_PKGS"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # the classic UI is for interactive use only; the headless run needs the first three
  apt-get install -y -qq --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client >/dev/null
  apt-get install -y -qq --no-install-recommends jupyter-notebook >/dev/null 2>&1 || echo "(jupyter-notebook UI not installed: headless runs still work)"
else
  say "Jupyter is not installed"
  echo "Notebooks will run with tslab in-process (no Jupyter needed). For the notebook UI and the"
  echo "Jupyter-kernel path, install Debian/Ubuntu's packages, then run this setup again:"
  echo "  sudo apt-get update && sudo apt-get install -y $APT_PKGS"
fi

# CI only (CI=true, as .ci/run sets): Slurm from Debian's packages, so that the gzip-knn job-array test
# (test/compress/gzip-knn-slurm.test.ts) starts a one-machine cluster. Learners' setup does not install
# Slurm: --slurm targets the cluster you already have.
if [ "${CI:-}" = "true" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! command -v sbatch >/dev/null; then
  say "CI: installing Slurm (slurmctld slurmd slurm-client munge) for the job-array test"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null 2>&1; } \
    || echo "(Slurm not installed: the job-array test will say it is skipped)"
fi

say "Registering the course kernel (mlsys-ts: tslab started at $(pwd))"
node -e '
  require("tsx/cjs");
  const { writeKernelspec } = require("./lib/nb/kernel.ts");
  console.log("kernelspec written under " + writeKernelspec() + "/kernels/mlsys-ts");
'
if have_jupyter; then
  /usr/bin/python3 -m jupyter kernelspec install --user --replace --name mlsys-ts build/jupyter/kernels/mlsys-ts >/dev/null 2>&1 \
    || /usr/bin/jupyter kernelspec install --user --replace --name mlsys-ts build/jupyter/kernels/mlsys-ts >/dev/null
  echo "registered for Jupyter (user kernelspec 'mlsys-ts', display name 'TypeScript (ML Systems course)')"
fi

say "Checking datasets"
npx tsx scripts/data.ts verify --quiet || {
  echo "Some datasets are missing or corrupt (see above). Notebooks that need them will stop with the fix."
}
say "Setup done. Next: npm run course   (or npm run jupyter for the notebook UI)"
