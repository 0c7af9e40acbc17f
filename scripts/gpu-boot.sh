#!/usr/bin/env bash
# Runs on a GPU machine without Node.js, from the project folder, as .gpu/boot.sh (copied there by
# scripts/gpu-pack.sh): unpacks Node.js, the packed node_modules and the Vulkan loader, then runs "$@".
#
#   bash .gpu/boot.sh node build/gpu/llm-decode.js --out results-gpu/llm
#
# Installing the Vulkan .debs into / needs root (dpkg -x and ldconfig); skip them with
# GPU_BOOT_SKIP_DEBS=1 where the machine already has libvulkan1.
set -euo pipefail
g=$(cd "$(dirname "$0")" && pwd)
bin="${TMPDIR:-/tmp}/course-gpu-bin"; mkdir -p "$bin"
[ -x "$bin/node" ] || { xz -dc "$g/node.xz" > "$bin/node"; chmod +x "$bin/node"; }
[ -d node_modules ] || tar -xJf "$g/modules.tar.xz"
if [ "${GPU_BOOT_SKIP_DEBS:-0}" != 1 ]; then
  for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
export PATH="$bin:$PATH"
# NVIDIA container images keep the driver's Vulkan ICD here; elsewhere the loader finds it itself
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
exec "$@"
