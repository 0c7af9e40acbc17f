import * as fs from "node:fs";
import * as path from "node:path";

/*
 * Asking onnxruntime for a provider whose libraries are missing makes it print red
 * `[E:onnxruntime …] Failed to load library …libonnxruntime_providers_shared.so` lines, and Dawn
 * (WebGPU) a `Couldn't load Vulkan` warning, straight to stderr, before our code can explain anything.
 * So we first look for the files each provider needs and only ask the runtime when they are there.
 */

/** Where onnxruntime-node keeps its native libraries for this platform (undefined when it is not installed). */
export function onnxruntimeBinDir(): string | undefined {
  try {
    const pkg = path.dirname(require.resolve("onnxruntime-node/package.json"));
    return path.join(pkg, "bin", "napi-v6", process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** Folders a Linux program's shared libraries are looked up in (LD_LIBRARY_PATH, then the usual system ones). */
export function sharedLibraryDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean);
  const multiarch = process.arch === "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
  return [...fromEnv, `/usr/lib/${multiarch}`, `/lib/${multiarch}`, "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib"];
}

/** Options for {@link providerLibraryProblem} (tests point them at made-up folders). */
export interface ProviderLibraryOptions {
  /** onnxruntime-node's native library folder. Default: {@link onnxruntimeBinDir}. */
  binDir?: string;
  /** Folders searched for system libraries (libvulkan). Default: {@link sharedLibraryDirs}. */
  libraryDirs?: string[];
  /** Operating system. Default `process.platform`. */
  platform?: NodeJS.Platform;
}

/**
 * Why `provider` cannot work on this machine, found by looking for its libraries without loading
 * them, in the course's words; `undefined` when nothing is missing (the runtime then decides).
 * - `cuda`: onnxruntime-node's `libonnxruntime_providers_shared` and `…_cuda` libraries (Linux and
 *   Windows builds only; the package downloads them at install time, which an offline install skips);
 * - `webgpu` on Linux: the Vulkan loader `libvulkan.so.1` (Dawn drives the GPU through Vulkan there);
 * - `cpu`: always available.
 */
export function providerLibraryProblem(provider: string, options: ProviderLibraryOptions = {}): string | undefined {
  const platform = options.platform ?? process.platform;
  if (provider === "cuda") {
    if (platform === "darwin") return "CUDA provider not available: onnxruntime-node has no CUDA build for macOS.";
    const dir = options.binDir ?? onnxruntimeBinDir();
    const ext = platform === "win32" ? ".dll" : ".so";
    const missing = ["onnxruntime_providers_shared", "onnxruntime_providers_cuda"]
      .map((n) => `${platform === "win32" ? "" : "lib"}${n}${ext}`)
      .filter((f) => !dir || !fs.existsSync(path.join(dir, f)));
    if (missing.length) {
      return `CUDA provider not installed: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing (onnxruntime-node's installer downloads them only online, and this repository's .npmrc skips that: see the README's GPU section)`;
    }
    return undefined;
  }
  if (provider === "webgpu" && platform === "linux") {
    const dirs = options.libraryDirs ?? sharedLibraryDirs();
    if (!dirs.some((d) => fs.existsSync(path.join(d, "libvulkan.so.1")))) {
      return "no WebGPU adapter: on Linux WebGPU reaches the GPU through Vulkan, and no Vulkan loader (libvulkan.so.1) is installed (no GPU, or no GPU driver)";
    }
  }
  return undefined;
}
