import * as ort from "onnxruntime-node";
import { Writer } from "protobufjs";
import { providerLibraryProblem } from "./provider-libraries";

/** Execution providers the course knows, in the default order of preference. */
export const PROVIDERS = ["webgpu", "cuda", "cpu"] as const;
/** An onnxruntime-node execution provider name. */
export type ProviderName = (typeof PROVIDERS)[number];

/** What happened when one provider was tried. */
export interface ProviderAttempt {
  provider: ProviderName;
  ok: boolean;
  /** Plain-language reason when it failed (and the runtime's own message, shortened). */
  reason?: string;
}

/** Options for {@link createSession} and {@link detectProviders}. */
export interface ProviderOptions {
  /**
   * Providers to try, in order. Default: `MLSYS_PROVIDERS` (comma-separated, e.g. `cpu`), else
   * `["webgpu", "cuda", "cpu"]`. `cpu` is always appended as the last resort unless `strict` is set.
   */
  providers?: ProviderName[];
  /** Fail instead of falling back to `cpu` when none of the listed providers works. Default false. */
  strict?: boolean;
  /** Extra onnxruntime session options (graph optimisation level, threads, …). */
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

/** A session together with the provider that runs it and why the others were not used. */
export interface SelectedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  attempts: ProviderAttempt[];
}

/**
 * Resolves the provider order from options and the `MLSYS_PROVIDERS` environment variable.
 * @throws on an unknown provider name, listing the valid ones
 */
export function providerOrder(options: ProviderOptions = {}): ProviderName[] {
  let list: string[] = options.providers ?? (process.env.MLSYS_PROVIDERS ? process.env.MLSYS_PROVIDERS.split(",") : [...PROVIDERS]);
  list = list.map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const p of list) {
    if (!(PROVIDERS as readonly string[]).includes(p)) {
      throw new Error(`Unknown execution provider "${p}" (from ${options.providers ? "options.providers" : "MLSYS_PROVIDERS"}). Use one of: ${PROVIDERS.join(", ")}.`);
    }
  }
  const order = [...new Set(list)] as ProviderName[];
  if (!options.strict && !order.includes("cpu")) order.push("cpu");
  return order;
}

/** Turns a runtime error into a sentence a learner can act on. */
export function explainProviderError(provider: ProviderName, message: string): string {
  const short = message.replace(/\s+/g, " ").slice(0, 240);
  if (provider === "webgpu" && /adapter/i.test(message)) {
    return `no WebGPU adapter: this machine has no GPU that Dawn (WebGPU) can use, or no Vulkan driver (libvulkan) for it. Runtime said: ${short}`;
  }
  if (provider === "cuda" && /load|shared librar|not found|providers_shared/i.test(message)) {
    return `CUDA provider not installed: onnxruntime-node was installed without its CUDA binaries (they are downloaded at install time, skipped offline), or no CUDA driver is present. Runtime said: ${short}`;
  }
  return `failed: ${short}`;
}

const unavailable = new Map<ProviderName, string>(); // providers that already failed in this process

/**
 * Creates an onnxruntime-node session on the first provider that works, in order (WebGPU, then
 * CUDA, then CPU by default), and reports which one was chosen and why the others failed.
 * @param model path to a `.onnx` file or its bytes
 */
export async function createSession(model: string | Uint8Array, options: ProviderOptions = {}): Promise<SelectedSession> {
  const attempts: ProviderAttempt[] = [];
  for (const provider of providerOrder(options)) {
    // look for the provider's libraries first: asking the runtime for a missing one prints red errors
    const known = unavailable.get(provider) ?? providerLibraryProblem(provider);
    if (known) {
      unavailable.set(provider, known);
      attempts.push({ provider, ok: false, reason: known });
      continue;
    }
    try {
      const opts = { ...options.sessionOptions, executionProviders: [provider] };
      const session = typeof model === "string" ? await ort.InferenceSession.create(model, opts) : await ort.InferenceSession.create(model, opts);
      attempts.push({ provider, ok: true });
      return { session, provider, attempts };
    } catch (e) {
      const reason = explainProviderError(provider, (e as Error).message);
      // an unavailable device stays unavailable; a model that one provider rejects is not cached
      if (/adapter|shared librar|providers_shared|Failed to load/i.test((e as Error).message)) unavailable.set(provider, reason);
      attempts.push({ provider, ok: false, reason });
    }
  }
  throw new Error(`No execution provider could run the model:\n${attempts.map((a) => `  ${a.provider}: ${a.reason}`).join("\n")}`);
}

