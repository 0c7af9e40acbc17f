import { OnnxGraphBuilder, type OnnxTensorData, type OnnxDim } from "./graph-builder";
import { float32ToFloat16 } from "./float16";
import { checkDecoderWeights, decoderWeightShapes, resolveDecoderConfig, type DecoderConfig, type DecoderWeights } from "./decoder-config";

/** Options for {@link buildDecoderOnnx}. */
export interface DecoderOnnxOptions {
  /**
   * Element type of weights, KV cache and logits: `"float32"`, or `"float16"` (half the bytes; all
   * float tensors, inputs and outputs included, are fp16; LayerNormalization accumulates in fp32).
   * Default `"float32"`.
   */
  dtype?: "float32" | "float16";
  /** Graph name. Default `"decoder"`. */
  name?: string;
  /** Extra metadata stored in the model (the config is always stored as `decoder_config`). */
  metadata?: Record<string, string>;
  /**
   * Add a padding mask input `attention_mask` (int64 [batch, past_len + seq], 1 for a
   * real token, 0 for padding) so that sequences of different lengths can share one batch (left
   * padding, as continuous batching needs). Padded keys get a large negative score. Default false:
   * the graph is exactly the one without it.
   */
  attentionMask?: boolean;
  /**
   * Use onnxruntime's fused contrib operators (domain `com.microsoft`) instead of the standard ones:
   * `MultiHeadAttention` (bias, causal mask and KV cache in one operator), `SkipLayerNormalization`
   * (residual add + bias + LayerNorm) and `FastGelu` (bias + GELU). Same inputs, outputs and
   * numbers (checked against the standard graph in the tests) with about a third of the nodes:
   * fewer, larger kernels, which is what an overhead-bound decode step on a GPU needs. The CPU
   * provider runs them in fp32; which providers and element types support each contrib operator
   * depends on the onnxruntime build. Default false.
   */
  fused?: boolean;
  /**
   * Add an output `next_token` (int64 [batch]): the greedy choice (ArgMax) at each row's last
   * position, computed in the graph, so a greedy decode loop can read 8 bytes per row instead of
   * copying the logits (50,257 floats per row for GPT-2) back from the device. Default false.
   */
  nextToken?: boolean;
  /**
   * A preallocated, fixed-size KV cache (requires `fused`): each layer's cache is
   * [batch, heads, contextLength, head_dim] whatever the length, attention is onnxruntime's
   * `GroupQueryAttention` (domain `com.microsoft`, here with as many KV heads as heads, i.e. plain
   * multi-head attention), and two more inputs say how much of it is filled: `seqlens_k` (int32
   * [batch], total length − 1 per row) and `total_sequence_length` (int32 scalar, past + new).
   * Bind each `present_*` output to the same tensor as its `past_*` input (onnxruntime-node: pass
   * it in `run`'s fetches): where the runtime shares the two buffers (onnxruntime's
   * "past_present_share_buffer") the operator writes only the new rows instead of copying the cache
   * every step. The cache's shape never changes, which is also what GPU graph capture needs. On the
   * CPU through onnxruntime-node 1.30 a step's cost follows the capacity, not the tokens held
   * (bench:decode measures it). No padding mask (`attentionMask`) with it, and, as onnxruntime's
   * operator requires, a chunk of several tokens after the prompt only at batch 1 (prefill and
   * one-token decode steps work at any batch). Default false.
   */
  staticCache?: boolean;
}

/** Names of the inputs and outputs of a graph built by {@link buildDecoderOnnx}. */
export interface DecoderOnnxIo {
  /** `input_ids`, `position_ids`, then `past_key_i`, `past_value_i` for each layer. */
  inputs: string[];
  /** `logits`, then `present_key_i`, `present_value_i` for each layer. */
  outputs: string[];
}

/** Input and output names of a decoder graph with `layers` blocks. */
export function decoderOnnxIo(layers: number): DecoderOnnxIo {
  const inputs = ["input_ids", "position_ids"], outputs = ["logits"];
  for (let i = 0; i < layers; i++) {
    inputs.push(`past_key_${i}`, `past_value_${i}`);
    outputs.push(`present_key_${i}`, `present_value_${i}`);
  }
  return { inputs, outputs };
}

