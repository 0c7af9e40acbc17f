/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., algorithm 7.4 two-loop
 * recursion and 7.5) for smooth unconstrained minimisation, with a backtracking line search that
 * enforces the Armijo condition and keeps a correction pair only when its curvature s·y is positive.
 * Written here because npm has no maintained L-BFGS (`fmin` has none; the rest are unmaintained).
 */

/** Options of {@link minimizeLbfgs}; every field has a default. */
export interface LbfgsOptions {
  /** Correction pairs kept (the "m" of L-BFGS). Default `10` (SciPy's L-BFGS-B default). */
  memory?: number;
  /** Iterations at most. Default `1000`. */
  maxIterations?: number;
  /** Stop when max |gradient component| ≤ this (SciPy's `gtol`). Default `1e-6`. */
  gradientTolerance?: number;
  /** Stop when the relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ this (SciPy's `ftol`). Default `1e-12`. */
  functionTolerance?: number;
  /** Called after every iteration with the iteration number, the objective and max |gradient|. */
  onIteration?: (info: { iteration: number; f: number; gradMax: number }) => void;
}

/** Result of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  /** The minimiser found (the array passed as `x0`, updated in place). */
  x: Float64Array;
  /** Objective at `x`. */
  f: number;
  /** Max |gradient component| at `x`. */
  gradMax: number;
  /** Iterations run. */
  iterations: number;
  /** Objective and gradient evaluations. */
  evaluations: number;
  /** Why it stopped: `"gradient"` and `"function"` are convergence; `"max-iterations"` and `"line-search"` are not. */
  reason: "gradient" | "function" | "max-iterations" | "line-search";
}

/**
 * Minimises a smooth function by L-BFGS.
 * @param fg objective: writes the gradient at `x` into `grad` and returns f(x)
 * @param x0 starting point (updated in place)
 * @param options see {@link LbfgsOptions}
 */
export function minimizeLbfgs(fg: (x: Float64Array, grad: Float64Array) => number, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 1000;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.functionTolerance ?? 1e-12;
  if (!(m >= 1 && maxIter >= 1 && gtol >= 0 && ftol >= 0)) throw new RangeError("minimizeLbfgs: memory and maxIterations must be >= 1, tolerances >= 0.");
  const n = x0.length;
  const x = x0;
  let g = new Float64Array(n);
  let gNew = new Float64Array(n);
  const xNew = new Float64Array(n);
  const d = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error(`minimizeLbfgs: the objective is ${f} at the starting point.`);
  const maxAbs = (v: Float64Array): number => {
    let a = 0;
    for (let i = 0; i < n; i++) a = Math.max(a, Math.abs(v[i]!));
    return a;
  };
  let gradMax = maxAbs(g);
  let iteration = 0;
  let reason: LbfgsResult["reason"] = "max-iterations";
  if (gradMax <= gtol) return { x, f, gradMax, iterations: 0, evaluations, reason: "gradient" };
  while (iteration < maxIter) {
    // d = −H·g by the two-loop recursion, H0 = (s·y / y·y) I
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = rho[j]! * dot(S[j]!, d);
      alpha[j] = a;
      axpy(-a, Y[j]!, d);
    }
    if (k > 0) {
      const gamma = 1 / (rho[k - 1]! * dot(Y[k - 1]!, Y[k - 1]!));
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const b = rho[j]! * dot(Y[j]!, d);
      axpy(alpha[j]! - b, S[j]!, d);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (should not happen with positive curvature pairs): restart from −g
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    // first step scaled so that it moves at most 1 in the largest coordinate
    let step = k === 0 ? Math.min(1, 1 / maxAbs(d)) : 1;
    let fNew = NaN;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      reason = "line-search";
      break;
    }
    iteration++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(xNew);
    [g, gNew] = [gNew, g];
    const fOld = f;
    f = fNew;
    gradMax = maxAbs(g);
    options.onIteration?.({ iteration, f, gradMax });
    if (gradMax <= gtol) {
      reason = "gradient";
      break;
    }
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      reason = "function";
      break;
    }
  }
  return { x, f, gradMax, iterations: iteration, evaluations, reason };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}
