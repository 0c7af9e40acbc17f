import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomicSync } from "../fs/atomic";
import { gunzipSync, gzipSync } from "node:zlib";
import type { DatasetFile } from "./manifest";
import { DatasetError, sha256 } from "./verify";
import { offlineMode } from "./paths";
import { createProgress, type ProgressOptions } from "../viz/progress";

/** Options for {@link downloadVerified}. */
export interface DownloadOptions {
  /** Label shown on the progress bar and in messages, e.g. `ag_news/train.csv.gz`. Default: the destination's file name. */
  label?: string;
  /** Progress display (`lib/viz` progress modes). Default `"auto"`: a bar on a terminal, lines otherwise, silent never. */
  progress?: ProgressOptions["mode"];
  /** Abort when no byte has arrived for this long (ms). Default 60,000. */
  idleTimeoutMs?: number;
  /** Called with human-readable messages (resuming, starting over). Default `console.warn`. */
  log?: (msg: string) => void;
}

/** Where a download in progress keeps the bytes received so far (the next attempt resumes from them). */
export function partialPath(dest: string): string {
  return `${dest}.partial`;
}

function describeNetworkError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : err.message;
}

/**
 * Downloads `url` into `dest` and returns `dest`, only after the content (gunzipped when the
 * manifest's `urlCompression` is `gzip`) matches the manifest entry's SHA-256 (and size, when the
 * manifest gives it). The content is stored as {@link writeStoredFile} says: gzip-compressed when
 * `dest` ends in `.gz`, unless the entry's `compression` is `none` (an archive kept as served).
 *
 * Bytes are written as they arrive to `dest.partial`. An interrupted transfer keeps them, and the
 * next call resumes from there with an HTTP `Range` request (a server that ignores `Range` makes
 * it start over, saying so). A download whose checksum does not match is deleted, never used.
 * @throws {@link DatasetError} with what happened and what to do: `MLSYS_OFFLINE=1`, the host
 *   unreachable, an HTTP error (404 …), an interrupted transfer (run again to resume), a checksum mismatch
 */
export async function downloadVerified(url: string, spec: DatasetFile, dest: string, options: DownloadOptions = {}): Promise<string> {
  const label = options.label ?? path.basename(dest);
  const log = options.log ?? ((s: string) => console.warn(s));
  if (offlineMode()) {
    throw new DatasetError(`MLSYS_OFFLINE=1 forbids downloads: ${label} was not downloaded from ${url}. Unset MLSYS_OFFLINE on a machine with internet to download it.`);
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = partialPath(dest);
  let have = fs.existsSync(partial) ? fs.statSync(partial).size : 0;

  const controller = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${idleMs / 1000} s`)), idleMs);
  };
  arm();
  try {
    let res: Response;
    try {
      res = await fetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: controller.signal });
    } catch (e) {
      throw new DatasetError(`Could not reach ${new URL(url).host} for ${label}: ${describeNetworkError(e)}. Are you offline? Run the command again when online (MLSYS_OFFLINE=1 skips downloads).`);
    }
    let total: number | undefined;
    if (have > 0 && res.status === 416) {
      // the partial file already holds everything the server has: verify it as it is
      await res.body?.cancel();
      total = have;
    } else if (!res.ok) {
      await res.body?.cancel();
      const what = res.status === 404 ? "the file is not at this address (moved or deleted upstream?); check the URL in the dataset's manifest" : "the server refused the download; try again later";
      throw new DatasetError(`HTTP ${res.status} ${res.statusText} for ${url} (${label}): ${what}.`);
    } else {
      const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
      if (have > 0 && res.status === 206 && range && Number(range[1]) === have) {
        log(`Resuming ${label} at ${have.toLocaleString("en-US")} bytes.`);
        total = range[2] === "*" ? undefined : Number(range[2]);
      } else {
        if (have > 0) log(`The server did not resume ${label} (HTTP ${res.status}); starting over.`);
        have = 0;
        fs.writeFileSync(partial, new Uint8Array(0));
        const len = res.headers.get("content-length");
        total = len === null ? undefined : Number(len);
      }
      await receive(res, partial, have, total, label, options.progress ?? "auto", arm);
    }
    return store(spec, partial, dest, url, label);
  } finally {
    clearTimeout(timer);
  }
}

async function receive(res: Response, partial: string, have: number, total: number | undefined, label: string, mode: ProgressOptions["mode"], arm: () => void): Promise<void> {
  const progress = createProgress({ total: Math.ceil((total ?? have) / 1000), start: Math.floor(have / 1000), label: `download ${label}`, unit: "kB", mode });
  const fd = fs.openSync(partial, "a");
  let got = have;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        fs.writeSync(fd, chunk);
        got += chunk.length;
        arm();
        progress.update(Math.floor(got / 1000));
      }
    }
  } catch (e) {
    throw new DatasetError(interrupted(label, got, total, partial, describeNetworkError(e)));
  } finally {
    fs.closeSync(fd);
  }
  if (total !== undefined && got < total) throw new DatasetError(interrupted(label, got, total, partial, "the connection closed early"));
  progress.finish();
}

function interrupted(label: string, got: number, total: number | undefined, partial: string, why: string): string {
  const of = total === undefined ? "" : ` of ${total.toLocaleString("en-US")}`;
  return `The transfer of ${label} was interrupted after ${got.toLocaleString("en-US")}${of} bytes (${why}). The bytes received are kept in ${partial}: run the same command again to resume from there.`;
}

function store(spec: DatasetFile, partial: string, dest: string, url: string, label: string): string {
  const raw = fs.readFileSync(partial);
  let content: Buffer;
  try {
    content = spec.urlCompression === "gzip" ? gunzipSync(raw) : raw;
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw new DatasetError(`The download of ${label} from ${url} is not valid gzip (${(e as Error).message}); it was deleted. Run the command again.`);
  }
  const digest = sha256(content);
  if (digest !== spec.sha256 || (spec.bytes !== undefined && content.length !== spec.bytes)) {
    fs.rmSync(partial, { force: true });
    const size = spec.bytes === undefined ? "" : ` (${spec.bytes.toLocaleString("en-US")} bytes)`;
    throw new DatasetError(
      `The download of ${label} from ${url} failed its checksum: expected SHA-256 ${spec.sha256}${size}, got ${digest} (${content.length.toLocaleString("en-US")} bytes). ` +
        `It was deleted and not used. The server sent other bytes than the manifest records: check the URL, or try again later.`,
    );
  }
  writeStoredFile(dest, content, spec.compression);
  fs.rmSync(partial, { force: true });
  return dest;
}

/**
 * Writes verified content to `dest` as the loader stores it: gzip-compressed (level 9) when
 * `compression` is `gzip`, or when it is not given and `dest` ends in `.gz` (the rule
 * `readDataFile` reads with). The write is atomic: a temporary file renamed into place, so a crash
 * never leaves a half-written file under the real name.
 */
export function writeStoredFile(dest: string, content: Uint8Array, compression?: "gzip" | "none"): void {
  const gz = compression ? compression === "gzip" : dest.endsWith(".gz");
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  writeFileAtomicSync(dest, gz ? gzipSync(content, { level: 9 }) : content);
}
