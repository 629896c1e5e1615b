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
}
/* The generator of @pupil/tensors createRng, draw for draw: a 9-bit layer+sign field from a pool (six fields of
 * one output, the upper three at bit 9k+5), a separate output for the abscissa, the sign xor-ed into the IEEE
 * sign bit (no branch on a random bit); the slow path as in the library. */
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
  int layer = bits & 255;
  if (__builtin_expect(u < zratio[layer], 1)) return flip(u * zx[layer], bits);
  return normal_slow(bits, u);
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
      for (int i = 0; i < N; i++) x[i] = normal();
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
