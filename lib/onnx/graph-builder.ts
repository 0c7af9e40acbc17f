import { onnxProtoType, ONNX_DATA_TYPE, ONNX_ATTRIBUTE_TYPE, type OnnxElementType } from "./proto";

/** A tensor dimension: a fixed size, or a name for a size chosen at run time (e.g. `"batch"`). */
export type OnnxDim = number | string;

/** Typed data an initializer can hold; `Uint16Array` means float16 bit patterns. */
export type OnnxTensorData = Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

/** An explicitly typed attribute value (use when a plain number would be read as the wrong type). */
export type OnnxTypedAttribute =
  | { type: "float"; value: number }
  | { type: "int"; value: number }
  | { type: "floats"; value: number[] }
  | { type: "ints"; value: number[] }
  | { type: "string"; value: string }
  | { type: "strings"; value: string[] };

/**
 * A node attribute: an integer-valued `number` is written as INT and any other number as FLOAT;
 * a `string` as STRING; `number[]` as INTS when all are integers, else FLOATS; `string[]` as STRINGS.
 * Use {@link onnxAttr} to force a type (e.g. `Gemm`'s `alpha: onnxAttr.float(1)`).
 */
export type OnnxAttributeValue = number | string | number[] | string[] | OnnxTypedAttribute;

/** Helpers that pin an attribute's ONNX type. */
export const onnxAttr = {
  /** FLOAT attribute. */
  float: (value: number): OnnxTypedAttribute => ({ type: "float", value }),
  /** INT attribute. */
  int: (value: number): OnnxTypedAttribute => ({ type: "int", value }),
  /** FLOATS attribute. */
  floats: (value: number[]): OnnxTypedAttribute => ({ type: "floats", value }),
  /** INTS attribute. */
  ints: (value: number[]): OnnxTypedAttribute => ({ type: "ints", value }),
};

/** Options for {@link OnnxGraphBuilder.build}. */
export interface OnnxBuildOptions {
  /** Default-domain opset version. Default `17`. */
  opset?: number;
  /** ONNX IR version. Default `8` (read by onnxruntime ≥ 1.10). */
  irVersion?: number;
  /** Producer name stored in the model. Default `"ml-systems-course"`. */
  producerName?: string;
  /** Producer version. Default `"0.1.0"`. */
  producerVersion?: string;
  /** Free text stored as the model's doc string. Default none. */
  docString?: string;
  /** Key/value metadata (`metadata_props`), e.g. labels or a data hash; onnxruntime exposes it. Default none. */
  metadata?: Record<string, string>;
}

interface ValueInfo {
  name: string;
  type: OnnxElementType;
  shape: OnnxDim[];
}

/**
 * Builds an ONNX model from TypeScript with a small fluent API, then encodes it to protobuf bytes
 * that onnxruntime-node loads directly (`InferenceSession.create(bytes)`).
 *
 * @example
 * const bytes = new OnnxGraphBuilder("linear")
 *   .input("x", "float32", ["batch", 4])
 *   .initializer("W", new Float32Array(12), [4, 3])
 *   .initializer("b", new Float32Array(3), [3])
 *   .node("MatMul", ["x", "W"], ["xw"])
 *   .node("Add", ["xw", "b"], ["logits"])
 *   .node("Softmax", ["logits"], ["probs"], { axis: -1 })
 *   .output("probs", "float32", ["batch", 3])
 *   .build();
 */
export class OnnxGraphBuilder {
  private inputs: ValueInfo[] = [];
  private outputs: ValueInfo[] = [];
  private inits: { name: string; dims: number[]; dataType: number; rawData: Uint8Array }[] = [];
  private nodes: { input: string[]; output: string[]; name: string; opType: string; domain: string; attribute: object[] }[] = [];
  private names = new Set<string>();
  private counter = 0;

  /** @param name graph name stored in the model. Default `"graph"`. */
  constructor(readonly name = "graph") {}

  private claim(name: string, what: string): void {
    if (typeof name !== "string" || name === "") throw new Error(`OnnxGraphBuilder.${what}: a name is required.`);
    if (this.names.has(name)) throw new Error(`OnnxGraphBuilder.${what}: the value "${name}" is already defined; names must be unique in a graph.`);
    this.names.add(name);
  }

  /** Declares a graph input with its element type and shape (strings are symbolic dims, e.g. `"batch"`). */
  input(name: string, type: OnnxElementType, shape: OnnxDim[]): this {
    checkType(type, "input");
    this.claim(name, "input");
    this.inputs.push({ name, type, shape });
    return this;
  }

  /** Declares a graph output (a value some node produces). */
  output(name: string, type: OnnxElementType, shape: OnnxDim[]): this {
    checkType(type, "output");
    this.outputs.push({ name, type, shape });
    return this;
  }

  /**
   * Adds a constant tensor (weights). The element type is inferred from the array (`Uint16Array` is
   * read as float16 bits) unless `type` is given; the data is stored little-endian in `raw_data`.
   */
  initializer(name: string, data: OnnxTensorData, dims: number[], type?: OnnxElementType): this {
    this.claim(name, "initializer");
    const t = type ?? inferType(data);
    checkType(t, "initializer");
    const n = dims.reduce((a, d) => a * d, 1);
    if (n !== data.length) throw new Error(`OnnxGraphBuilder.initializer "${name}": dims [${dims.join(", ")}] hold ${n} values but the data has ${data.length}.`);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.inits.push({ name, dims, dataType: ONNX_DATA_TYPE[t], rawData: bytes });
    return this;
  }

