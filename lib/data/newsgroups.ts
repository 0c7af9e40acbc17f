import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { DatasetError } from "./verify";

/** One 20 Newsgroups message, as a row of the course's JSON-lines files. */
export interface NewsgroupsMessage {
  /** `<newsgroup>/<message number>`, e.g. `alt.atheism/49960`. */
  id: string;
  /** The newsgroup, e.g. `alt.atheism`. */
  label: string;
  /** The whole message file (headers, quotes, signature), its bytes decoded as latin-1. */
  text: string;
}

/** `20news-bydate-<split>/<group>/<number>`, optionally after `./`. */
const MESSAGE_PATH = /^(?:\.\/)?20news-bydate-(train|test)\/([^/]+)\/(\d+)$/;

/**
 * Reads every message file of a 20news-bydate tarball (`20news-bydate.tar.gz`, gunzipped with
 * node:zlib, read with the `tar` package): entries `20news-bydate-{train,test}/<group>/<number>`.
 * Each file's bytes are decoded as latin-1, as sklearn's `fetch_20newsgroups` does (every byte is
 * one character, so 8-bit bytes survive). Other entries (folders) are skipped.
 * @returns the messages of each split, in archive order
 * @throws {@link DatasetError} when the archive is not gzip or not a valid tar file
 */
export async function readNewsgroupsBydate(tarGz: Uint8Array): Promise<Record<"train" | "test", NewsgroupsMessage[]>> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(tarGz);
  } catch (e) {
    throw new DatasetError(`The 20news-bydate archive is not valid gzip (${(e as Error).message}): download it again.`);
  }
  const out: Record<"train" | "test", NewsgroupsMessage[]> = { train: [], test: [] };
  const short: string[] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const m = MESSAGE_PATH.exec(entry.path);
      if (!m || (entry.type !== "File" && entry.type !== "OldFile")) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => {
        const bytes = Buffer.concat(chunks);
        if (bytes.length !== entry.size) short.push(entry.path);
        out[m[1] as "train" | "test"].push({ id: `${m[2]}/${m[3]}`, label: m[2]!, text: bytes.toString("latin1") });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on("error", (e: Error) => reject(new DatasetError(`The 20news-bydate archive is not a valid tar file (${e.message}): download it again.`)));
    parser.on("end", () => resolve());
    parser.end(tarBytes);
  });
  if (short.length) throw new DatasetError(`The 20news-bydate archive is truncated: ${short.length} message file(s) are short, e.g. ${short[0]}. Download it again.`);
  return out;
}

const messageNumber = (id: string): number => Number(id.slice(id.lastIndexOf("/") + 1));

/**
 * The course's JSON-lines bytes for some messages: sorted by newsgroup, then by message number as
 * an integer (so `…/9` comes before `…/10`); one object a line, `{"id": …, "label": …, "text": …}`,
 * serialised as Python's `json.dumps(obj, ensure_ascii=False)` writes it (", " and ": " separators,
 * non-ASCII characters kept, control characters as `\u00XX`, `/` not escaped), UTF-8, each line
 * ending in `\n`. This is how `datasets/20newsgroups/*.jsonl` were made (see the manifest's notes).
 */
export function newsgroupsJsonl(messages: readonly NewsgroupsMessage[]): Buffer {
  const sorted = [...messages].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : messageNumber(a.id) - messageNumber(b.id)));
  const line = (m: NewsgroupsMessage): string => `{"id": ${JSON.stringify(m.id)}, "label": ${JSON.stringify(m.label)}, "text": ${JSON.stringify(m.text)}}\n`;
  return Buffer.from(sorted.map(line).join(""), "utf8");
}

/**
 * Converts `20news-bydate.tar.gz` to the content of the course's files, keyed by split name:
 * `train` (11,314 messages) and `test` (7,532), each as {@link newsgroupsJsonl} writes it.
 * The caller checks the results against the manifest's SHA-256 values.
 */
export async function convertNewsgroupsBydate(tarGz: Uint8Array): Promise<Record<string, Buffer>> {
  const { train, test } = await readNewsgroupsBydate(tarGz);
  if (!train.length && !test.length) throw new DatasetError("The archive holds no 20news-bydate-train/… or 20news-bydate-test/… message files: it is not the 20news-bydate archive.");
  return { train: newsgroupsJsonl(train), test: newsgroupsJsonl(test) };
}
