/**
 * Distributions of Kolmogorov–Smirnov statistics, ported from SciPy 1.10 so that p-values
 * match `scipy.stats.ks_2samp`:
 * - {@link smirnovSurvival}: the one-sided statistic D+_n, `scipy.special.smirnov(n, d)`
 *   (Birnbaum–Tingey sum; SciPy sums it in double-double arithmetic, here each term is formed
 *   in logarithms, which agrees to ~1e-11 relative);
 * - {@link kolmogorovTwoSidedSurvival}: the two-sided one-sample statistic D_n,
 *   `scipy.stats.kstwo.sf(d, n)`, with Simard & L'Ecuyer's (2011) choice between the
 *   Ruben–Gambino closed forms, Durbin's matrix (Marsaglia–Tsang–Wang), Pomeranz's recursion,
 *   the Pelz–Good expansion and 2·smirnov.
 *
 * References: Durbin (1968); Pomeranz (1974); Marsaglia, Tsang & Wang (2003, JSS 8(18));
 * Pelz & Good (1976); Simard & L'Ecuyer (2011, JSS 39(11)); van Mulbregt (2018, arXiv:1802.06966).
 */

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const MIN_LOG_DOUBLE = -745.1332191019412; // log of the smallest subnormal
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

const clip01 = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/** Exact product n·x as hi + lo (Dekker's two-product), so floor(n·x) is never off by one. */
function twoProduct(a: number, b: number): [number, number] {
  const hi = a * b;
  const split = (v: number): [number, number] => {
    const c = 134217729 * v; // 2^27 + 1
    const h = c - (c - v);
    return [h, v - h];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const lo = ah * bh - hi + ah * bl + al * bh + al * bl;
  return [hi, lo];
}

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic, P(D+_n ≥ d)
 * (`scipy.special.smirnov(n, d)`).
 * @param n sample size, a positive integer
 * @param d the statistic, in [0, 1]
 */
export function smirnovSurvival(n: number, d: number): number {
  if (!(n > 0 && Number.isInteger(n) && d >= 0 && d <= 1)) return NaN;
  if (n === 1) return 1 - d;
  if (d === 0) return 1;
  if (d === 1) return 0;
  const [hi, lo] = twoProduct(n, d);
  let nxfl = Math.floor(hi);
  let alpha = hi - nxfl + lo;
  if (alpha < 0) {
    nxfl -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  // d <= 1/n
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    return clip01(1 - d * Math.exp((n - 1) * Math.log1p(d)));
  }
  if (-2 * n * d * d < MIN_LOG_DOUBLE) return 0;
  if (nxfl >= n - 1) return clip01(Math.exp(n * Math.log1p(-d)));
  if (n > 1_000_000) {
    const logp = -((6 * n * d + 1) ** 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }
  const nUpperTerms = n - n1mxceil + 1;
  const useUpper = (nUpperTerms <= 1 && d < 0.5) || (n >= 10 && nUpperTerms <= 3 && d <= 0.5 / Math.sqrt(n));
  // term A_v = C(n, v) (d + v/n)^(v-1) (1 - d - v/n)^(n-v), formed in logs; (n - v - n d) is
  // computed from the exact product so the last factor keeps its relative accuracy.
  const logTerm = (v: number, logC: number): number => {
    const t1 = (v + hi + lo) / n;
    const t2 = (n - v - hi - lo) / n;
    return logC + (v - 1) * Math.log(t1) + (n - v) * Math.log(Math.abs(t2));
  };
  const sign = (v: number): number => ((n - v - hi - lo) < 0 && (n - v) % 2 === 1 ? -1 : 1);
  let sum = 0;
  let comp = 0;
  const add = (t: number): void => {
    const s = sum + t;
    comp += Math.abs(sum) >= Math.abs(t) ? sum - s + t : t - s + sum;
    sum = s;
  };
  if (useUpper) {
    // cdf = d * sum_{v = n1mxceil}^{n} A_v
    let logC = 0; // log C(n, n)
    for (let v = n; v >= n1mxceil; v--) {
      if (v < n) logC += Math.log((v + 1) / (n - v));
      const t = v === n ? Math.exp((n - 1) * Math.log1p(d)) : sign(v) * Math.exp(logTerm(v, logC));
      add(t);
    }
    return clip01(1 - d * (sum + comp));
  }
  let logC = 0; // log C(n, 0)
  const nTerms = n1mxfl + 1;
  for (let v = 0; v < nTerms; v++) {
    if (v > 0) logC += Math.log((n - v + 1) / v);
    const t = Math.exp(logTerm(v, logC));
    add(t);
    if (t !== 0 && 4 * (nTerms - v) * t < Number.EPSILON * (sum + comp) && v !== nTerms - 1) break;
    if (t === 0 && v > n / 2) break;
  }
  return clip01(d * (sum + comp));
}

/** log(n! / n^n) via Stirling's series with the n·log(n) removed up front. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const x = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * x + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j]!;
    }
  }
  return out;
}

/** P(D_n <= d) by Durbin's matrix algorithm as Marsaglia, Tsang and Wang evaluate it. */
function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)]!;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let Hpwr: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let Hexpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += Hexpnt;
    }
    H = matmul(H, H, m);
    Hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]!) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] /= EP128;
      Hexpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = Hpwr[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = p * 2 ** expnt;
  return clip01(p);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n <= d) by Pomeranz's recursion (1974). */
