;; pupil online-SGD kernel: WebAssembly SIMD (f64x2), hand-written.
;;
;; Every routine does the same floating-point operations in the same order as the plain JS oracle in
;; src/sim/kernel.ts: a dot product keeps two partial sums (even and odd indices: the two lanes of an f64x2
;; accumulator), adds them at the end, then adds the odd tail element. So the wasm and JS paths agree bit for bit.
;;
;; fill_normal is the ziggurat of @pupil/tensors createRng (xoshiro256**, 256 layers, Doornik's ZIGNOR form, layer
;; and sign from a pool of separate outputs) on native i64: the state lives in memory; the tables are copied in by
;; the host. The rare draws outside the fast path (about 1.2 %) call back to the host (env.slow_normal), which
;; finishes them with exp/log and further draws through take_layer_bits/rand_f53 on the same state.
(module
  (import "env" "slow_normal" (func $slow_normal (param i32 f64) (result f64)))
  (memory (export "memory") 1)

  ;; out[j] = scale · Σ_i A[j,i] x[i] for j < rows; A row-major rows×n (byte pointers, f64 data).
  ;; Rows go four at a time so each x load feeds four independent accumulators.
  (func (export "gemv") (param $A i32) (param $rows i32) (param $n i32) (param $x i32) (param $out i32) (param $scale f64)
    (local $rowBytes i32) (local $evenBytes i32) (local $j i32) (local $i i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $xv v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $end
          (loop $inner
            (br_if $end (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (v128.load (i32.add (local.get $r0) (local.get $i))) (local.get $xv))))
            (local.set $a1 (f64x2.add (local.get $a1)
              (f64x2.mul (v128.load (i32.add (local.get $r1) (local.get $i))) (local.get $xv))))
            (local.set $a2 (f64x2.add (local.get $a2)
              (f64x2.mul (v128.load (i32.add (local.get $r2) (local.get $i))) (local.get $xv))))
            (local.set $a3 (f64x2.add (local.get $a3)
              (f64x2.mul (v128.load (i32.add (local.get $r3) (local.get $i))) (local.get $xv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner)))
        (call $finish (local.get $a0) (local.get $r0) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $finish (local.get $a1) (local.get $r1) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $scale))
        (call $finish (local.get $a2) (local.get $r2) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 3))) (local.get $scale))
        (call $finish (local.get $a3) (local.get $r3) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 3)) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $rows4)))
    (block $done1
      (loop $rows1
        (br_if $done1 (i32.ge_s (local.get $j) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))
          (f64.mul (call $dot (local.get $r0) (local.get $x) (local.get $n)) (local.get $scale)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows1))))

  ;; out = (lane0 + lane1 [+ row[n-1]·x[n-1] when n is odd]) · scale
  (func $finish (param $acc v128) (param $row i32) (param $x i32) (param $n i32) (param $evenBytes i32)
    (param $out i32) (param $scale f64)
    (local $s f64)
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (local.set $s (f64.add (local.get $s)
        (f64.mul (f64.load (i32.add (local.get $row) (local.get $evenBytes)))
                 (f64.load (i32.add (local.get $x) (local.get $evenBytes))))))))
    (f64.store (local.get $out) (f64.mul (local.get $s) (local.get $scale))))

  ;; Σ_i a[i] b[i] in the two-lane order.
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $evenBytes i32) (local $i i32) (local $acc v128) (local $s f64)
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $acc (v128.const f64x2 0 0))
    (local.set $i (i32.const 0))
    (block $end
      (loop $inner
        (br_if $end (i32.ge_u (local.get $i) (local.get $evenBytes)))
        (local.set $acc (f64x2.add (local.get $acc)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $i)))
                     (v128.load (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $inner)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (local.set $s (f64.add (local.get $s)
        (f64.mul (f64.load (i32.add (local.get $a) (local.get $evenBytes)))
                 (f64.load (i32.add (local.get $b) (local.get $evenBytes))))))))
    (local.get $s))

  ;; Rank-1 update A[j,:] ← shrink·A[j,:] + c[j]·x (shrink = 1: A[j,:] + c[j]·x, no multiply).
  (func (export "ger") (param $A i32) (param $rows i32) (param $n i32) (param $c i32) (param $x i32) (param $shrink f64)
    (local $rowBytes i32) (local $evenBytes i32) (local $j i32) (local $i i32) (local $row i32)
    (local $cj f64) (local $cv v128) (local $sv v128) (local $p i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $sv (f64x2.splat (local.get $shrink)))
    (local.set $j (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $j) (local.get $rows)))
        (local.set $row (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $cj (f64.load (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $cv (f64x2.splat (local.get $cj)))
        (local.set $i (i32.const 0))
        (if (f64.eq (local.get $shrink) (f64.const 1))
          (then
            (block $end
              (loop $inner
                (br_if $end (i32.ge_u (local.get $i) (local.get $evenBytes)))
                (local.set $p (i32.add (local.get $row) (local.get $i)))
                (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p))
                  (f64x2.mul (local.get $cv) (v128.load (i32.add (local.get $x) (local.get $i))))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $inner)))
            (if (i32.and (local.get $n) (i32.const 1))
              (then
                (local.set $p (i32.add (local.get $row) (local.get $evenBytes)))
                (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
                  (f64.mul (local.get $cj) (f64.load (i32.add (local.get $x) (local.get $evenBytes)))))))))
          (else
            (block $end2
              (loop $inner2
                (br_if $end2 (i32.ge_u (local.get $i) (local.get $evenBytes)))
                (local.set $p (i32.add (local.get $row) (local.get $i)))
                (v128.store (local.get $p) (f64x2.add (f64x2.mul (local.get $sv) (v128.load (local.get $p)))
                  (f64x2.mul (local.get $cv) (v128.load (i32.add (local.get $x) (local.get $i))))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $inner2)))
            (if (i32.and (local.get $n) (i32.const 1))
              (then
                (local.set $p (i32.add (local.get $row) (local.get $evenBytes)))
                (f64.store (local.get $p) (f64.add (f64.mul (local.get $shrink) (f64.load (local.get $p)))
                  (f64.mul (local.get $cj) (f64.load (i32.add (local.get $x) (local.get $evenBytes))))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))

;; The fused step for B = 1: the rank-1 update of this step and the forward pass of the next in one sweep over A:
  ;; A[j,:] ← shrink·A[j,:] + c[j]·x, then out[j] = scale · A[j,:]·xn with the updated row (two-lane order).
  ;; shrink·w is exact for shrink = 1, so this equals ger followed by gemv bit for bit.
  (func (export "ger_gemv") (param $A i32) (param $rows i32) (param $n i32) (param $c i32) (param $x i32)
      (param $shrink f64) (param $xn i32) (param $out i32) (param $scale f64)
    (local $rowBytes i32) (local $evenBytes i32) (local $j i32) (local $i i32) (local $p i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $sv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $xv v128) (local $nv v128) (local $w v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $sv (f64x2.splat (local.get $shrink)))
    (local.set $j (i32.const 0))
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $c0 (v128.load64_splat (local.get $p)))
        (local.set $c1 (v128.load64_splat offset=8 (local.get $p)))
        (local.set $c2 (v128.load64_splat offset=16 (local.get $p)))
        (local.set $c3 (v128.load64_splat offset=24 (local.get $p)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $end
          (loop $inner
            (br_if $end (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (f64x2.mul (local.get $sv) (v128.load (local.get $p))) (f64x2.mul (local.get $c0) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r1) (local.get $i)))
            (local.set $w (f64x2.add (f64x2.mul (local.get $sv) (v128.load (local.get $p))) (f64x2.mul (local.get $c1) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r2) (local.get $i)))
            (local.set $w (f64x2.add (f64x2.mul (local.get $sv) (v128.load (local.get $p))) (f64x2.mul (local.get $c2) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r3) (local.get $i)))
            (local.set $w (f64x2.add (f64x2.mul (local.get $sv) (v128.load (local.get $p))) (f64x2.mul (local.get $c3) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0)) (local.get $shrink)
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a1) (local.get $r1) (f64x2.extract_lane 0 (local.get $c1)) (local.get $shrink)
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a2) (local.get $r2) (f64x2.extract_lane 0 (local.get $c2)) (local.get $shrink)
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a3) (local.get $r3) (f64x2.extract_lane 0 (local.get $c3)) (local.get $shrink)
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 3)) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $rows4)))
    (block $done1
      (loop $rows1
        (br_if $done1 (i32.ge_s (local.get $j) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $c0 (v128.load64_splat (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $end1
          (loop $inner1
            (br_if $end1 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (f64x2.mul (local.get $sv) (v128.load (local.get $p)))
              (f64x2.mul (local.get $c0) (v128.load (i32.add (local.get $x) (local.get $i))))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (local.get $w) (v128.load (i32.add (local.get $xn) (local.get $i))))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner1)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0)) (local.get $shrink)
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows1))))

  ;; The odd tail element of one fused row (update, then its product with xn) and the row's result.
  (func $fused_finish (param $acc v128) (param $row i32) (param $cj f64) (param $shrink f64) (param $x i32)
      (param $xn i32) (param $n i32) (param $evenBytes i32) (param $out i32) (param $scale f64)
    (local $s f64) (local $w f64) (local $p i32)
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $p (i32.add (local.get $row) (local.get $evenBytes)))
        (local.set $w (f64.add (f64.mul (local.get $shrink) (f64.load (local.get $p)))
          (f64.mul (local.get $cj) (f64.load (i32.add (local.get $x) (local.get $evenBytes))))))
        (f64.store (local.get $p) (local.get $w))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (local.get $w) (f64.load (i32.add (local.get $xn) (local.get $evenBytes))))))))
    (f64.store (local.get $out) (f64.mul (local.get $s) (local.get $scale))))

  ;; Generator state at $st: xoshiro256** s0..s3 (four i64, offsets 0..24), the ziggurat's pool of layer bits
  ;; (one 64-bit output, offset 32) and how many 9-bit fields of it remain (i32, offset 40).

  ;; xoshiro256** on the state at $st: returns the next 64-bit output.
  (func $next (param $st i32) (result i64)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $r i64) (local $t i64)
    (local.set $s0 (i64.load (local.get $st)))
    (local.set $s1 (i64.load offset=8 (local.get $st)))
    (local.set $s2 (i64.load offset=16 (local.get $st)))
    (local.set $s3 (i64.load offset=24 (local.get $st)))
    (local.set $r (i64.mul (i64.rotl (i64.mul (local.get $s1) (i64.const 5)) (i64.const 7)) (i64.const 9)))
    (local.set $t (i64.shl (local.get $s1) (i64.const 17)))
    (local.set $s2 (i64.xor (local.get $s2) (local.get $s0)))
    (local.set $s3 (i64.xor (local.get $s3) (local.get $s1)))
    (local.set $s1 (i64.xor (local.get $s1) (local.get $s2)))
    (local.set $s0 (i64.xor (local.get $s0) (local.get $s3)))
    (local.set $s2 (i64.xor (local.get $s2) (local.get $t)))
    (local.set $s3 (i64.rotl (local.get $s3) (i64.const 45)))
    (i64.store (local.get $st) (local.get $s0))
    (i64.store offset=8 (local.get $st) (local.get $s1))
    (i64.store offset=16 (local.get $st) (local.get $s2))
    (i64.store offset=24 (local.get $st) (local.get $s3))
    (local.get $r))

  ;; Upper 53 bits of the next output scaled to [0, 1) (createRng's nextFloat64).
  (func (export "rand_f53") (param $st i32) (result f64)
    (f64.mul (f64.convert_i64_s (i64.shr_u (call $next (local.get $st)) (i64.const 11)))
             (f64.const 0x1p-53)))

  ;; The next 9-bit layer+sign field from the pool, refilled from one output when empty (fields are taken from
  ;; the top: count 5..3 are bits 50..32 of the high word side, 2..0 the low word, 9 bits apart).
  (func (export "take_layer_bits") (param $st i32) (result i32)
    (local $count i32)
    (local.set $count (i32.load offset=40 (local.get $st)))
    (if (i32.eqz (local.get $count))
      (then
        (i64.store offset=32 (local.get $st) (call $next (local.get $st)))
        (local.set $count (i32.const 6))))
    (local.set $count (i32.sub (local.get $count) (i32.const 1)))
    (i32.store offset=40 (local.get $st) (local.get $count))
    (call $field (i64.load offset=32 (local.get $st)) (local.get $count)))

  ;; Field number $count of a pool: bits at 9·count (+5 for the high-word fields, count ≥ 3), 9 wide.
  (func $field (param $pool i64) (param $count i32) (result i32)
    (i32.and
      (i32.wrap_i64 (i64.shr_u (local.get $pool)
        (i64.extend_i32_u (i32.add (i32.mul (local.get $count) (i32.const 9))
          (select (i32.const 5) (i32.const 0) (i32.ge_u (local.get $count) (i32.const 3)))))))
      (i32.const 511)))

  ;; out[0..n) ← N(0,1) draws, the same stream as createRng's fillNormal. $xTab: x[0..256], $ratioTab: ratio[0..255].
  (func (export "fill_normal") (param $out i32) (param $n i32) (param $st i32) (param $xTab i32) (param $ratioTab i32)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $r i64) (local $t i64)
    (local $pool i64) (local $count i32)
    (local $bits i32) (local $off i32) (local $u f64) (local $v f64) (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $s0 (i64.load (local.get $st)))
    (local.set $s1 (i64.load offset=8 (local.get $st)))
    (local.set $s2 (i64.load offset=16 (local.get $st)))
    (local.set $s3 (i64.load offset=24 (local.get $st)))
    (local.set $pool (i64.load offset=32 (local.get $st)))
    (local.set $count (i32.load offset=40 (local.get $st)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (if (i32.eqz (local.get $count))
          (then
            ;; refill the pool of layer bits with one full output
            (local.set $pool (i64.mul (i64.rotl (i64.mul (local.get $s1) (i64.const 5)) (i64.const 7)) (i64.const 9)))
            (local.set $t (i64.shl (local.get $s1) (i64.const 17)))
            (local.set $s2 (i64.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i64.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i64.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i64.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i64.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i64.rotl (local.get $s3) (i64.const 45)))
            (local.set $count (i32.const 6))))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        ;; the field at bit 9·count (+5 for count ≥ 3), written out here rather than calling $field
        (local.set $bits (i32.and
          (i32.wrap_i64 (i64.shr_u (local.get $pool)
            (i64.extend_i32_u (i32.add (i32.mul (local.get $count) (i32.const 9))
              (select (i32.const 5) (i32.const 0) (i32.ge_u (local.get $count) (i32.const 3)))))))
          (i32.const 511)))
        ;; the abscissa: u in [0, 1) from the upper 53 bits of a separate output
        (local.set $r (i64.mul (i64.rotl (i64.mul (local.get $s1) (i64.const 5)) (i64.const 7)) (i64.const 9)))
        (local.set $t (i64.shl (local.get $s1) (i64.const 17)))
        (local.set $s2 (i64.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i64.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i64.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i64.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i64.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i64.rotl (local.get $s3) (i64.const 45)))
        (local.set $u (f64.mul (f64.convert_i64_s (i64.shr_u (local.get $r) (i64.const 11))) (f64.const 0x1p-53)))
        (local.set $off (i32.shl (i32.and (local.get $bits) (i32.const 255)) (i32.const 3)))
        (if (f64.lt (local.get $u) (f64.load (i32.add (local.get $ratioTab) (local.get $off))))
          (then
            (local.set $v (f64.mul (local.get $u) (f64.load (i32.add (local.get $xTab) (local.get $off)))))
            (if (i32.and (local.get $bits) (i32.const 256))
              (then (local.set $v (f64.neg (local.get $v)))))
            (f64.store (local.get $out) (local.get $v)))
          (else
            ;; the host continues on the same state, so hand it over and take it back
            (i64.store (local.get $st) (local.get $s0))
            (i64.store offset=8 (local.get $st) (local.get $s1))
            (i64.store offset=16 (local.get $st) (local.get $s2))
            (i64.store offset=24 (local.get $st) (local.get $s3))
            (i64.store offset=32 (local.get $st) (local.get $pool))
            (i32.store offset=40 (local.get $st) (local.get $count))
            (f64.store (local.get $out) (call $slow_normal (local.get $bits) (local.get $u)))
            (local.set $s0 (i64.load (local.get $st)))
            (local.set $s1 (i64.load offset=8 (local.get $st)))
            (local.set $s2 (i64.load offset=16 (local.get $st)))
            (local.set $s3 (i64.load offset=24 (local.get $st)))
            (local.set $pool (i64.load offset=32 (local.get $st)))
            (local.set $count (i32.load offset=40 (local.get $st)))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $each)))
    (i64.store (local.get $st) (local.get $s0))
    (i64.store offset=8 (local.get $st) (local.get $s1))
    (i64.store offset=16 (local.get $st) (local.get $s2))
    (i64.store offset=24 (local.get $st) (local.get $s3))
    (i64.store offset=32 (local.get $st) (local.get $pool))
    (i32.store offset=40 (local.get $st) (local.get $count)))
)
