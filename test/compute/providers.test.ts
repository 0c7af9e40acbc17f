import { describe, it, expect } from "vitest";
import { providerOrder, detectProviders, createSession, explainProviderError, probeModelBytes, describeMachine, widestSimd, providerLibraryProblem } from "../../lib/compute/index";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

describe("provider order", () => {
  it("defaults to webgpu, cuda, cpu", () => {
    const saved = process.env.MLSYS_PROVIDERS;
    delete process.env.MLSYS_PROVIDERS;
    expect(providerOrder()).toEqual(["webgpu", "cuda", "cpu"]);
    process.env.MLSYS_PROVIDERS = "webgpu";
    expect(providerOrder()).toEqual(["webgpu", "cpu"]); // cpu stays the last resort
    if (saved === undefined) delete process.env.MLSYS_PROVIDERS;
    else process.env.MLSYS_PROVIDERS = saved;
  });
  it("honours options, strict mode and rejects unknown names with the valid list", () => {
    expect(providerOrder({ providers: ["cpu"] })).toEqual(["cpu"]);
    expect(providerOrder({ providers: ["cuda"], strict: true })).toEqual(["cuda"]);
    expect(() => providerOrder({ providers: ["tpu" as never] })).toThrow(/Unknown execution provider "tpu".*webgpu, cuda, cpu/);
  });
  it("explains the runtime's errors in plain words", () => {
    expect(explainProviderError("webgpu", "Failed to get a WebGPU adapter: No supported adapters")).toMatch(/^no WebGPU adapter/);
    expect(explainProviderError("cuda", "OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library")).toMatch(/^CUDA provider not installed/);
  });
});

describe("provider detection", () => {
  it("picks a provider that computes Relu correctly, and says why others were skipped", async () => {
    const r = await detectProviders();
    expect(["webgpu", "cuda", "cpu"]).toContain(r.chosen);
    const chosen = r.attempts.find((a) => a.ok)!;
    expect(chosen.provider).toBe(r.chosen);
    for (const a of r.attempts.filter((x) => !x.ok)) expect(a.reason).toBeTruthy();
    if (r.chosen === "cpu") {
      // no GPU here (CI): the explanation must say why WebGPU was not used
      const webgpu = r.attempts.find((a) => a.provider === "webgpu")!;
      expect(webgpu.ok).toBe(false);
      expect(r.explanation).toMatch(/webgpu \(/);
    }
  });
  it("strict mode fails with every provider's reason when none works", async () => {
    const r = await detectProviders();
    if (r.chosen !== "cpu") return; // a GPU machine: nothing to show
    await expect(createSession(probeModelBytes(), { providers: ["webgpu"], strict: true })).rejects.toThrow(/No execution provider could run the model:\n {2}webgpu: /);
  });
  it("falls back to cpu when asked for an unavailable provider", async () => {
    const s = await createSession(probeModelBytes(), { providers: ["cuda"] });
    expect(s.attempts.at(-1)!.ok).toBe(true);
    await s.session.release();
  });
});

describe("machine description", () => {
  it("records CPU, cores, memory, Node and onnxruntime versions", () => {
    const m = describeMachine({ gpu: "none" });
    expect(m.cores).toBeGreaterThan(0);
    expect(m.memoryGiB).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    expect(m.onnxruntime).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.gpu).toBe("none");
  });

  it("names the widest SIMD extension in a cpuinfo text, and this machine's when it has /proc/cpuinfo", () => {
    const x86 = "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx f16c avx2 bmi2\n";
    expect(widestSimd(x86)).toBe("avx2");
    expect(widestSimd(x86.replace("avx2", "avx2 avx512f avx512bw"))).toBe("avx512f");
    expect(widestSimd(x86.replace(/ avx f16c avx2/, ""))).toBe("sse4_2");
    expect(widestSimd("processor\t: 0\nFeatures\t: fp asimd evtstrm aes sve\n")).toBe("sve");
    expect(widestSimd("processor\t: 0\nflags\t: fpu\n")).toBeUndefined();
    expect(widestSimd("")).toBeUndefined();
    if (fs.existsSync("/proc/cpuinfo")) expect(describeMachine().simd).toBe(widestSimd(fs.readFileSync("/proc/cpuinfo", "utf8")));
  });
});

describe("quiet provider probing", () => {
  const tmp = (files: string[]): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "ortbin-"));
    for (const f of files) fs.writeFileSync(path.join(d, f), "");
    return d;
  };
  it("names the missing CUDA libraries, and says nothing when both are there", () => {
    const none = tmp([]);
    expect(providerLibraryProblem("cuda", { binDir: none, platform: "linux" })).toMatch(/^CUDA provider not installed: .*libonnxruntime_providers_shared\.so and libonnxruntime_providers_cuda\.so are missing/);
    const half = tmp(["libonnxruntime_providers_shared.so"]);
    expect(providerLibraryProblem("cuda", { binDir: half, platform: "linux" })).toMatch(/libonnxruntime_providers_cuda\.so is missing/);
    const both = tmp(["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"]);
    expect(providerLibraryProblem("cuda", { binDir: both, platform: "linux" })).toBeUndefined();
    expect(providerLibraryProblem("cuda", { binDir: tmp(["onnxruntime_providers_shared.dll", "onnxruntime_providers_cuda.dll"]), platform: "win32" })).toBeUndefined();
    expect(providerLibraryProblem("cuda", { platform: "darwin" })).toMatch(/no CUDA build for macOS/);
  });
  it("on Linux, WebGPU needs the Vulkan loader; elsewhere and for cpu the runtime decides", () => {
    expect(providerLibraryProblem("webgpu", { libraryDirs: [tmp([])], platform: "linux" })).toMatch(/^no WebGPU adapter: .*libvulkan\.so\.1/);
    expect(providerLibraryProblem("webgpu", { libraryDirs: [tmp([]), tmp(["libvulkan.so.1"])], platform: "linux" })).toBeUndefined();
    expect(providerLibraryProblem("webgpu", { libraryDirs: [], platform: "darwin" })).toBeUndefined();
    expect(providerLibraryProblem("cpu")).toBeUndefined();
  });
  it("detectProviders prints no runtime error or Vulkan warning when the GPU libraries are missing", () => {
    const missing = ["cuda", "webgpu"].filter((p) => providerLibraryProblem(p));
    if (!missing.length) return; // a GPU machine: the runtime is asked and may log
    const script = `require("./lib/compute/index").detectProviders().then((r) => console.log("CHOSEN " + r.chosen))`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8", timeout: 60_000 });
    expect(r.stdout).toMatch(/CHOSEN \w+/);
    expect(r.stderr).not.toMatch(/\[E:onnxruntime|Failed to load library|Vulkan/);
  }, 60_000);
});

describe("providerAttemptRows", () => {
  it("says which provider was used and why the others were not", async () => {
    const { providerAttemptRows } = await import("../../lib/compute/index");
    expect(providerAttemptRows([
      { provider: "webgpu", ok: false, reason: "no GPU adapter" },
      { provider: "cpu", ok: true },
    ])).toEqual([
      { provider: "webgpu", used: "no", why: "no GPU adapter" },
      { provider: "cpu", used: "yes", why: "works: a test model ran and gave the right answer" },
    ]);
  });
});
