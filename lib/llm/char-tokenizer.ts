/**
 * A character-level tokenizer: one token per character of a fixed alphabet. Used by the course's
 * tiny Austen model, where bits per token are bits per character.
 */
export class CharTokenizer {
  private readonly index: Map<string, number>;
  /** @param vocab the alphabet, one character per token id (no duplicates) */
  constructor(readonly vocab: string[]) {
    this.index = new Map(vocab.map((ch, i) => [ch, i]));
    if (this.index.size !== vocab.length) throw new Error("CharTokenizer: the vocabulary has duplicate characters.");
    for (const ch of vocab) if ([...ch].length !== 1) throw new Error(`CharTokenizer: vocabulary entry ${JSON.stringify(ch)} is not one character.`);
  }

  /** The sorted set of characters of `texts`. */
  static fromTexts(texts: string[]): CharTokenizer {
    const set = new Set<string>();
    for (const t of texts) for (const ch of t) set.add(ch);
    return new CharTokenizer([...set].sort());
  }

  /** Number of tokens. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /**
   * Token ids of `text`. A character outside the alphabet throws, unless `unknown` names a
   * character of the alphabet to use instead.
   */
  encode(text: string, options: { unknown?: string } = {}): Int32Array {
    const chars = [...text];
    const out = new Int32Array(chars.length);
    const fallback = options.unknown === undefined ? undefined : this.index.get(options.unknown);
    if (options.unknown !== undefined && fallback === undefined) throw new Error(`CharTokenizer.encode: the replacement ${JSON.stringify(options.unknown)} is not in the vocabulary.`);
    chars.forEach((ch, i) => {
      const id = this.index.get(ch) ?? fallback;
      if (id === undefined) throw new Error(`CharTokenizer.encode: character ${JSON.stringify(ch)} at position ${i} is not in the ${this.vocab.length}-character vocabulary; pass {unknown: " "} to replace such characters.`);
      out[i] = id;
    });
    return out;
  }

  /** Text of token ids. */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const ch = this.vocab[ids[i]!];
      if (ch === undefined) throw new Error(`CharTokenizer.decode: id ${ids[i]} is outside 0…${this.vocab.length - 1}.`);
      s += ch;
    }
    return s;
  }
}
