import type { DataFrame } from "danfojs-node";

/**
 * A danfojs DataFrame view of rows (for `.head()`, `.describe()`, group-bys in notebooks).
 * danfojs is loaded on first use, since importing it costs about a second.
 */
export function toDataFrame<T extends object>(rows: readonly T[]): DataFrame {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  return new dfd.DataFrame(rows as unknown as object[]);
}
