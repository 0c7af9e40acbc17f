import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { sha256File } from "../fs/hash";
import { REGISTRY_ENTRY_FILE, artifactHash, type ModelVersionRecord, type RegistryFileEntry } from "./registry-files";

/** What `ModelRegistry.verify` reports. */
export interface VerifyResult {
  /** Every file matches its recorded SHA-256, the record's whole-artifact hash matches its file list, and no file was added. */
  ok: boolean;
  /** Whole-artifact hash of the files as they are on disk now. */
  artifactSha256: string;
  /** One sentence per problem, starting with the file's name; empty when `ok`. */
  problems: string[];
}

/**
 * Re-hashes the files of a version folder (streamed) and compares them with its record: each file's
 * SHA-256, the record's whole-artifact hash against its own file list (an edited record), and files in
 * the folder that the record does not list.
 */
export async function verifyVersionFiles(rec: ModelVersionRecord): Promise<VerifyResult> {
  const problems: string[] = [];
  const files: RegistryFileEntry[] = [];
  for (const f of rec.files) {
    try {
      const h = await sha256File(path.join(rec.path, f.name));
      files.push({ ...f, sha256: h });
      if (h !== f.sha256) problems.push(`${f.name}: sha256 ${h.slice(0, 12)}… differs from the recorded ${f.sha256.slice(0, 12)}… (the file was changed after registration)`);
    } catch {
      problems.push(`${f.name}: missing`);
    }
  }
  const recorded = artifactHash(rec.files);
  if (recorded !== rec.artifactSha256) {
    problems.push(`${REGISTRY_ENTRY_FILE}: artifactSha256 ${rec.artifactSha256.slice(0, 12)}… does not match the hash of its own file list (${recorded.slice(0, 12)}…): the record was edited`);
  }
  const listed = new Set([...rec.files.map((f) => f.name), REGISTRY_ENTRY_FILE]);
  for (const extra of (await fsp.readdir(rec.path)).filter((f) => !listed.has(f))) problems.push(`${extra}: not in the record (added after registration)`);
  return { ok: problems.length === 0, artifactSha256: artifactHash(files), problems };
}