/** A one-node model (`Y = Relu(X)`, float32 vector) used to probe which providers work here. */
export function probeModelBytes(): Uint8Array {
  const W = (): Writer => Writer.create();
  const dim = W().uint32(18).string("N").finish(); // Dimension.dim_param = 2
  const shape = W().uint32(10).bytes(dim).finish(); // TensorShapeProto.dim = 1
  const tensorType = W().uint32(8).int32(1).uint32(18).bytes(shape).finish(); // elem_type FLOAT, shape
  const typeProto = W().uint32(10).bytes(tensorType).finish(); // TypeProto.tensor_type = 1
  const vi = (name: string): Uint8Array => W().uint32(10).string(name).uint32(18).bytes(typeProto).finish();
  const node = W().uint32(10).string("X").uint32(18).string("Y").uint32(34).string("Relu").finish();
  const graph = W().uint32(10).bytes(node).uint32(18).string("probe").uint32(90).bytes(vi("X")).uint32(98).bytes(vi("Y")).finish();
  const opset = W().uint32(16).int64(17).finish();
  return W().uint32(8).int64(8).uint32(58).bytes(graph).uint32(66).bytes(opset).finish();
}

/** Result of {@link detectProviders}. */
export interface ProviderReport {
  chosen: ProviderName;
  attempts: ProviderAttempt[];
  /** onnxruntime-node's own list of backends and whether they are bundled. */
  backends: { name: string; bundled: boolean }[];
  /** One paragraph explaining the choice. */
  explanation: string;
}

/**
 * Probes the providers in order with a one-node model, runs it once to be sure it computes
 * (Relu of [-1, 2] must be [0, 2]), and explains the choice.
 */
export async function detectProviders(options: ProviderOptions = {}): Promise<ProviderReport> {
  const { session, provider, attempts } = await createSession(probeModelBytes(), options);
  const out = await session.run({ X: new ort.Tensor("float32", Float32Array.from([-1, 2]), [2]) });
  const y = out.Y!.data as Float32Array;
  if (y[0] !== 0 || y[1] !== 2) throw new Error(`Provider ${provider} computed Relu([-1, 2]) = [${y[0]}, ${y[1]}], expected [0, 2]`);
  await session.release();
  const failed = attempts.filter((a) => !a.ok);
  const explanation =
    `Models run on ${provider.toUpperCase()}.` +
    (failed.length ? ` Not used: ${failed.map((a) => `${a.provider} (${a.reason!.split(". Runtime said")[0]!.replace(/\.$/, "")})`).join("; ")}.` : "") +
    (provider === "cpu" ? " Everything in the course works on the CPU; GPU figures are shown from recorded runs where a lesson needs them." : "");
  const backends = (ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }).listSupportedBackends?.() ?? [];
  return { chosen: provider, attempts, backends, explanation };
}

/** One row of the table that shows which providers were tried (see {@link providerAttemptRows}). */
export interface ProviderAttemptRow {
  provider: string;
  used: "yes" | "no";
  why: string;
}

/** The providers tried, in order, as table rows for a notebook: whether each was used and why (or why not). */
export function providerAttemptRows(attempts: readonly ProviderAttempt[]): ProviderAttemptRow[] {
  return attempts.map((a) => ({ provider: a.provider, used: a.ok ? "yes" : "no", why: a.reason ?? "works: a test model ran and gave the right answer" }));
}
