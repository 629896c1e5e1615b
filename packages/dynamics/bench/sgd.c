/* The C reference for bench/sgd.bench.mjs: the same work as one OnlineSimulator step (quadratic or erf committee,
 * B = 1), written as a plain C loop: xoshiro256** + the 256-layer ziggurat of @pupil/tensors (branch-free sign)
 * for the fresh Gaussian input, gemv for the student and teacher pre-activations, |x|², the O(p²) overlap update
 * and the rank-1 update.
 * Build: gcc -O3 -march=native -o sgd sgd.c -lm
 * Run:   ./sgd p pStar N seconds [quadratic|erf]  → prints steps per CPU-second */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t s[4];
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t next(void) {
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
  return r;
}
static inline double unif(void) { return (double)(next() >> 11) * 0x1p-53; }

#define LAYERS 256
static double zx[LAYERS + 1], zratio[LAYERS], zf[LAYERS + 1], zr;
static double zfast[4 * LAYERS]; /* per 9-bit layer+sign field b: ratio[b & 255], ±x[b & 255] */
static double dens(double x) { return exp(-0.5 * x * x); }
static double closure(double r, int write) {
  double v = r * dens(r) + sqrt(M_PI / 2) * erfc(r / M_SQRT2), xi = r;
  for (int i = 2; i < LAYERS; i++) {
    double nx = v / xi + dens(xi);
    if (nx >= 1) return nx - 1 + (LAYERS - i);
    xi = sqrt(-2 * log(nx));
    if (write) zx[i] = xi;
  }
  return v / xi + dens(xi) - 1;
}
static void zig_init(void) {
  double lo = 3, hi = 4.5;
  for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
    double mid = 0.5 * (lo + hi);
    if (closure(mid, 0) > 0) lo = mid; else hi = mid;
  }
  zr = 0.5 * (lo + hi);
  double v = zr * dens(zr) + sqrt(M_PI / 2) * erfc(zr / M_SQRT2);
  zx[0] = v / dens(zr); zx[1] = zr; closure(zr, 1); zx[LAYERS] = 0;
  for (int i = 0; i < LAYERS; i++) zratio[i] = zx[i + 1] / zx[i];
  for (int i = 0; i <= LAYERS; i++) zf[i] = dens(zx[i]);
  for (int b = 0; b < 2 * LAYERS; b++) {
    zfast[2 * b] = zratio[b & 255];
    zfast[2 * b + 1] = (b & 256) ? -zx[b & 255] : zx[b & 255];
  }
}
/* The generator of @pupil/tensors createRng, draw for draw: a 9-bit layer+sign field from a pool (six fields of
 * one output, the upper three at bit 9k+5), a separate output for the abscissa, the width read signed from a
 * table indexed by the whole field (no branch on a random bit); the slow path as in the library. */
static uint64_t pool;
static int pool_count = 0;
static inline unsigned layer_bits(void) {
  if (pool_count == 0) { pool = next(); pool_count = 6; }
  pool_count--;
  return (unsigned)(pool >> (9 * pool_count + (pool_count >= 3 ? 5 : 0))) & 511;
}
static inline double flip(double v, unsigned bits) {
  union { double d; uint64_t i; } c = {v};
  c.i ^= (uint64_t)(bits & 256) << 55;
  return c.d;
}
static double normal_slow(unsigned bits, double u) {
  for (;;) {
    int layer = bits & 255;
    if (layer == 0) {
      double a, b;
      do { a = -log(1 - unif()) / zr; b = -log(1 - unif()); } while (b + b < a * a);
      return flip(zr + a, bits);
    }
    double x = u * zx[layer];
    double y = zf[layer] + unif() * (zf[layer + 1] - zf[layer]);
    if (y < exp(-0.5 * x * x)) return flip(x, bits);
    bits = layer_bits();
    u = unif();
    if (u < zratio[bits & 255]) return flip(u * zx[bits & 255], bits);
  }
}
static inline double normal(void) {
  unsigned bits = layer_bits();
  double u = unif();
  if (__builtin_expect(u < zfast[2 * bits], 1)) return u * zfast[2 * bits + 1]; /* the signed width */
  return normal_slow(bits, u);
}

/* out[0..n) = normal draws, the same stream as n calls of normal(), with the generator state in locals
 * (registers) for the loop, as the wasm kernel's fill_normal keeps it; the slow path goes through memory. */