/**
 * Builds a decoder-only transformer as an ONNX model (opset 17, standard operators only): token
 * and position embeddings (`Gather`), pre-LayerNorm blocks with causal multi-head attention and a
 * GELU (tanh) MLP, a final LayerNorm and the LM head.
 *
 * Inputs: `input_ids` and `position_ids` (int64 [batch, seq]), and for each layer i
 * `past_key_i`/`past_value_i` ([batch, heads, past_len, head_dim]). Outputs: `logits`
 * [batch, seq, vocab] and `present_key_i`/`present_value_i` ([batch, heads, past_len + seq, head_dim]).
 * The same graph serves prefill (past_len 0, the whole prompt) and decode (one new token, the
 * cache from the previous call). The causal mask is computed in the graph from the two lengths:
 * query j (absolute position past_len + j) sees keys 0…past_len + j.
 */
export function buildDecoderOnnx(config: DecoderConfig, weights: DecoderWeights, options: DecoderOnnxOptions = {}): Uint8Array {
  const c = resolveDecoderConfig(config);
  checkDecoderWeights(c, weights);
  const stat = options.staticCache === true;
  if (stat && !options.fused) throw new Error("buildDecoderOnnx: staticCache needs fused: true (the fixed-size cache is onnxruntime's GroupQueryAttention operator's).");
  if (stat && options.attentionMask) throw new Error("buildDecoderOnnx: staticCache does not support attentionMask (padding); build one graph per prompt length or leave staticCache off.");
  if (stat && (c.width / c.heads) % 8 !== 0) throw new Error(`buildDecoderOnnx: staticCache needs a head size that is a multiple of 8 (GroupQueryAttention's requirement); this config has ${c.width / c.heads}.`);
  const dtype = options.dtype ?? "float32";
  const half = dtype === "float16";
  const d = c.width, H = c.heads, hd = d / H;
  const g = new OnnxGraphBuilder(options.name ?? "decoder");
  const fl = (x: number[]): OnnxTensorData => (half ? float32ToFloat16(x) : Float32Array.from(x));
  const W = (name: string): string => {
    const shape = decoderWeightShapes(c).find((s) => s.name === name)!.shape;
    g.initializer(name, half ? float32ToFloat16(weights[name]!) : weights[name]!, shape, dtype);
    return name;
  };
  const scalar = (name: string, v: number): string => {
    g.initializer(name, fl([v]), [], dtype);
    return name;
  };
  const i64 = (name: string, v: number[], dims: number[]): string => {
    g.initializer(name, BigInt64Array.from(v.map(BigInt)), dims, "int64");
    return name;
  };

  g.input("input_ids", "int64", ["batch", "seq"]).input("position_ids", "int64", ["batch", "seq"]);
  const cacheLen: OnnxDim = stat ? c.contextLength : "past";
  for (let i = 0; i < c.layers; i++) {
    g.input(`past_key_${i}`, dtype, ["batch", H, cacheLen, hd]).input(`past_value_${i}`, dtype, ["batch", H, cacheLen, hd]);
  }
  if (stat) g.input("seqlens_k", "int32", ["batch"]).input("total_sequence_length", "int32", []);
  if (options.attentionMask) g.input("attention_mask", "int64", ["batch", "total"]);

  // embeddings
  g.node("Gather", [W("wte"), "input_ids"], ["tok_emb"], { axis: 0 });
  g.node("Gather", [W("wpe"), "position_ids"], ["pos_emb"], { axis: 0 });
  if (!options.fused) g.node("Add", ["tok_emb", "pos_emb"], ["x_0"]);
  if (!stat) i64("split_qkv", [d, d, d], [3]);

  // causal mask [seq, past + seq] from the lengths: 0 where allowed, a large negative number elsewhere
  // (the fused graph needs it only with padding: MultiHeadAttention applies the causal mask itself)
  if (!options.fused || options.attentionMask) emitAttentionMask(g, scalar, i64, half, options.attentionMask === true);

  if (options.fused) emitFusedBlocks(g, c, W, i64, half, options.attentionMask === true, stat);
  else emitStandardBlocks(g, c, W, scalar, i64);
  g.node("MatMul", ["lnf", W("head.weight")], ["logits_mm"]);
  g.node("Add", ["logits_mm", W("head.bias")], ["logits"]);
  if (options.nextToken) {
    i64("last_index", [-1], []);
    g.node("Gather", ["logits", "last_index"], ["last_logits"], { axis: 1 });
    g.node("ArgMax", ["last_logits"], ["next_token"], { axis: -1, keepdims: 0 });
  }

  g.output("logits", dtype, ["batch", "seq", c.vocabSize]);
  if (options.nextToken) g.output("next_token", "int64", ["batch"]);
  for (let i = 0; i < c.layers; i++) {
    const presentLen: OnnxDim = stat ? c.contextLength : "total";
    g.output(`present_key_${i}`, dtype, ["batch", H, presentLen, hd]).output(`present_value_${i}`, dtype, ["batch", H, presentLen, hd]);
  }
  return g.build({
    opset: 17,
    docString: `Decoder-only transformer (${c.layers} layers, ${H} heads, width ${d}, vocab ${c.vocabSize}, context ${c.contextLength}) with an explicit KV cache.`,
    metadata: { ...options.metadata, decoder_config: JSON.stringify(c), dtype, ...(options.attentionMask ? { attention_mask: "1" } : {}), ...(options.fused ? { fused: "1" } : {}), ...(stat ? { static_cache: "1" } : {}) },
  });
}


