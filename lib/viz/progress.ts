import { SingleBar, Presets } from "cli-progress";
import { tslabDisplay } from "../nb/env";

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** Total units of work. */
  total: number;
  /** What is being done, shown before the bar. Default `"working"`. */
  label?: string;
  /** Unit name shown after the counts (e.g. `"pairs"`). Default `""`. */
  unit?: string;
  /** Where to draw: `"auto"` (notebook if in one, a bar on a TTY, periodic lines otherwise). Default `"auto"`. */
  mode?: "auto" | "notebook" | "bar" | "lines" | "silent";
  /** Minimum milliseconds between redraws in notebooks and line mode. Default 1000 (lines: 10000). */
  intervalMs?: number;
  /** Units already done (for a resumed job). Default 0. */
  start?: number;
}

/** A progress display that updates in place. */
export interface Progress {
  /** Adds `n` (default 1) completed units. */
  tick(n?: number): void;
  /** Sets the completed count. */
  update(done: number): void;
  /** Marks the work complete and prints a final line with the elapsed time. */
  finish(): void;
}

function fmtDuration(s: number): string {
  if (!isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * Creates a progress display with an ETA: a live bar in a terminal (on stderr), an in-place HTML
 * bar in a notebook, and periodic log lines when output is not a terminal (CI, pipes).
 */
export function createProgress(opts: ProgressOptions): Progress {
  const total = Math.max(0, opts.total);
  const label = opts.label ?? "working";
  const unit = opts.unit ?? "";
  const t0 = Date.now();
  const start = opts.start ?? 0;
  let done = start;
  let mode = opts.mode ?? "auto";
  const tslab = tslabDisplay();
  if (mode === "auto") mode = tslab ? "notebook" : process.stderr.isTTY ? "bar" : "lines";
  const interval = opts.intervalMs ?? (mode === "lines" ? 10_000 : 1000);
  let last = 0;

  const eta = (): number => {
    const rate = (done - start) / ((Date.now() - t0) / 1000);
    return rate > 0 ? (total - done) / rate : Infinity;
  };
  const summary = (): string => {
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : "100.0";
    return `${label}: ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit} (${pct}%) elapsed ${fmtDuration(
      (Date.now() - t0) / 1000,
    )} ETA ${fmtDuration(eta())}`;
  };

  // redraws at most every `interval` ms (and on completion when `atEnd`), always on finish()
  const throttled = (draw: () => void, atEnd: boolean): Progress => {
    const maybe = (): void => {
      const now = Date.now();
      if (now - last >= interval || (atEnd && done >= total)) {
        last = now;
        draw();
      }
    };
    return {
      tick: (n = 1) => {
        done += n;
        maybe();
      },
      update: (d) => {
        done = d;
        maybe();
      },
      finish: () => {
        done = total;
        draw();
      },
    };
  };

  if (mode === "bar") {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {percentage}% {value}/{total} ${unit} ETA {eta_formatted}`, stream: process.stderr, etaBuffer: 50 },
      Presets.shades_classic,
    );
    bar.start(total, done);
    return {
      tick: (n = 1) => bar.update((done += n)),
      update: (d) => bar.update((done = d)),
      finish: () => {
        bar.update(total);
        bar.stop();
      },
    };
  }
  if (mode === "notebook" && tslab) {
    const d = tslab.newDisplay();
    const draw = (): void => {
      const pct = total > 0 ? (100 * done) / total : 100;
      d.html(
        `<div style="font-family:monospace"><div style="width:320px;border:1px solid #888;height:12px;display:inline-block;vertical-align:middle"><div style="width:${pct.toFixed(
          1,
        )}%;background:#4c78a8;height:100%"></div></div> ${summary()}</div>`,
      );
    };
    draw();
    return throttled(draw, true);
  }
  const log = (): void => {
    if (mode !== "silent") console.error(summary());
  };
  return throttled(log, false);
}