static void fill_normal(double *out, int n) {
  uint64_t s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], pl = pool;
  int cnt = pool_count;
  for (int i = 0; i < n; i++) {
    if (cnt == 0) {
      pl = rotl(s1 * 5, 7) * 9;
      uint64_t t = s1 << 17;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45);
      cnt = 6;
    }
    cnt--;
    unsigned bits = (unsigned)(pl >> (9 * cnt + (cnt >= 3 ? 5 : 0))) & 511;
    uint64_t r = rotl(s1 * 5, 7) * 9, t = s1 << 17;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45);
    double u = (double)(r >> 11) * 0x1p-53;
    if (__builtin_expect(u < zfast[2 * bits], 1)) {
      out[i] = u * zfast[2 * bits + 1];
    } else {
      s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3; pool = pl; pool_count = cnt;
      out[i] = normal_slow(bits, u);
      s0 = s[0]; s1 = s[1]; s2 = s[2]; s3 = s[3]; pl = pool; cnt = pool_count;
    }
  }
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3; pool = pl; pool_count = cnt;
}

/* The erf committee of MATH.md §3: g(z) = erf(z/√2), g'(z) = √(2/π) e^{-z²/2}. */
static inline double g_erf(double z) { return erf(z * M_SQRT1_2); }
static inline double dg_erf(double z) { return 0.7978845608028654 * exp(-0.5 * z * z); }

int main(int argc, char **argv) {
  int p = argc > 1 ? atoi(argv[1]) : 8, ps = argc > 2 ? atoi(argv[2]) : 2, N = argc > 3 ? atoi(argv[3]) : 1000;
  double seconds = argc > 4 ? atof(argv[4]) : 1.0;
  int use_erf = argc > 5 && argv[5][0] == 'e'; /* "erf" or "quadratic" (default) */
  s[0] = 0x9e3779b97f4a7c15ull; s[1] = 0xbf58476d1ce4e5b9ull; s[2] = 0x94d049bb133111ebull; s[3] = 12345;
  zig_init();
  double *W = malloc(sizeof(double) * p * N), *Ws = malloc(sizeof(double) * ps * N), *x = malloc(sizeof(double) * N);
  double *h = malloc(sizeof(double) * p), *hs = malloc(sizeof(double) * ps), *c = malloc(sizeof(double) * p);
  double *Q = calloc((size_t)p * p, sizeof(double)), *M = calloc((size_t)p * ps, sizeof(double));
  for (int i = 0; i < p * N; i++) W[i] = normal();
  for (int i = 0; i < ps * N; i++) Ws[i] = normal();
  const double eta = 0.1, isn = 1 / sqrt((double)N), a = 1.0 / p, b = 1.0 / ps;
  long steps = 0;
  double guard = 0;
  struct timespec t0, t1;
  /* CPU time of this process: on a shared machine, time sliced away to other processes is not counted */
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  for (;;) {
    for (int rep = 0; rep < 256; rep++) {
      fill_normal(x, N);
      for (int j = 0; j < p; j++) {
        double acc = 0;
        for (int i = 0; i < N; i++) acc += W[j * N + i] * x[i];
        h[j] = acc * isn;
      }
      for (int r = 0; r < ps; r++) {
        double acc = 0;
        for (int i = 0; i < N; i++) acc += Ws[r * N + i] * x[i];
        hs[r] = acc * isn;
      }
      double yhat = 0, y = 0, xx = 0, d;
      if (use_erf) {
        for (int j = 0; j < p; j++) yhat += g_erf(h[j]);
        for (int r = 0; r < ps; r++) y += g_erf(hs[r]);
        d = yhat - y;
        for (int j = 0; j < p; j++) c[j] = -eta * isn * d * dg_erf(h[j]);
      } else {
        for (int j = 0; j < p; j++) yhat += a * h[j] * h[j];
        for (int r = 0; r < ps; r++) y += b * hs[r] * hs[r];
        d = yhat - y;
        for (int j = 0; j < p; j++) c[j] = -eta * isn * a * 2 * h[j] * d;
      }
      for (int i = 0; i < N; i++) xx += x[i] * x[i];
      for (int j = 0; j < p; j++) {
        for (int k = j; k < p; k++) { /* symmetric: the upper triangle, mirrored */
          double q = Q[j * p + k] + isn * (c[j] * h[k] + c[k] * h[j]) + c[j] * c[k] * xx / N;
          Q[j * p + k] = q;
          Q[k * p + j] = q;
        }
        for (int r = 0; r < ps; r++) M[j * ps + r] += isn * c[j] * hs[r];
      }
      for (int j = 0; j < p; j++)
        for (int i = 0; i < N; i++) W[j * N + i] += c[j] * x[i];
      guard += d;
    }
    steps += 256;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double el = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    if (el >= seconds) {
      printf("%.1f %g\n", steps / el, guard + Q[0] + M[0]);
      return 0;
    }
  }
}
