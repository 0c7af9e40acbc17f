#!/usr/bin/env bash
# Prepares the course's GPU benches for a machine that has a GPU but no Node.js and no network
# (the lent H100 of this project; see ../shared/gpu/README.md), then prints the command to run there.
#
#   bash scripts/gpu-prepare.sh
#
# 1. Bundles bench/gpu-serving.ts (module 04) and bench/llm-decode.ts (module 05) into single
#    JavaScript files under build/gpu/ with esbuild (onnxruntime-node stays external).
# 2. Copies the AG News files module 04 reads from the data mirror into build/gpu/data/.
# 3. Packs Node.js, onnxruntime-node and the Vulkan loader into .gpu/ with ../shared/gpu/pack.sh.
# Both folders are git-ignored: pass them to the device tool as carry [".gpu", "build/gpu"].
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "gpu-prepare: run npm ci first" >&2; exit 1; }
mirror=${MLSYS_DATA_MIRROR:-../shared/datasets}
pack=${MLSYS_GPU_PACK:-../shared/gpu/pack.sh}
rm -rf build/gpu && mkdir -p build/gpu/data
for b in gpu-serving llm-decode; do
  npx --no-install esbuild "bench/$b.ts" --bundle --platform=node --target=node20 --external:onnxruntime-node \
    --outfile="build/gpu/$b.js" --log-level=error
done
# the inference worker thread of module 04 is loaded from a file next to the code that starts it
cp lib/gpu/inference-worker.cjs build/gpu/
if [ -d "$mirror/ag_news" ]; then
  mkdir -p build/gpu/data/ag_news && cp "$mirror"/ag_news/* build/gpu/data/ag_news/
else
  echo "gpu-prepare: no AG News in $mirror (set MLSYS_DATA_MIRROR): module 04's text benches will fail there" >&2
fi
[ -x "$pack" ] || [ -f "$pack" ] || { echo "gpu-prepare: $pack not found (set MLSYS_GPU_PACK to shared/gpu/pack.sh)" >&2; exit 1; }
mkdir -p "$(git rev-parse --git-dir)/info"   # pack.sh records .gpu/ in info/exclude
bash "$pack" onnxruntime-node
du -sh build/gpu .gpu
cat <<'MSG'

Ready. On the device tool, with carry [".gpu", "build/gpu"], run for example:
  bash .gpu/boot.sh node build/gpu/llm-decode.js --out $OUT/llm && \
  MLSYS_DATA_MIRROR=build/gpu/data bash .gpu/boot.sh node build/gpu/gpu-serving.js --out $OUT/gpu
then copy $OUT/llm/decode-*.json into results/llm/ and $OUT/gpu/*.json into results/gpu/, and commit.
MSG
