;; pupil online-SGD kernel: WebAssembly SIMD (f64x2), hand-written.
;;
;; Every routine does the same floating-point operations in the same order as the plain JS oracle in
;; src/sim/kernel.ts: a dot product keeps two partial sums (even and odd indices: the two lanes of an f64x2
;; accumulator), adds them at the end, then adds the odd tail element. So the wasm and JS paths agree bit for bit.
;;
;; fill_normal is the ziggurat of @pupil/tensors createRng (xoshiro256**, 256 layers, Doornik's ZIGNOR form, layer
;; and sign from a pool of separate outputs) on native i64: the state lives in memory; the tables are copied in by
;; the host. The sign is the layer field's bit 8 xor-ed into the IEEE sign bit (a branch on it would mispredict
;; half the time). The rare draws outside the fast path (about 1.2 %) finish in $slow, here too, with fdlibm's exp
;; and log written out below ($exp, $log: the same operations as fdlibmExp/fdlibmLog in @pupil/tensors), so
;; the module imports nothing and the stream matches the JS generator bit for bit.
(module
  (memory (export "memory") 1)

  ;; out[j] = scale · Σ_i A[j,i] x[i] for j < rows; A row-major rows×n (byte pointers, f64 data).
  ;; Rows go four at a time so each x load feeds four independent accumulators.
  (func $gemv (export "gemv") (param $A i32) (param $rows i32) (param $n i32) (param $x i32) (param $out i32) (param $scale f64)
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
    ;; two rows left: one x load feeds two accumulators
    (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $rows))
      (then
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $end2
          (loop $inner2
            (br_if $end2 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (v128.load (i32.add (local.get $r0) (local.get $i))) (local.get $xv))))
            (local.set $a1 (f64x2.add (local.get $a1)
              (f64x2.mul (v128.load (i32.add (local.get $r1) (local.get $i))) (local.get $xv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner2)))
        (call $finish (local.get $a0) (local.get $r0) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $finish (local.get $a1) (local.get $r1) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))))
    (if (i32.lt_s (local.get $j) (local.get $rows))
      (then
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))
          (f64.mul (call $dot (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes)))
            (local.get $x) (local.get $n)) (local.get $scale))))))

  ;; gemv, plus |x|² (in dot's two-lane order) stored at $sq, accumulated alongside the first one or two rows
  ;; so x is read once: for the teacher (p* rows) of a step, whose input Gram the overlap update needs.
  (func (export "gemv_sq") (param $A i32) (param $rows i32) (param $n i32) (param $x i32) (param $out i32)
      (param $scale f64) (param $sq i32)
    (local $rowBytes i32) (local $evenBytes i32) (local $i i32) (local $r1 i32) (local $block i32)
    (local $a0 v128) (local $a1 v128) (local $aq v128) (local $xv v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $block (select (i32.const 2) (local.get $rows) (i32.ge_s (local.get $rows) (i32.const 2))))
    ;; with one row the second accumulator reads row 0 again and is dropped
    (local.set $r1 (i32.add (local.get $A) (select (local.get $rowBytes) (i32.const 0) (i32.eq (local.get $block) (i32.const 2)))))
    (local.set $a0 (v128.const f64x2 0 0))
    (local.set $a1 (v128.const f64x2 0 0))
    (local.set $aq (v128.const f64x2 0 0))
    (local.set $i (i32.const 0))
    (block $end
      (loop $inner
        (br_if $end (i32.ge_u (local.get $i) (local.get $evenBytes)))
        (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
        (local.set $aq (f64x2.add (local.get $aq) (f64x2.mul (local.get $xv) (local.get $xv))))
        (local.set $a0 (f64x2.add (local.get $a0)
          (f64x2.mul (v128.load (i32.add (local.get $A) (local.get $i))) (local.get $xv))))
        (local.set $a1 (f64x2.add (local.get $a1)
          (f64x2.mul (v128.load (i32.add (local.get $r1) (local.get $i))) (local.get $xv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $inner)))
    (call $finish (local.get $aq) (local.get $x) (local.get $x) (local.get $n) (local.get $evenBytes)
      (local.get $sq) (f64.const 1))
    (if (i32.ge_s (local.get $block) (i32.const 1))
      (then (call $finish (local.get $a0) (local.get $A) (local.get $x) (local.get $n) (local.get $evenBytes)
        (local.get $out) (local.get $scale))))
    (if (i32.eq (local.get $block) (i32.const 2))
      (then
        (call $finish (local.get $a1) (local.get $r1) (local.get $x) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.const 8)) (local.get $scale))
        (call $gemv (i32.add (local.get $A) (i32.shl (local.get $rowBytes) (i32.const 1))) (i32.sub (local.get $rows) (i32.const 2))
          (local.get $n) (local.get $x) (i32.add (local.get $out) (i32.const 16)) (local.get $scale)))))

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
  ;; shrink ≠ 1 (weight decay) scales A in a pass of its own first: the same two roundings as shrink·a + c·x, so
  ;; this equals ger followed by gemv bit for bit, and the common shrink = 1 sweep skips the multiply.
  (func (export "ger_gemv") (param $A i32) (param $rows i32) (param $n i32) (param $c i32) (param $x i32)
      (param $shrink f64) (param $xn i32) (param $out i32) (param $scale f64)
    (local $rowBytes i32) (local $evenBytes i32) (local $j i32) (local $i i32) (local $p i32) (local $end i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $sv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $xv v128) (local $nv v128) (local $w v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (if (f64.ne (local.get $shrink) (f64.const 1))
      (then
        ;; A ← shrink·A over the whole rows×n block (contiguous), pairs then a last odd element
        (local.set $sv (f64x2.splat (local.get $shrink)))
        (local.set $end (i32.add (local.get $A)
          (i32.shl (i32.and (i32.mul (local.get $rows) (local.get $n)) (i32.const -2)) (i32.const 3))))
        (local.set $p (local.get $A))
        (block $scaled
          (loop $scale_pairs
            (br_if $scaled (i32.ge_u (local.get $p) (local.get $end)))
            (v128.store (local.get $p) (f64x2.mul (local.get $sv) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $scale_pairs)))
        (if (i32.and (i32.mul (local.get $rows) (local.get $n)) (i32.const 1))
          (then (f64.store (local.get $end) (f64.mul (local.get $shrink) (f64.load (local.get $end))))))))
    (local.set $j (i32.const 0))
    ;; blocks of 4 rows: one load of x and xn feeds 4 rows
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
        (block $end4
          (loop $inner4
            (br_if $end4 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c0) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r1) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c1) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r2) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c2) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r3) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c3) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner4)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a1) (local.get $r1) (f64x2.extract_lane 0 (local.get $c1))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a2) (local.get $r2) (f64x2.extract_lane 0 (local.get $c2))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 2)) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a3) (local.get $r3) (f64x2.extract_lane 0 (local.get $c3))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 3)) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $rows4)))
    ;; blocks of 2 rows: one load of x and xn feeds 2 rows
    (block $done2
      (loop $rows2
        (br_if $done2 (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $c0 (v128.load64_splat (local.get $p)))
        (local.set $c1 (v128.load64_splat offset=8 (local.get $p)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $end2
          (loop $inner2
            (br_if $end2 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c0) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r1) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c1) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner2)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a1) (local.get $r1) (f64x2.extract_lane 0 (local.get $c1))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $rows2)))
    ;; blocks of 1 row: one load of x and xn feeds 1 row
    (block $done1
      (loop $rows1
        (br_if $done1 (i32.gt_s (i32.add (local.get $j) (i32.const 1)) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $c0 (v128.load64_splat (local.get $p)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $end1
          (loop $inner1
            (br_if $end1 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c0) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $inner1)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows1))))

  ;; The odd tail element of one fused row (update, then its product with xn) and the row's result.
  (func $fused_finish (param $acc v128) (param $row i32) (param $cj f64) (param $x i32)
      (param $xn i32) (param $n i32) (param $evenBytes i32) (param $out i32) (param $scale f64)
    (local $s f64) (local $w f64) (local $p i32)
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $p (i32.add (local.get $row) (local.get $evenBytes)))
        (local.set $w (f64.add (f64.load (local.get $p))
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
  (func $rand_f53 (export "rand_f53") (param $st i32) (result f64)
    (f64.mul (f64.convert_i64_s (i64.shr_u (call $next (local.get $st)) (i64.const 11)))
             (f64.const 0x1p-53)))

  ;; The next 9-bit layer+sign field from the pool, refilled from one output when empty (fields are taken from
  ;; the top: count 5..3 are bits 50..32 of the high word side, 2..0 the low word, 9 bits apart).
  (func $take_layer_bits (export "take_layer_bits") (param $st i32) (result i32)
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

  ;; out[0..n) ← N(0,1) draws, the same stream as createRng's fillNormal. $xTab: x[0..256], $ratioTab: ratio[0..255],
  ;; $fTab: f[0..256] = exp(−x²/2) at the strip edges (used by the slow path only).
  (func (export "fill_normal") (param $out i32) (param $n i32) (param $st i32) (param $xTab i32) (param $ratioTab i32)
      (param $fTab i32)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $r i64) (local $t i64)
    (local $pool i64) (local $count i32)
    (local $bits i32) (local $off i32) (local $u f64) (local $end i32)
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
            (f64.store (local.get $out) (call $flip
              (f64.mul (local.get $u) (f64.load (i32.add (local.get $xTab) (local.get $off))))
              (local.get $bits))))
          (else
            ;; $slow continues on the state in memory, so hand it over and take it back
            (i64.store (local.get $st) (local.get $s0))
            (i64.store offset=8 (local.get $st) (local.get $s1))
            (i64.store offset=16 (local.get $st) (local.get $s2))
            (i64.store offset=24 (local.get $st) (local.get $s3))
            (i64.store offset=32 (local.get $st) (local.get $pool))
            (i32.store offset=40 (local.get $st) (local.get $count))
            (f64.store (local.get $out) (call $slow (local.get $bits) (local.get $u) (local.get $st) (local.get $xTab)
              (local.get $ratioTab) (local.get $fTab)))
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

  ;; v with its sign flipped when bit 8 of the layer field is set: xor into the IEEE sign bit, no branch
  ;; (the same value as createRng's v·(1 − ((bits >>> 7) & 2))).
  (func $flip (param $v f64) (param $bits i32) (result f64)
    (f64.reinterpret_i64 (i64.xor (i64.reinterpret_f64 (local.get $v))
      (i64.shl (i64.extend_i32_u (i32.and (local.get $bits) (i32.const 256))) (i64.const 55)))))

  ;; Finishes a draw whose fast test failed, with the operations of createRng's slowPath: the tail beyond
  ;; R = x[1] (layer 0, Marsaglia's exponential method), the wedge test with a further uniform, else a fresh
  ;; layer field and abscissa, until accepted. The generator state is in memory at $st.
  (func $slow (param $bits i32) (param $u f64) (param $st i32) (param $xTab i32) (param $ratioTab i32)
      (param $fTab i32) (result f64)
    (local $off i32) (local $a f64) (local $b f64) (local $x f64) (local $y f64) (local $R f64)
    (loop $retry
      (local.set $off (i32.shl (i32.and (local.get $bits) (i32.const 255)) (i32.const 3)))
      (if (i32.eqz (local.get $off))
        (then
          (local.set $R (f64.load offset=8 (local.get $xTab)))
          (loop $tail
            (local.set $a (f64.div
              (f64.neg (call $log (f64.sub (f64.const 1) (call $rand_f53 (local.get $st)))))
              (local.get $R)))
            (local.set $b (f64.neg (call $log (f64.sub (f64.const 1) (call $rand_f53 (local.get $st))))))
            (br_if $tail (f64.lt (f64.add (local.get $b) (local.get $b)) (f64.mul (local.get $a) (local.get $a)))))
          (return (call $flip (f64.add (local.get $R) (local.get $a)) (local.get $bits)))))
      (local.set $x (f64.mul (local.get $u) (f64.load (i32.add (local.get $xTab) (local.get $off)))))
      (local.set $y (f64.add (f64.load (i32.add (local.get $fTab) (local.get $off)))
        (f64.mul (call $rand_f53 (local.get $st))
          (f64.sub (f64.load offset=8 (i32.add (local.get $fTab) (local.get $off)))
                   (f64.load (i32.add (local.get $fTab) (local.get $off)))))))
      (if (f64.lt (local.get $y)
            (call $exp (f64.mul (f64.mul (f64.const -0.5) (local.get $x)) (local.get $x))))
        (then (return (call $flip (local.get $x) (local.get $bits)))))
      (local.set $bits (call $take_layer_bits (local.get $st)))
      (local.set $u (call $rand_f53 (local.get $st)))
      (local.set $off (i32.shl (i32.and (local.get $bits) (i32.const 255)) (i32.const 3)))
      (if (f64.lt (local.get $u) (f64.load (i32.add (local.get $ratioTab) (local.get $off))))
        (then (return (call $flip
          (f64.mul (local.get $u) (f64.load (i32.add (local.get $xTab) (local.get $off))))
          (local.get $bits)))))
      (br $retry))
    (unreachable))

  ;; e^x: fdlibm's __ieee754_exp (as fdlibmExp in @pupil/tensors, operation for operation).
  (func $exp (export "exp") (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64) (local $t f64) (local $c f64)
    (local $y f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862e42))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then
            (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
            (return (select (local.get $x) (f64.const 0) (i32.eqz (local.get $xsb))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
      (then
        ;; |x| > ln2/2: x = k·ln2 + r with ln2 split so that k·ln2_hi is exact
        (if (i32.lt_u (local.get $hx) (i32.const 0x3ff0a2b2))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (if (local.get $xsb)
              (then
                (local.set $hi (f64.add (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const 1.90821492927058770002e-10))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000))
          (then (return (f64.add (f64.const 1) (local.get $x)))))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
      (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t)
        (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (f64.const 1)
        (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2)))
                 (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1)
      (f64.sub (f64.sub (local.get $lo)
                        (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
               (local.get $hi))))
    ;; y·2^k by adding k to the exponent field
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then (return (f64.reinterpret_i64 (i64.add (i64.reinterpret_f64 (local.get $y))
        (i64.shl (i64.extend_i32_s (local.get $k)) (i64.const 52)))))))
    (f64.mul (f64.reinterpret_i64 (i64.add (i64.reinterpret_f64 (local.get $y))
        (i64.shl (i64.extend_i32_s (i32.add (local.get $k) (i32.const 1000))) (i64.const 52))))
      (f64.const 9.33263618503218878990e-302)))

  ;; ln x: fdlibm's __ieee754_log (as fdlibmLog in @pupil/tensors, operation for operation).
  (func $log (export "log") (param $x f64) (result f64)
    (local $bits i64) (local $hx i32) (local $k i32) (local $i i32) (local $j i32)
    (local $f f64) (local $dk f64) (local $R f64) (local $s f64) (local $z f64) (local $w f64) (local $hfsq f64)
    (local.set $bits (i64.reinterpret_f64 (local.get $x)))
    (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))))
    (if (i32.lt_s (local.get $hx) (i32.const 0x00100000))
      (then
        (if (i32.eqz (i32.or (i32.and (local.get $hx) (i32.const 0x7fffffff)) (i32.wrap_i64 (local.get $bits))))
          (then (return (f64.const -inf))))
        (if (i32.lt_s (local.get $hx) (i32.const 0)) (then (return (f64.const nan))))
        ;; subnormal: scale up by 2^54
        (local.set $k (i32.const -54))
        (local.set $x (f64.mul (local.get $x) (f64.const 1.8014398509481984e16)))
        (local.set $bits (i64.reinterpret_f64 (local.get $x)))
        (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))))))
    (if (i32.ge_s (local.get $hx) (i32.const 0x7ff00000)) (then (return (f64.add (local.get $x) (local.get $x)))))
    (local.set $k (i32.add (local.get $k) (i32.sub (i32.shr_s (local.get $hx) (i32.const 20)) (i32.const 1023))))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x000fffff)))
    (local.set $i (i32.and (i32.add (local.get $hx) (i32.const 0x95f64)) (i32.const 0x100000)))
    ;; normalise x or x/2 into [√2/2, √2)
    (local.set $x (f64.reinterpret_i64 (i64.or
      (i64.shl (i64.extend_i32_u (i32.or (local.get $hx) (i32.xor (local.get $i) (i32.const 0x3ff00000))))
        (i64.const 32))
      (i64.and (local.get $bits) (i64.const 0xffffffff)))))
    (local.set $k (i32.add (local.get $k) (i32.shr_s (local.get $i) (i32.const 20))))
    (local.set $f (f64.sub (local.get $x) (f64.const 1)))
    (local.set $dk (f64.convert_i32_s (local.get $k)))
    (if (i32.lt_s (i32.and (i32.const 0x000fffff) (i32.add (local.get $hx) (i32.const 2))) (i32.const 3))
      (then
        ;; |f| < 2^-20
        (if (f64.eq (local.get $f) (f64.const 0))
          (then
            (if (i32.eqz (local.get $k)) (then (return (f64.const 0))))
            (return (f64.add (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
                             (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))))))
        (local.set $R (f64.mul (f64.mul (local.get $f) (local.get $f))
          (f64.sub (f64.const 0.5) (f64.mul (f64.const 0.33333333333333333) (local.get $f)))))
        (if (i32.eqz (local.get $k)) (then (return (f64.sub (local.get $f) (local.get $R)))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
          (f64.sub (f64.sub (local.get $R) (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))
                   (local.get $f))))))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $i (i32.sub (local.get $hx) (i32.const 0x6147a)))
    (local.set $w (f64.mul (local.get $z) (local.get $z)))
    (local.set $j (i32.sub (i32.const 0x6b851) (local.get $hx)))
    ;; R = t2 + t1 with t1 = w(Lg2 + w(Lg4 + w Lg6)), t2 = z(Lg1 + w(Lg3 + w(Lg5 + w Lg7)))
    (local.set $R (f64.add
      (f64.mul (local.get $z) (f64.add (f64.const 6.666666666666735130e-01) (f64.mul (local.get $w)
        (f64.add (f64.const 2.857142874366239149e-01) (f64.mul (local.get $w)
        (f64.add (f64.const 1.818357216161805012e-01) (f64.mul (local.get $w) (f64.const 1.479819860511658591e-01))))))))
      (f64.mul (local.get $w) (f64.add (f64.const 3.999999999940941908e-01) (f64.mul (local.get $w)
        (f64.add (f64.const 2.222219843214978396e-01) (f64.mul (local.get $w) (f64.const 1.531383769920937332e-01))))))))
    (if (i32.gt_s (i32.or (local.get $i) (local.get $j)) (i32.const 0))
      (then
        (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
        (if (i32.eqz (local.get $k))
          (then (return (f64.sub (local.get $f) (f64.sub (local.get $hfsq)
            (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $R))))))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
          (f64.sub (f64.sub (local.get $hfsq)
            (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $R)))
                     (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))))
            (local.get $f))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (local.get $f) (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $R)))))))
    (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
      (f64.sub (f64.sub (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $R)))
                        (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))
               (local.get $f))))
)