type WeightRef = (name: string) => string;
type Int64Const = (name: string, v: number[], dims: number[]) => string;

/** The blocks and final LayerNorm with standard ONNX operators: x_0 → `lnf`. */
function emitStandardBlocks(g: OnnxGraphBuilder, c: Required<DecoderConfig>, W: WeightRef, scalar: (name: string, v: number) => string, i64: Int64Const): void {
  const d = c.width, H = c.heads, hd = d / H;
  i64("heads_shape", [0, 0, H, hd], [4]);
  i64("merge_shape", [0, 0, d], [3]);
  scalar("attn_scale", 1 / Math.sqrt(hd));
  scalar("gelu_half", 0.5);
  scalar("gelu_one", 1);
  scalar("gelu_c", Math.sqrt(2 / Math.PI));
  scalar("gelu_a", 0.044715);

  let x = "x_0";
  for (let i = 0; i < c.layers; i++) {
    const p = `h${i}`;
    const n = (s: string): string => `${p}_${s}`;
    g.node("LayerNormalization", [x, W(`${p}.ln1.weight`), W(`${p}.ln1.bias`)], [n("ln1")], { axis: -1, epsilon: c.layerNormEps });
    g.node("MatMul", [n("ln1"), W(`${p}.attn.qkv.weight`)], [n("qkv_mm")]);
    g.node("Add", [n("qkv_mm"), W(`${p}.attn.qkv.bias`)], [n("qkv")]);
    g.node("Split", [n("qkv"), "split_qkv"], [n("q"), n("k"), n("v")], { axis: 2 });
    for (const t of ["q", "k", "v"]) {
      g.node("Reshape", [n(t), "heads_shape"], [n(`${t}_4d`)]);
      g.node("Transpose", [n(`${t}_4d`)], [n(`${t}_h`)], { perm: [0, 2, 1, 3] });
    }
    g.node("Concat", [`past_key_${i}`, n("k_h")], [`present_key_${i}`], { axis: 2 });
    g.node("Concat", [`past_value_${i}`, n("v_h")], [`present_value_${i}`], { axis: 2 });
    g.node("Transpose", [`present_key_${i}`], [n("k_t")], { perm: [0, 1, 3, 2] });
    g.node("MatMul", [n("q_h"), n("k_t")], [n("scores_raw")]);
    g.node("Mul", [n("scores_raw"), "attn_scale"], [n("scores_scaled")]);
    g.node("Add", [n("scores_scaled"), "attn_mask"], [n("scores")]);
    g.node("Softmax", [n("scores")], [n("probs")], { axis: -1 });
    g.node("MatMul", [n("probs"), `present_value_${i}`], [n("attn_h")]);
    g.node("Transpose", [n("attn_h")], [n("attn_t")], { perm: [0, 2, 1, 3] });
    g.node("Reshape", [n("attn_t"), "merge_shape"], [n("attn")]);
    g.node("MatMul", [n("attn"), W(`${p}.attn.proj.weight`)], [n("proj_mm")]);
    g.node("Add", [n("proj_mm"), W(`${p}.attn.proj.bias`)], [n("proj")]);
    g.node("Add", [x, n("proj")], [n("x_attn")]);
    g.node("LayerNormalization", [n("x_attn"), W(`${p}.ln2.weight`), W(`${p}.ln2.bias`)], [n("ln2")], { axis: -1, epsilon: c.layerNormEps });
    g.node("MatMul", [n("ln2"), W(`${p}.mlp.fc.weight`)], [n("fc_mm")]);
    g.node("Add", [n("fc_mm"), W(`${p}.mlp.fc.bias`)], [n("fc")]);
    // GELU (tanh form): 0.5·a·(1 + tanh(c·(a + 0.044715·a³)))
    g.node("Mul", [n("fc"), n("fc")], [n("fc_sq")]);
    g.node("Mul", [n("fc_sq"), n("fc")], [n("fc_cube")]);
    g.node("Mul", [n("fc_cube"), "gelu_a"], [n("fc_cube_a")]);
    g.node("Add", [n("fc"), n("fc_cube_a")], [n("gelu_inner")]);
    g.node("Mul", [n("gelu_inner"), "gelu_c"], [n("gelu_arg")]);
    g.node("Tanh", [n("gelu_arg")], [n("gelu_tanh")]);
    g.node("Add", [n("gelu_tanh"), "gelu_one"], [n("gelu_1p")]);
    g.node("Mul", [n("fc"), n("gelu_1p")], [n("gelu_x")]);
    g.node("Mul", [n("gelu_x"), "gelu_half"], [n("gelu")]);
    g.node("MatMul", [n("gelu"), W(`${p}.mlp.proj.weight`)], [n("mlp_mm")]);
    g.node("Add", [n("mlp_mm"), W(`${p}.mlp.proj.bias`)], [n("mlp")]);
    g.node("Add", [n("x_attn"), n("mlp")], [n("x_out")]);
    x = n("x_out");
  }
  g.node("LayerNormalization", [x, W("lnf.weight"), W("lnf.bias")], ["lnf"], { axis: -1, epsilon: c.layerNormEps });
}

