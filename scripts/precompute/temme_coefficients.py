"""Coefficients d[k][n] of Temme's uniform asymptotic expansion of the regularized incomplete gamma
functions (DLMF 8.12.8-8.12.12), computed exactly in rational arithmetic.
  Q(a, x) = erfc(eta*sqrt(a/2))/2 + exp(-a*eta^2/2)/sqrt(2*pi*a) * sum_k C_k(eta) a^-k,
  C_k(eta) = sum_n d[k][n] eta^n."""
from fractions import Fraction as Fr
import sys
K, N = int(sys.argv[1]), int(sys.argv[2])
M = N + 2 * K + 2  # series degree needed

def mul(a, b, deg):
    out = [Fr(0)] * (deg + 1)
    for i, x in enumerate(a[:deg + 1]):
        if x == 0: continue
        for j, y in enumerate(b[:deg + 1 - i]):
            out[i + j] += x * y
    return out

def sqrt_series(s, deg):  # s[0] == 1
    r = [Fr(0)] * (deg + 1); r[0] = Fr(1)
    for n in range(1, deg + 1):
        acc = s[n] - sum(r[i] * r[n - i] for i in range(1, n))
        r[n] = acc / 2
    return r

def inv_series(s, deg):  # 1/s, s[0] != 0
    r = [Fr(0)] * (deg + 1); r[0] = 1 / s[0]
    for n in range(1, deg + 1):
        r[n] = -sum(s[i] * r[n - i] for i in range(1, n + 1) if i < len(s)) / s[0]
    return r

D = M + 2
# eta = mu * sqrt(S(mu)), S(mu) = 2 * sum_{j>=2} (-1)^j mu^(j-2) / j
S = [Fr(2 * (-1) ** j, j) for j in range(2, D + 3)]
h = sqrt_series(S, D)            # eta = mu * h(mu)
# reversion: mu = eta * u(eta) with u = 1/h(mu(eta)); Lagrange: [eta^n] mu = (1/n) [mu^(n-1)] h(mu)^(-n)
hinv = inv_series(h, D)
alpha = [Fr(0)] * (D + 1)
p = [Fr(1)] + [Fr(0)] * D
for n in range(1, D + 1):
    p = mul(p, hinv, D)          # h^(-n)
    alpha[n] = p[n - 1] / n
# c0(eta) = 1/mu - 1/eta = (1/eta) * (1/u(eta) - 1), u = mu/eta
u = alpha[1:] + [Fr(0)]
uinv = inv_series(u, D - 1)
c0 = uinv[1:]                    # coefficients of eta^0, eta^1, ...
# Stirling series Gamma*(z) = sum g_k z^-k = exp(sum_j B_2j / (2j (2j-1)) z^(1-2j))
def bernoulli(n):
    B = [Fr(0)] * (n + 1); B[0] = Fr(1)
    from math import comb
    for m in range(1, n + 1):
        B[m] = -sum(comb(m + 1, k) * B[k] for k in range(m)) / (m + 1)
    return B
B = bernoulli(2 * K + 2)
L = [Fr(0)] * (K + 1)
for j in range(1, K + 1):
    if 2 * j - 1 <= K: L[2 * j - 1] = B[2 * j] / (2 * j * (2 * j - 1))
g = [Fr(0)] * (K + 1); g[0] = Fr(1)   # exp of series with L[0] = 0: g' = L' g
for n in range(1, K + 1):
    g[n] = sum(k * L[k] * g[n - k] for k in range(1, n + 1)) / n
d = [c0[:M]]
for k in range(1, K):
    prev = d[-1]
    d.append([(-1) ** k * g[k] * d[0][n] + (n + 2) * prev[n + 2] for n in range(len(prev) - 2)])
print("g", [str(x) for x in g[:6]], file=sys.stderr)
print("alpha", [str(x) for x in alpha[1:6]], file=sys.stderr)
print("d0", [str(x) for x in d[0][:4]], "d1", [str(x) for x in d[1][:3]], file=sys.stderr)
rows = []
for k in range(K):
    rows.append("  [" + ", ".join(repr(float(x)) for x in d[k][:N]) + "],")
print("\n".join(rows))
