import { tslabDisplay } from "../nb/env";

/** What {@link attributionHtml} draws: a text and attributions on spans of it (e.g. an {@link OcclusionResult}). */
export interface AttributedText {
  /** The text. */
  text: string;
  /** Spans with attributions; spans must not overlap. */
  tokens: readonly { start: number; end: number; attribution: number }[];
  /** Explained class label (shown in the caption when present). */
  label?: string;
  /** Class probability (shown in the caption when present). */
  probability?: number;
}

/** Options of {@link attributionHtml}. */
export interface AttributionHtmlOptions {
  /** Attribution that gets the strongest colour. Default: the largest |attribution| in the text. */
  maxAbs?: number;
  /** RGB of tokens supporting the class. Default `[0, 160, 60]` (green). */
  positiveColor?: readonly [number, number, number];
  /** RGB of tokens against the class. Default `[220, 40, 40]` (red). */
  negativeColor?: readonly [number, number, number];
  /** Opacity of the strongest colour. Default `0.8`. */
  maxAlpha?: number;
  /** Caption above the text; default `"P(label) = p"` when the input has them, none otherwise. Pass `""` for none. */
  caption?: string;
  /** Significant digits in tooltips and caption. Default `3`. */
  digits?: number;
}

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Renders token attributions as HTML for a notebook: each token in a
 * `<span style="background:rgba(r,g,b,a)">` whose colour says the sign (green for, red against
 * the class) and whose opacity says the size (|attribution| / maxAbs), with the value as a
 * tooltip. The text between tokens is kept, HTML-escaped.
 * @param result the text and its token attributions (e.g. from `occlusionAttributions`)
 * @param options maxAbs (largest |a|), positiveColor (green), negativeColor (red), maxAlpha (0.8), caption, digits (3)
 */
export function attributionHtml(result: AttributedText, options: AttributionHtmlOptions = {}): string {
  const { text } = result;
  const tokens = [...result.tokens].sort((a, b) => a.start - b.start);
  let prevEnd = 0;
  for (const t of tokens) {
    if (!(t.start >= prevEnd && t.end >= t.start && t.end <= text.length)) throw new RangeError(`attributionHtml: span ${t.start}..${t.end} overlaps another or lies outside the text (${text.length} characters).`);
    prevEnd = t.end;
  }
  const digits = options.digits ?? 3;
  const maxAbs = options.maxAbs ?? tokens.reduce((m, t) => Math.max(m, Math.abs(t.attribution)), 0);
  const maxAlpha = options.maxAlpha ?? 0.8;
  const pos = options.positiveColor ?? [0, 160, 60];
  const neg = options.negativeColor ?? [220, 40, 40];
  const num = (x: number): string => Number(x.toPrecision(digits)).toString();
  let html = "";
  let at = 0;
  for (const t of tokens) {
    html += escapeHtml(text.slice(at, t.start));
    const a = t.attribution;
    const alpha = maxAbs > 0 ? Math.min(1, Math.abs(a) / maxAbs) * maxAlpha : 0;
    const [r, g, b] = a >= 0 ? pos : neg;
    html += `<span style="background:rgba(${r},${g},${b},${Number(alpha.toFixed(3))})" title="${num(a)}">${escapeHtml(text.slice(t.start, t.end))}</span>`;
    at = t.end;
  }
  html += escapeHtml(text.slice(at));
  const caption = options.caption ?? (result.label !== undefined && result.probability !== undefined ? `P(${result.label}) = ${num(result.probability)}` : "");
  const cap = caption ? `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(caption)}</div>` : "";
  return `<div style="line-height:1.9">${cap}${html}</div>`;
}

/** Shows {@link attributionHtml} in a notebook; in a terminal prints each token with its attribution. */
export function showAttributions(result: AttributedText, options: AttributionHtmlOptions = {}): void {
  const t = tslabDisplay();
  if (t) {
    t.display.html(attributionHtml(result, options));
    return;
  }
  const digits = options.digits ?? 3;
  console.log(result.tokens.map((x) => `${result.text.slice(x.start, x.end)}(${Number(x.attribution.toPrecision(digits))})`).join(" "));
}
