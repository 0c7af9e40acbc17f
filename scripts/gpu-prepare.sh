#!/usr/bin/env bash
# Prepares the course's GPU benches for a Linux x64 GPU machine that has no Node.js (and maybe no
# network), then prints what to run there. On a GPU machine WITH Node.js you do not need this:
# `npm ci && npm run bench:gpu && npm run bench:decode` there (see bench/README.md).
#
#   bash scripts/gpu-prepare.sh
#
# 1. Bundles bench/gpu-serving.ts (module 04) and bench/llm-decode.ts (module 05) into single
#    JavaScript files under build/gpu/ with esbuild (onnxruntime-node stays external).
# 2. Copies the AG News files module 04 reads into build/gpu/data/ (from MLSYS_DATA_MIRROR or the
#    download cache .cache/datasets; fetch them first with `npm run data -- fetch ag_news`).
# 3. Packs Node.js, onnxruntime-node and the Vulkan loader into .gpu/ (scripts/gpu-pack.sh).
# Both folders are git-ignored; copy the project folder with them to the GPU machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "gpu-prepare: run npm ci first" >&2; exit 1; }
rm -rf build/gpu && mkdir -p build/gpu/data
for b in gpu-serving llm-decode; do
  npx --no-install esbuild "bench/$b.ts" --bundle --platform=node --target=node20 --external:onnxruntime-node \
    --outfile="build/gpu/$b.js" --log-level=error
done
# the inference worker thread of module 04 is loaded from a file next to the code that starts it
cp lib/gpu/inference-worker.cjs build/gpu/
agnews=""
for d in ${MLSYS_DATA_MIRROR:-} .cache/datasets ../shared/datasets; do
  [ -n "$d" ] && [ -d "$d/ag_news" ] && { agnews="$d/ag_news"; break; }
done
if [ -n "$agnews" ]; then
  mkdir -p build/gpu/data/ag_news && cp "$agnews"/* build/gpu/data/ag_news/
else
  echo "gpu-prepare: AG News not found (run npm run data -- fetch ag_news, or set MLSYS_DATA_MIRROR): module 04's text benches will fail there" >&2
fi
bash scripts/gpu-pack.sh onnxruntime-node
du -sh build/gpu .gpu
cat <<'MSG'

Ready. Copy this folder (with .gpu/ and build/gpu/) to the GPU machine, and there, in it, run:
  bash .gpu/boot.sh node build/gpu/llm-decode.js --out results-gpu/llm
  MLSYS_DATA_MIRROR=build/gpu/data bash .gpu/boot.sh node build/gpu/gpu-serving.js --out results-gpu/gpu
then copy results-gpu/llm/decode-*.json into results/llm/ and results-gpu/gpu/*.json into results/gpu/
here, and commit them.
MSG