function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gn = g / n;
  const g2n = (2 * g) / n;
  const om2gn = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1]! * gn) / m;
    twogpower[m] = (twogpower[m - 1]! * g2n) / m;
    onem2gpower[m] = (onem2gpower[m - 1]! * om2gn) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const start = k1 - V0s;
      const end = Math.min(start + ln2, npwrs);
      const alen = end - start;
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let maxV = 0;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c; // index into the full convolution of V0[start:end] and pwrs[:ln2]
        let s = 0;
        const lo = Math.max(0, idx - (ln2 - 1));
        const hi = Math.min(alen - 1, idx);
        for (let a = lo; a <= hi; a++) s += V0[start + a]! * pwrs[idx - a]!;
        V1[c] = s;
        if (s > maxV) maxV = s;
      }
      if (maxV > 0 && maxV < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ans * 2 ** expnt;
  return clip01(ans);
}

/** Pelz–Good approximation to P(D_n <= x). */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qp + coeffs[i]!;
  }
  const den = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT2PI) / den[i]!;
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    const kspi = Math.PI * k;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qk;
  }
  K[2] = K[2]! + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = K[3]! + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i]! / n ** (i / 2);
  return sum;
}

/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic, P(D_n ≥ d)
 * (`scipy.stats.kstwo.sf(d, n)`). `ks_2samp` uses it for its asymptotic p-value with
 * n = round(n1·n2 / (n1 + n2)).
 * @param n sample size, a positive integer
 * @param d the statistic
 */
export function kolmogorovTwoSidedSurvival(n: number, d: number): number {
  if (!(n > 0 && Number.isInteger(n)) || Number.isNaN(d)) return NaN;
  if (d >= 1) return 0;
  if (d <= 0.5 / n) return 1; // below the support
  const t = n * d;
  if (t <= 1) {
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - d) ** n);
  if (d >= 0.5) return clip01(2 * smirnovSurvival(n, d));
  const nxsq = t * d;
  if (n <= 140) {
    if (nxsq <= 0.754693) return clip01(1 - kolmogorovCdfDurbin(n, d));
    if (nxsq <= 4) return clip01(1 - kolmogorovCdfPomeranz(n, d));
    return clip01(2 * smirnovSurvival(n, d));
  }
  if (nxsq >= 370) return 0;
  if (nxsq >= 2.2) return clip01(2 * smirnovSurvival(n, d));
  let cdf: number;
  if (nxsq >= 18) cdf = 1;
  else if (n <= 100000 && n * d ** 1.5 <= 1.4) cdf = kolmogorovCdfDurbin(n, d);
  else cdf = kolmogorovCdfPelzGood(n, d);
  return clip01(1 - clip01(cdf));
}
