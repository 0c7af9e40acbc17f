import { createCompressor, type Compressor, type CompressorSpec } from "./compressors";

/**
 * Bits per character of a compressor on a text: `8 × compressed bytes / characters` (characters
 * are Unicode code points). Lower is better; container bytes count, so prefer raw deflate
 * (`{ name: "deflate" }`) when comparing with a language model's bits per character.
 * @example
 * bitsPerCharacter("to be or not to be, that is the question", { name: "deflate" });
 */
export function bitsPerCharacter(text: string, compressor: Compressor | CompressorSpec = { name: "deflate", level: 9 }): number {
  const chars = [...text].length;
  if (chars === 0) throw new RangeError("bitsPerCharacter: the text is empty.");
  const c = "compressedLength" in compressor ? compressor : createCompressor(compressor);
  return (8 * c.compressedLength(text)) / chars;
}

/** One class's row in {@link bitsPerCharacterByClass}. */
export interface ClassBitsPerCharacter {
  /** The class label. */
  label: string;
  /** Documents of this class. */
  docs: number;
  /** Characters compressed (code points, separators included). */
  chars: number;
  /** Compressed bytes. */
  bytes: number;
  /** `8 × bytes / chars`. */
  bitsPerChar: number;
}

/** Options for {@link bitsPerCharacterByClass}. */
export interface BitsPerCharacterByClassOptions {
  /** Compressor. Default raw deflate level 9 (no container bytes). */
  compressor?: Compressor | CompressorSpec;
  /** String put between a class's documents before compressing them together. Default `"\n"`. */
  separator?: string;
}

/**
 * Bits per character of each class's documents compressed together (one stream per class),
 * sorted by label. A class whose texts repeat each other compresses better.
 */
export function bitsPerCharacterByClass(
  rows: readonly { label: string; text: string }[],
  options: BitsPerCharacterByClassOptions = {},
): ClassBitsPerCharacter[] {
  const comp = options.compressor ?? { name: "deflate", level: 9 };
  const c = "compressedLength" in comp ? comp : createCompressor(comp);
  const by = new Map<string, string[]>();
  for (const r of rows) {
    let a = by.get(r.label);
    if (!a) by.set(r.label, (a = []));
    a.push(r.text);
  }
  return [...by.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([label, texts]) => {
      const all = texts.join(options.separator ?? "\n");
      const chars = [...all].length;
      const bytes = c.compressedLength(all);
      return { label, docs: texts.length, chars, bytes, bitsPerChar: chars > 0 ? (8 * bytes) / chars : NaN };
    });
}