  /**
   * Adds a node. Outputs become values later nodes can use.
   * An empty string in `inputs` or `outputs` skips an optional input or output (ONNX's convention).
   * @param options `name` (default: opType plus a counter), `domain` (default the ONNX domain `""`;
   *   e.g. `"com.microsoft"` for onnxruntime's contrib operators, imported at version 1)
   */
  node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, OnnxAttributeValue> = {}, options: { name?: string; domain?: string } = {}): this {
    for (const o of outputs) if (o !== "") this.claim(o, `node(${opType})`);
    const attribute = Object.entries(attributes).map(([k, v]) => encodeAttribute(k, v));
    this.nodes.push({ input: inputs, output: outputs, name: options.name ?? `${opType}_${this.counter++}`, opType, domain: options.domain ?? "", attribute });
    return this;
  }

  /** Checks that every node input and graph output is defined before it is used (topological order). */
  validate(): void {
    const known = new Set<string>([...this.inputs.map((i) => i.name), ...this.inits.map((i) => i.name), ""]);
    for (const n of this.nodes) {
      for (const i of n.input) if (!known.has(i)) throw new Error(`OnnxGraphBuilder: node ${n.name} (${n.opType}) reads "${i}", which no input, initializer or earlier node defines.`);
      for (const o of n.output) known.add(o);
    }
    for (const o of this.outputs) if (!known.has(o.name)) throw new Error(`OnnxGraphBuilder: graph output "${o.name}" is not produced by any node.`);
    if (this.outputs.length === 0) throw new Error("OnnxGraphBuilder: declare at least one output with .output(name, type, shape).");
  }

  /** The ModelProto as a plain object (before encoding). */
  toModelObject(options: OnnxBuildOptions = {}): object {
    this.validate();
    const vi = (v: ValueInfo): object => ({
      name: v.name,
      type: {
        tensorType: {
          elemType: ONNX_DATA_TYPE[v.type],
          shape: { dim: v.shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
    return {
      irVersion: options.irVersion ?? 8,
      opsetImport: [
        { domain: "", version: options.opset ?? 17 },
        ...[...new Set(this.nodes.map((n) => n.domain).filter((d) => d !== ""))].map((domain) => ({ domain, version: 1 })),
      ],
      producerName: options.producerName ?? "ml-systems-course",
      producerVersion: options.producerVersion ?? "0.1.0",
      ...(options.docString ? { docString: options.docString } : {}),
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.inits,
        input: this.inputs.map(vi),
        output: this.outputs.map(vi),
      },
    };
  }

  /** Encodes the model to ONNX protobuf bytes. */
  build(options: OnnxBuildOptions = {}): Uint8Array {
    const T = onnxProtoType("ModelProto");
    const obj = this.toModelObject(options);
    const err = T.verify(obj);
    if (err) throw new Error(`OnnxGraphBuilder.build: invalid model (${err}).`);
    return T.encode(T.fromObject(obj)).finish();
  }
}

function checkType(t: string, what: string): void {
  if (!(t in ONNX_DATA_TYPE)) throw new Error(`OnnxGraphBuilder.${what}: unknown element type "${t}"; use one of ${Object.keys(ONNX_DATA_TYPE).join(", ")}.`);
}

function inferType(d: OnnxTensorData): OnnxElementType {
  if (d instanceof Float32Array) return "float32";
  if (d instanceof Float64Array) return "float64";
  if (d instanceof Uint16Array) return "float16";
  if (d instanceof Int32Array) return "int32";
  if (d instanceof BigInt64Array) return "int64";
  if (d instanceof Int8Array) return "int8";
  return "uint8";
}

function encodeAttribute(name: string, v: OnnxAttributeValue): object {
  const A = ONNX_ATTRIBUTE_TYPE;
  if (typeof v === "number") return Number.isInteger(v) ? { name, type: A.INT, i: v } : { name, type: A.FLOAT, f: v };
  if (typeof v === "string") return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) {
    if ((v as unknown[]).every((x) => typeof x === "string")) return { name, type: A.STRINGS, strings: (v as string[]).map((s) => new TextEncoder().encode(s)) };
    const nums = v as number[];
    return nums.every(Number.isInteger) ? { name, type: A.INTS, ints: nums } : { name, type: A.FLOATS, floats: nums };
  }
  switch (v.type) {
    case "float":
      return { name, type: A.FLOAT, f: v.value };
    case "int":
      return { name, type: A.INT, i: v.value };
    case "floats":
      return { name, type: A.FLOATS, floats: v.value };
    case "ints":
      return { name, type: A.INTS, ints: v.value };
    case "string":
      return { name, type: A.STRING, s: new TextEncoder().encode(v.value) };
    case "strings":
      return { name, type: A.STRINGS, strings: v.value.map((s) => new TextEncoder().encode(s)) };
  }
}