/**
 * The blocks with onnxruntime's contrib operators: the embedding sum and every residual add are
 * folded into `SkipLayerNormalization`, bias + causal attention + KV cache into `MultiHeadAttention`,
 * bias + GELU into `FastGelu`. x = tok_emb + pos_emb → `lnf`. With `staticCache`, attention is
 * `GroupQueryAttention` over the fixed-size cache (packed QKV after the bias add).
 */
function emitFusedBlocks(g: OnnxGraphBuilder, c: Required<DecoderConfig>, W: WeightRef, i64: Int64Const, half: boolean, padded: boolean, staticCache: boolean): void {
  const ms = { domain: "com.microsoft" };
  const eps = c.layerNormEps;
  let mask = "";
  if (padded) {
    // causal + padding as an additive bias [batch, 1, seq, total] (MultiHeadAttention's attention_bias)
    mask = "attn_mask";
  }
  // layer 0's first LayerNorm takes the two embeddings as input and skip: x_0 = their sum
  g.node("SkipLayerNormalization", ["tok_emb", "pos_emb", W("h0.ln1.weight"), W("h0.ln1.bias")], ["h0_ln1", "", "", "x_0"], { epsilon: eps }, ms);
  let x = "x_0";
  for (let i = 0; i < c.layers; i++) {
    const p = `h${i}`;
    const n = (s: string): string => `${p}_${s}`;
    g.node("MatMul", [n("ln1"), W(`${p}.attn.qkv.weight`)], [n("qkv_mm")]);
    if (staticCache) {
      // packed QKV (key and value left empty), causal over the first total_sequence_length slots
      g.node("Add", [n("qkv_mm"), W(`${p}.attn.qkv.bias`)], [n("qkv")]);
      g.node(
        "GroupQueryAttention",
        [n("qkv"), "", "", `past_key_${i}`, `past_value_${i}`, "seqlens_k", "total_sequence_length"],
        [n("attn"), `present_key_${i}`, `present_value_${i}`],
        { num_heads: c.heads, kv_num_heads: c.heads },
        ms,
      );
    } else {
      g.node("Split", [n("qkv_mm"), "split_qkv"], [n("q"), n("k"), n("v")], { axis: 2 });
      g.node(
        "MultiHeadAttention",
        [n("q"), n("k"), n("v"), W(`${p}.attn.qkv.bias`), "", mask, `past_key_${i}`, `past_value_${i}`],
        [n("attn"), `present_key_${i}`, `present_value_${i}`],
        { num_heads: c.heads, unidirectional: padded ? 0 : 1, ...(half ? { mask_filter_value: -6e4 } : {}) },
        ms,
      );
    }
    g.node("MatMul", [n("attn"), W(`${p}.attn.proj.weight`)], [n("proj_mm")]);
    g.node("SkipLayerNormalization", [n("proj_mm"), x, W(`${p}.ln2.weight`), W(`${p}.ln2.bias`), W(`${p}.attn.proj.bias`)], [n("ln2"), "", "", n("x_attn")], { epsilon: eps }, ms);
    g.node("MatMul", [n("ln2"), W(`${p}.mlp.fc.weight`)], [n("fc_mm")]);
    g.node("FastGelu", [n("fc_mm"), W(`${p}.mlp.fc.bias`)], [n("gelu")], {}, ms);
    g.node("MatMul", [n("gelu"), W(`${p}.mlp.proj.weight`)], [n("mlp_mm")]);
    const last = i === c.layers - 1;
    const next = last ? "lnf" : `h${i + 1}_ln1`;
    const [gamma, beta] = last ? ["lnf.weight", "lnf.bias"] : [`h${i + 1}.ln1.weight`, `h${i + 1}.ln1.bias`];
    g.node("SkipLayerNormalization", [n("mlp_mm"), n("x_attn"), W(gamma), W(beta), W(`${p}.mlp.proj.bias`)], [next, "", "", last ? "x_final" : n("x_out")], { epsilon: eps }, ms);
    x = n("x_out");
  }
}

