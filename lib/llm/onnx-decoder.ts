import * as ort from "onnxruntime-node";
import { createSession, type ProviderName, type ProviderOptions } from "../compute/providers";
import { resolveDecoderConfig, type DecoderConfig } from "../onnx/decoder-config";
import { decoderOnnxIo } from "../onnx/transformer";
import { float16ToFloat32 } from "../onnx/float16";
import { float16Tensor, nativeFloat16 } from "../onnx/float16-tensor";
import { decodeOnnxModel } from "../onnx/proto";
import * as fs from "node:fs";

/** The KV cache of a decoder: `present_key_i`/`present_value_i` of the last call, one pair per layer. */
export interface DecoderKvCache {
  /** Keys per layer, [batch, heads, length, head_dim]. */
  keys: ort.Tensor[];
  /** Values per layer, [batch, heads, length, head_dim]. */
  values: ort.Tensor[];
  /** Tokens the cache holds (its third dimension). */
  length: number;
}

/** Result of one {@link OnnxDecoder.run}. */
export interface DecoderStep {
  /** Logits as float32, [batch, seq, vocab] row-major. */
  logits: Float32Array;
  /** The cache to pass to the next call. */
  cache: DecoderKvCache;
}

/** Options for {@link OnnxDecoder.create}. */
export interface OnnxDecoderOptions extends ProviderOptions {
  /** Element type of the graph's float inputs and outputs. Default: the `dtype` stored in the model's metadata, else `"float32"`. */
  dtype?: "float32" | "float16";
}

/**
 * A decoder graph built by `buildDecoderOnnx`, loaded in onnxruntime (through `createSession`),
 * with its KV cache handled for you: `run(ids, cache)` appends tokens and returns logits and the
 * longer cache. Prefill is `run(promptIds, null)`; decode is `run([nextId], cache)`.
 */
export class OnnxDecoder {
  private constructor(
    /** The onnxruntime session. */
    readonly session: ort.InferenceSession,
    /** The config with defaults filled in. */
    readonly config: Required<DecoderConfig>,
    /** Element type of the cache and logits. */
    readonly dtype: "float32" | "float16",
    /** The provider that runs it. */
    readonly provider: ProviderName,
  ) {}

  /** Loads a decoder from ONNX bytes or a path; `config` defaults to the one stored in the model's metadata. */
  static async create(model: Uint8Array | string, config?: DecoderConfig, options: OnnxDecoderOptions = {}): Promise<OnnxDecoder> {
    const { session, provider } = await createSession(model, options);
    // onnxruntime-node does not expose a model's metadata: read it from the protobuf when needed
    let meta: Record<string, string> | undefined;
    if (!config || !options.dtype) {
      const bytes = typeof model === "string" ? new Uint8Array(fs.readFileSync(model)) : model;
      meta = Object.fromEntries(decodeOnnxModel(bytes).metadataProps.map((p) => [p.key, p.value]));
    }
    const stored = meta?.decoder_config ? (JSON.parse(meta.decoder_config) as DecoderConfig) : undefined;
    const c = config ?? stored;
    if (!c) throw new Error("OnnxDecoder.create: pass the DecoderConfig (this model stores none in its metadata).");
    const dtype = options.dtype ?? (meta?.dtype === "float16" ? "float16" : "float32");
    if (session.inputNames.includes("seqlens_k")) {
      throw new Error("OnnxDecoder: this model was built with staticCache (a fixed-size cache bound as its own output); OnnxDecoder runs growing caches. Build it without staticCache, or drive it as timeDecodeVariant does (lib/llm/decode-variants.ts).");
    }
    const expected = decoderOnnxIo(c.layers);
    for (const name of expected.inputs) {
      if (!session.inputNames.includes(name)) throw new Error(`OnnxDecoder: the model has no input "${name}"; was it built by buildDecoderOnnx with ${c.layers} layers?`);
    }
    return new OnnxDecoder(session, resolveDecoderConfig(c), dtype, provider);
  }

  /** An empty cache for `batch` sequences. */
  emptyCache(batch = 1): DecoderKvCache {
    const hd = this.config.width / this.config.heads;
    const make = (): ort.Tensor => (this.dtype === "float16" ? float16Tensor(new Uint16Array(0), [batch, this.config.heads, 0, hd]) : new ort.Tensor("float32", new Float32Array(0), [batch, this.config.heads, 0, hd]));
    return { keys: Array.from({ length: this.config.layers }, make), values: Array.from({ length: this.config.layers }, make), length: 0 };
  }

  /**
   * Runs `ids` ([batch][seq] or, for batch 1, a flat list) after the tokens already in `cache`
   * (null = none). Positions continue from the cache length.
   * @throws when the total length would exceed the model's context length
   */
  async run(ids: ArrayLike<number>[] | ArrayLike<number>, cache: DecoderKvCache | null = null): Promise<DecoderStep> {
    const rows: ArrayLike<number>[] = typeof (ids as ArrayLike<number>)[0] === "number" || (ids as ArrayLike<number>).length === 0 ? [ids as ArrayLike<number>] : (ids as ArrayLike<number>[]);
    const batch = rows.length, seq = rows[0]!.length;
    if (seq === 0) throw new Error("OnnxDecoder.run: no tokens to run.");
    if (rows.some((r) => r.length !== seq)) throw new Error("OnnxDecoder.run: every row of a batch must have the same number of tokens.");
    const past = cache ?? this.emptyCache(batch);
    if (past.length + seq > this.config.contextLength) {
      throw new Error(`OnnxDecoder.run: ${past.length} cached + ${seq} new tokens exceed the context length ${this.config.contextLength}; drop older tokens and prefill again.`);
    }
    const idData = new BigInt64Array(batch * seq), posData = new BigInt64Array(batch * seq);
    rows.forEach((r, b) => {
      for (let j = 0; j < seq; j++) {
        const id = r[j]!;
        if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) throw new Error(`OnnxDecoder.run: token id ${id} is outside 0…${this.config.vocabSize - 1}.`);
        idData[b * seq + j] = BigInt(id);
        posData[b * seq + j] = BigInt(past.length + j);
      }
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor("int64", idData, [batch, seq]),
      position_ids: new ort.Tensor("int64", posData, [batch, seq]),
    };
    for (let i = 0; i < this.config.layers; i++) {
      feeds[`past_key_${i}`] = past.keys[i]!;
      feeds[`past_value_${i}`] = past.values[i]!;
    }
    const out = await this.session.run(feeds);
    const raw = out.logits!.data;
    const logits = this.dtype === "float16" ? float16ToFloat32(raw as ArrayBufferView) : Float32Array.from(raw as Float32Array);
    const keys: ort.Tensor[] = [], values: ort.Tensor[] = [];
    for (let i = 0; i < this.config.layers; i++) {
      keys.push(nativeFloat16(out[`present_key_${i}`]!));
      values.push(nativeFloat16(out[`present_value_${i}`]!));
    }
    return { logits, cache: { keys, values, length: past.length + seq } };
  }

  /** Releases the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
