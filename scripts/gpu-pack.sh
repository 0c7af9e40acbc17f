#!/usr/bin/env bash
# Packs into .gpu/ what a Linux x64 GPU machine WITHOUT Node.js (and without network) needs to run
# this project's bundled JavaScript: a Node.js binary (the one running here), the named npm packages
# with everything they depend on (as installed in ./node_modules), the Vulkan loader that
# onnxruntime-node's WebGPU provider uses on Linux, and scripts/gpu-boot.sh as .gpu/boot.sh.
#
#   bash scripts/gpu-pack.sh [PACKAGE ...]     (default: onnxruntime-node)
#
# Run it on a Debian/Ubuntu x64 machine (it downloads the Vulkan loader .debs with apt-get). Only the
# linux/x64 binaries of onnxruntime-node are kept. .gpu/ is git-ignored. Usually called by
# scripts/gpu-prepare.sh; see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "gpu-pack: run npm ci first" >&2; exit 1; }
pkgs=("$@"); [ ${#pkgs[@]} -gt 0 ] || pkgs=(onnxruntime-node)
out=.gpu; rm -rf "$out"; mkdir -p "$out/debs"

# 1. Node.js itself, the same binary as here.
xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > "$out/node.xz"

# 2. The dependency closure of the named packages, resolved as Node resolves them.
node - "${pkgs[@]}" > "$out/closure.txt" <<'JS'
const fs = require('fs'), path = require('path');
const seen = new Set(), todo = process.argv.slice(2).map(n => ['node_modules', n]);
while (todo.length) {
  const [base, name] = todo.pop();
  let d = base; while (!fs.existsSync(path.join(d, name)) && d.includes('node_modules')) d = path.dirname(path.dirname(d));
  const dir = path.join(d, name);
  if (!fs.existsSync(dir)) { console.error('missing: ' + name); continue; }
  if (seen.has(dir)) continue; seen.add(dir);
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...pj.dependencies, ...pj.optionalDependencies })) todo.push([path.join(dir, 'node_modules'), dep]);
}
console.log([...seen].join('\n'));
JS
tar -cf - --exclude='onnxruntime-node/bin/napi-v6/darwin' --exclude='onnxruntime-node/bin/napi-v6/win32' \
  --exclude='onnxruntime-node/bin/napi-v6/linux/arm64' -T "$out/closure.txt" | xz -T0 -6 > "$out/modules.tar.xz"

# 3. The Vulkan loader and the GL dispatch libraries the NVIDIA Vulkan driver links against; a bare
#    GPU machine (a container with only the NVIDIA driver) often lacks them.
lists=$(mktemp -d); mkdir -p "$lists/partial"
o="-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$lists"
apt-get $o update >/dev/null 2>&1 || true
(cd "$out/debs" && apt-get $o download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2 >/dev/null 2>&1) || { echo "gpu-pack: could not download the Vulkan loader packages (apt-get download)" >&2; exit 1; }

cp scripts/gpu-boot.sh "$out/boot.sh"
du -sh "$out"; echo "packed: $(wc -l < "$out/closure.txt") packages"