/**
 * The additive attention mask `attn_mask`: [seq, total] (causal) or, with padding, [batch, 1, seq,
 * total] (causal + padded keys): 0 where a query may look, a large negative number elsewhere.
 */
function emitAttentionMask(g: OnnxGraphBuilder, scalar: (name: string, v: number) => string, i64: Int64Const, half: boolean, padded: boolean): void {
  i64("idx_one", [1], []);
  i64("idx_two", [2], []);
  i64("zero_i64", [0], []);
  i64("axes_0", [0], [1]);
  i64("axes_1", [1], [1]);
  g.node("Shape", ["input_ids"], ["ids_shape"]);
  g.node("Gather", ["ids_shape", "idx_one"], ["seq_len"], { axis: 0 });
  g.node("Shape", ["past_key_0"], ["past_shape"]);
  g.node("Gather", ["past_shape", "idx_two"], ["past_len"], { axis: 0 });
  g.node("Add", ["past_len", "seq_len"], ["total_len"]);
  g.node("Range", ["past_len", "total_len", "idx_one"], ["q_pos"]);
  g.node("Range", ["zero_i64", "total_len", "idx_one"], ["k_pos"]);
  g.node("Unsqueeze", ["q_pos", "axes_1"], ["q_col"]);
  g.node("Unsqueeze", ["k_pos", "axes_0"], ["k_row"]);
  g.node("LessOrEqual", ["k_row", "q_col"], ["allowed"]);
  g.node("Where", ["allowed", scalar("mask_zero", 0), scalar("mask_neg", half ? -6e4 : -1e9)], [padded ? "causal_mask" : "attn_mask"]);
  if (padded) {
    // padding: [batch, total] of 1/0 → [batch, 1, 1, total] of 0 / large negative, added to the causal mask
    i64("axes_12", [1, 2], [2]);
    g.node("Equal", ["attention_mask", "zero_i64"], ["is_pad"]);
    g.node("Where", ["is_pad", scalar("pad_neg", half ? -3e4 : -1e9), "mask_zero"], ["pad_bias_2d"]);
    g.node("Unsqueeze", ["pad_bias_2d", "axes_12"], ["pad_bias"]);
    g.node("Add", ["causal_mask", "pad_bias"], ["attn_mask"]);
  }
}
