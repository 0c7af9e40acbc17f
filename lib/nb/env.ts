/**
 * Where the code runs: inside a tslab notebook kernel, or a plain Node.js process.
 */

interface TslabDisplay {
  html(s: string): void;
  text(s: string): void;
  markdown(s: string): void;
  png(b: Uint8Array): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/**
 * True when this code runs in a notebook cell (tslab kernel or the course's in-process runner),
 * where rich output (HTML, charts) can be displayed.
 */
export function inNotebook(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const j = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    return j.lastWriteDisplayData != null;
  } catch {
    return false;
  }
}

/**
 * tslab's display API when in a notebook, otherwise `undefined`.
 * @internal
 */
export function tslabDisplay(): TslabModule | undefined {
  if (!inNotebook()) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require("tslab") as TslabModule;
}
