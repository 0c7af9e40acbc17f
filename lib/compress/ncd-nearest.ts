import type { LabelledText } from "../data/load";
import { resolveCompressorSpec, type CompressorName } from "./compressors";
import { ncdKernel } from "./ncd-kernel";
import { compressedLengths } from "./pairwise";

/** A served 1-nearest-neighbour NCD classifier: train lengths precomputed, one query at a time. */
export interface NcdNearestNeighbour {
  /** The label of the NCD-nearest train row (equal distances: lower train index). */
  predict(text: string): string;
  /** The nearest train index and its distance. */
  nearest(text: string): { index: number; distance: number };
  /** Bytes the model must keep: the train texts (UTF-8) plus 8 bytes per cached length. */
  sizeBytes(): number;
  /** Frees the native compressor handles. */
  close(): void;
}

/**
 * gzip 1-NN as it would be served: C(y) of every train text is computed once, then each query
 * costs one compression of the query and one per train text, on the exact NCD kernel that
 * {@link pairwiseNcd} uses (one reused native handle), in this thread. Its latency is the latency
 * of a gzip kNN service.
 * @example
 * const nn = createNcdNearestNeighbour(train);
 * nn.predict("Stocks fell on Wall Street"); // "Business"
 */
export function createNcdNearestNeighbour(train: readonly LabelledText[], options: { compressor?: CompressorName; level?: number } = {}): NcdNearestNeighbour {
  if (train.length === 0) throw new RangeError("createNcdNearestNeighbour: the train set is empty.");
  const spec = resolveCompressorSpec({ name: options.compressor, level: options.level });
  const texts = train.map((r) => r.text);
  const trainC = compressedLengths(texts, spec.name, spec.level);
  const proc = ncdKernel.createRowProcessor({ name: spec.name, level: spec.level }, texts, trainC, 1);
  const query = ncdKernel.createLengthEngine({ name: spec.name, level: spec.level });
  const nearest = (text: string): { index: number; distance: number } => {
    const [r] = proc.process([{ i: 0, text, cx: query.length(Buffer.from(text, "utf8")) }]);
    return { index: r!.indices[0]!, distance: r!.distances[0]! };
  };
  return {
    nearest,
    predict: (text) => train[nearest(text).index]!.label,
    sizeBytes: () => texts.reduce((a, t) => a + Buffer.byteLength(t, "utf8"), 0) + 8 * texts.length,
    close: () => {
      proc.close();
      query.close();
    },
  };
}
