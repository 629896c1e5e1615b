// C baseline for kernels.bench.mjs: the same algorithms as @pupil/tensors (xoshiro256**, 256-layer ziggurat with
// pooled layer bits, BLAS-1/2 loops), compiled with gcc -O3 -march=native. Prints "name nsPerItem" lines.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t s[4] = {0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL, 1};
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t next(void) {
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
  return r;
}
static inline double unif(void) { return (next() >> 11) * 0x1.0p-53; }

#define C 256
static double X[C + 1], RATIO[C], F[C + 1], R = 3.6541528853610088, V = 0.00492867323399;
static void tables(void) {
  double f = exp(-0.5 * R * R);
  X[0] = V / f; X[1] = R;
  for (int i = 2; i < C; i++) X[i] = sqrt(-2 * log(V / X[i - 1] + exp(-0.5 * X[i - 1] * X[i - 1])));
  X[C] = 0;
  for (int i = 0; i < C; i++) RATIO[i] = X[i + 1] / X[i];
  for (int i = 0; i <= C; i++) F[i] = exp(-0.5 * X[i] * X[i]);
}
static uint64_t pool; static int count = 0;
static double normal(void) {
  for (;;) {
    if (count == 0) { pool = next(); count = 6; }
    count--;
    unsigned bits = (unsigned)(pool >> (9 * count + (count >= 3 ? 5 : 0))) & 511; /* fields as createRng takes them */
    unsigned layer = bits & 255; double u = unif(), x = u * X[layer];
    if (u < RATIO[layer]) { // branch-free sign: flip the IEEE sign bit with bit 8 of the layer field
      union { double d; uint64_t i; } c = {x};
      c.i ^= (uint64_t)(bits & 256) << 55;
      return c.d;
    }
    if (layer == 0) {
      double a, b;
      do { a = -log(1 - unif()) / R; b = -log(1 - unif()); } while (b + b < a * a);
      return (bits & 256) ? -(R + a) : R + a;
    }
    if (F[layer] + unif() * (F[layer + 1] - F[layer]) < exp(-0.5 * x * x)) return (bits & 256) ? -x : x;
  }
}

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
#define BEST(name, items, ...) { double best = 1e300; for (int rep = 0; rep < 7; rep++) { double t0 = now(); __VA_ARGS__; double dt = now() - t0; if (dt < best) best = dt; } printf("%s %.4f\n", name, best / (items)); }

int main(void) {
  tables();
  enum { N = 1000000, P = 8, D = 10000, K = 4 };
  double *buf = malloc(sizeof(double) * N), *A = malloc(sizeof(double) * P * D), *x = malloc(sizeof(double) * D);
  double *U = malloc(sizeof(double) * P * K), *Xk = malloc(sizeof(double) * D * K), out[P], sink = 0;
  for (int i = 0; i < P * D; i++) A[i] = normal();
  for (int i = 0; i < D; i++) x[i] = normal();
  for (int i = 0; i < D * K; i++) Xk[i] = normal();
  for (int i = 0; i < P * K; i++) U[i] = normal();
  BEST("fillUniform", N, for (int i = 0; i < N; i++) buf[i] = unif(); sink += buf[7]);
  BEST("fillNormal", N, for (int i = 0; i < N; i++) buf[i] = normal(); sink += buf[7]);
  BEST("dot", 100.0 * D, for (int r = 0; r < 100; r++) { double acc = 0; for (int i = 0; i < D; i++) acc += A[i] * x[i]; sink += acc; });
  BEST("gemv", 100.0 * P * D, for (int r = 0; r < 100; r++) { for (int p = 0; p < P; p++) { double acc = 0; for (int i = 0; i < D; i++) acc += A[p * D + i] * x[i]; out[p] = acc; } sink += out[3]; });
  BEST("ger", 100.0 * P * D, for (int r = 0; r < 100; r++) for (int p = 0; p < P; p++) { double c = 1e-9 * out[p]; for (int i = 0; i < D; i++) A[p * D + i] += c * x[i]; });
  BEST("rankUpdate4", 100.0 * P * D, for (int r = 0; r < 100; r++) for (int p = 0; p < P; p++) { double u0 = 1e-9 * U[p * K], u1 = 1e-9 * U[p * K + 1], u2 = 1e-9 * U[p * K + 2], u3 = 1e-9 * U[p * K + 3]; for (int i = 0; i < D; i++) A[p * D + i] += u0 * Xk[i * K] + u1 * Xk[i * K + 1] + (u2 * Xk[i * K + 2] + u3 * Xk[i * K + 3]); });
  fprintf(stderr, "%g\n", sink + A[5]);
  return 0;
}
