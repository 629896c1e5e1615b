;; pupil online-SGD kernel: WebAssembly SIMD (f64x2), hand-written.
;;
;; Every routine does the same floating-point operations in the same order as the plain JS oracle in
;; src/sim/kernel.ts: a dot product keeps two partial sums (even and odd indices: the two lanes of an f64x2
;; accumulator), adds them at the end, then adds the odd tail element. So the wasm and JS paths agree bit for bit.
;;
;; fill_normal is the ziggurat of @pupil/tensors createRng (xoshiro256**, 256 layers, Doornik's ZIGNOR form, layer
;; and sign from a pool of separate outputs) on native i64: the state lives in memory; the tables are copied in by
;; the host. There is no branch on the sign (it would mispredict half the time): the fast path reads a signed
;; width indexed by the whole layer+sign field, the slow path xors bit 8 into the IEEE sign bit. The rare draws outside the fast path (about 1.2 %) finish in $slow, here too, with fdlibm's exp
;; and log written out below ($exp, $log: the same operations as fdlibmExp/fdlibmLog in @pupil/tensors), so
;; the module imports nothing and the stream matches the JS generator bit for bit.
;;
;; erf_act evaluates an erf committee's activations on two lanes (erf and fdlibm's exp without branches; the
;; section at the end), so a step of that committee crosses into JS only for its O(p²) overlap update.
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

;; The fused step for B = 1: the rank-1 update of this step, the forward pass of the next, the teacher's forward pass
  ;; of the next and |xn|², in one sweep: A[j,:] ← shrink·A[j,:] + c[j]·x, then out[j] = scale · A[j,:]·xn with the
  ;; updated row, tOut[r] = scale · At[r,:]·xn and sq = xn·xn (all in the two-lane order). One load of x and xn
  ;; feeds a block of 4 (or 2, or 1) student rows; the first block also feeds the first two teacher rows and |xn|²
  ;; (further teacher rows by gemv). shrink ≠ 1 (weight decay) scales A in a pass of its own first: the same two
  ;; roundings as shrink·a + c·x, so this equals ger, gemv and dot bit for bit, and the common shrink = 1 sweep
  ;; skips the multiply.
  (func (export "ger_gemv") (param $A i32) (param $rows i32) (param $n i32) (param $c i32) (param $x i32)
      (param $shrink f64) (param $xn i32) (param $out i32) (param $scale f64)
      (param $At i32) (param $tRows i32) (param $tOut i32) (param $sq i32)
    (local $rowBytes i32) (local $evenBytes i32) (local $j i32) (local $i i32) (local $p i32) (local $end i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $t1Row i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $sv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $t0 v128) (local $t1 v128) (local $q v128)
    (local $xv v128) (local $nv v128) (local $w v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $evenBytes (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    ;; with one teacher row the second teacher accumulator reads row 0 again and is dropped
    (local.set $t1Row (i32.add (local.get $At)
      (select (local.get $rowBytes) (i32.const 0) (i32.ge_s (local.get $tRows) (i32.const 2)))))
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
    ;; the first block, with the teacher
    (if (i32.ge_s (local.get $rows) (i32.const 4))
      (then
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
        (local.set $t0 (v128.const f64x2 0 0))
        (local.set $t1 (v128.const f64x2 0 0))
        (local.set $q (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $endt4
          (loop $innert4
            (br_if $endt4 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $nv) (local.get $nv))))
            (local.set $t0 (f64x2.add (local.get $t0)
              (f64x2.mul (v128.load (i32.add (local.get $At) (local.get $i))) (local.get $nv))))
            (local.set $t1 (f64x2.add (local.get $t1)
              (f64x2.mul (v128.load (i32.add (local.get $t1Row) (local.get $i))) (local.get $nv))))
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
            (br $innert4)))
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
        (call $teacher_finish (local.get $t0) (local.get $t1) (local.get $q) (local.get $At) (local.get $t1Row)
          (local.get $tRows) (local.get $xn) (local.get $n) (local.get $evenBytes) (local.get $tOut) (local.get $scale)
          (local.get $sq))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
      )
      (else
        (if (i32.ge_s (local.get $rows) (i32.const 2))
          (then
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $c0 (v128.load64_splat (local.get $p)))
        (local.set $c1 (v128.load64_splat offset=8 (local.get $p)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $t0 (v128.const f64x2 0 0))
        (local.set $t1 (v128.const f64x2 0 0))
        (local.set $q (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $endt2
          (loop $innert2
            (br_if $endt2 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $nv) (local.get $nv))))
            (local.set $t0 (f64x2.add (local.get $t0)
              (f64x2.mul (v128.load (i32.add (local.get $At) (local.get $i))) (local.get $nv))))
            (local.set $t1 (f64x2.add (local.get $t1)
              (f64x2.mul (v128.load (i32.add (local.get $t1Row) (local.get $i))) (local.get $nv))))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c0) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $p (i32.add (local.get $r1) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c1) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $innert2)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $fused_finish (local.get $a1) (local.get $r1) (f64x2.extract_lane 0 (local.get $c1))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))) (local.get $scale))
        (call $teacher_finish (local.get $t0) (local.get $t1) (local.get $q) (local.get $At) (local.get $t1Row)
          (local.get $tRows) (local.get $xn) (local.get $n) (local.get $evenBytes) (local.get $tOut) (local.get $scale)
          (local.get $sq))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
          )
          (else
        (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $c0 (v128.load64_splat (local.get $p)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $t0 (v128.const f64x2 0 0))
        (local.set $t1 (v128.const f64x2 0 0))
        (local.set $q (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $endt1
          (loop $innert1
            (br_if $endt1 (i32.ge_u (local.get $i) (local.get $evenBytes)))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
            (local.set $nv (v128.load (i32.add (local.get $xn) (local.get $i))))
            (local.set $q (f64x2.add (local.get $q) (f64x2.mul (local.get $nv) (local.get $nv))))
            (local.set $t0 (f64x2.add (local.get $t0)
              (f64x2.mul (v128.load (i32.add (local.get $At) (local.get $i))) (local.get $nv))))
            (local.set $t1 (f64x2.add (local.get $t1)
              (f64x2.mul (v128.load (i32.add (local.get $t1Row) (local.get $i))) (local.get $nv))))
            (local.set $p (i32.add (local.get $r0) (local.get $i)))
            (local.set $w (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $c0) (local.get $xv))))
            (v128.store (local.get $p) (local.get $w))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $nv))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $innert1)))
        (call $fused_finish (local.get $a0) (local.get $r0) (f64x2.extract_lane 0 (local.get $c0))
          (local.get $x) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $scale))
        (call $teacher_finish (local.get $t0) (local.get $t1) (local.get $q) (local.get $At) (local.get $t1Row)
          (local.get $tRows) (local.get $xn) (local.get $n) (local.get $evenBytes) (local.get $tOut) (local.get $scale)
          (local.get $sq))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
          ))))
    ;; then blocks of 4 rows
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
    ;; then blocks of 2 rows
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
    ;; then blocks of 1 row
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

  ;; The teacher's rows of the fused step: |xn|² to $sq, rows 0 and 1 (when there are two) from their lane
  ;; accumulators plus the odd tail, rows 2… by gemv.
  (func $teacher_finish (param $t0 v128) (param $t1 v128) (param $q v128) (param $At i32) (param $t1Row i32)
      (param $tRows i32) (param $xn i32) (param $n i32) (param $evenBytes i32) (param $tOut i32) (param $scale f64)
      (param $sq i32)
    (call $finish (local.get $q) (local.get $xn) (local.get $xn) (local.get $n) (local.get $evenBytes)
      (local.get $sq) (f64.const 1))
    (call $finish (local.get $t0) (local.get $At) (local.get $xn) (local.get $n) (local.get $evenBytes)
      (local.get $tOut) (local.get $scale))
    (if (i32.ge_s (local.get $tRows) (i32.const 2))
      (then
        (call $finish (local.get $t1) (local.get $t1Row) (local.get $xn) (local.get $n) (local.get $evenBytes)
          (i32.add (local.get $tOut) (i32.const 8)) (local.get $scale))
        (call $gemv (i32.add (local.get $t1Row) (i32.shl (local.get $n) (i32.const 3)))
          (i32.sub (local.get $tRows) (i32.const 2)) (local.get $n) (local.get $xn)
          (i32.add (local.get $tOut) (i32.const 16)) (local.get $scale)))))

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

  ;; out[0..n) ← N(0,1) draws, the same stream as createRng's fillNormal. $fastTab: (ratio, ±x) pairs for the 512
  ;; layer+sign fields (zigguratTables().fast), for the fast path; $xTab: x[0..256], $ratioTab: ratio[0..255] and
  ;; $fTab: f[0..256] = exp(−x²/2) at the strip edges, for the slow path.
  (func (export "fill_normal") (param $out i32) (param $n i32) (param $st i32) (param $xTab i32) (param $ratioTab i32)
      (param $fTab i32) (param $fastTab i32)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $r i64) (local $t i64)
    (local $pool i64) (local $count i32)
    (local $bits i32) (local $off i32) (local $u f64) (local $end i32) (local $scale53 f64)
    (local.set $scale53 (f64.const 0x1p-53)) ;; in a register rather than rematerialised every draw
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $s0 (i64.load (local.get $st)))
    (local.set $s1 (i64.load offset=8 (local.get $st)))
    (local.set $s2 (i64.load offset=16 (local.get $st)))
    (local.set $s3 (i64.load offset=24 (local.get $st)))
    (local.set $pool (i64.load offset=32 (local.get $st)))
    (local.set $count (i32.load offset=40 (local.get $st)))
    ;; The fast loop has no call in it (so the state stays in registers); a draw that needs the slow path leaves
    ;; it for the outer loop, which finishes that draw and re-enters.
    (block $done
      (loop $resume
        (block $needs_slow
          (loop $each
            ;; two draws per trip (each checks the end and may leave for the slow path): half the loop overhead
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
        (local.set $u (f64.mul (f64.convert_i64_s (i64.shr_u (local.get $r) (i64.const 11))) (local.get $scale53)))
        ;; the whole 9-bit field indexes (ratio, ±x) pairs: the sign comes with the width, no branch, no flip
        (local.set $off (i32.add (local.get $fastTab) (i32.shl (local.get $bits) (i32.const 4))))
        (br_if $needs_slow (i32.eqz (f64.lt (local.get $u) (f64.load (local.get $off)))))
        (f64.store (local.get $out) (f64.mul (local.get $u) (f64.load offset=8 (local.get $off))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
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
        (local.set $u (f64.mul (f64.convert_i64_s (i64.shr_u (local.get $r) (i64.const 11))) (local.get $scale53)))
        ;; the whole 9-bit field indexes (ratio, ±x) pairs: the sign comes with the width, no branch, no flip
        (local.set $off (i32.add (local.get $fastTab) (i32.shl (local.get $bits) (i32.const 4))))
        (br_if $needs_slow (i32.eqz (f64.lt (local.get $u) (f64.load (local.get $off)))))
        (f64.store (local.get $out) (f64.mul (local.get $u) (f64.load offset=8 (local.get $off))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $each)))
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
        (local.set $count (i32.load offset=40 (local.get $st)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $resume)))
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

;; ---- erf and e^x on two lanes, branch-free, for the erf committee g(z) = erf(z/√2), g'(z) = √(2/π) e^{-z²/2} ----
;; Every region's formula is evaluated on both lanes and the lane's own is picked with a select, so the results
;; are those of the scalar code, lane by lane: erfFdlibm and expFdlibm in src/sim/erf-activation.ts (Cody's
;; erf of @pupil/tensors, with fdlibm's exp), which the plain-JS kernel runs, agree with these bit for bit.

  ;; e^x for x ≤ 0 (or NaN) on both lanes: fdlibm's __ieee754_exp, operation for operation. The regions fdlibm
  ;; branches on become selects: |x| < 2^-28 gives 1 + x; |x| ≤ ln2/2 takes k = 0 (the k = 0 formula of fdlibm
  ;; is the general one with hi = x, lo = 0, exactly); x < -745.13… underflows to 0; k < -1021 scales twice.
  (func $exp_neg_x2 (param $x v128) (result v128)
    (local $abs v128) (local $t v128) (local $hi v128) (local $lo v128) (local $r v128) (local $z v128)
    (local $cc v128) (local $y v128) (local $k v128) (local $scaled v128) (local $tiny v128)
    (local.set $abs (v128.and (local.get $x) (v128.const i64x2 0x7fffffffffffffff 0x7fffffffffffffff)))
    ;; k = trunc(x/ln2 - 1/2) where |x| > ln2/2 (high word above 0x3fd62e42), else 0
    (local.set $t (v128.bitselect (f64x2.trunc (f64x2.add (f64x2.mul (local.get $x) (v128.const f64x2 1.4426950408889634 1.4426950408889634)) (v128.const f64x2 -0.5 -0.5)))
      (v128.const f64x2 0 0)
      (i64x2.gt_s (local.get $abs) (v128.const i64x2 0x3fd62e42ffffffff 0x3fd62e42ffffffff))))
    (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (v128.const f64x2 0.6931471803691238 0.6931471803691238))))
    (local.set $lo (f64x2.mul (local.get $t) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10)))
    (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $z (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $cc (f64x2.sub (local.get $r) (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 0.16666666666666602 0.16666666666666602) (f64x2.mul (local.get $z) (f64x2.add (v128.const f64x2 -0.0027777777777015593 -0.0027777777777015593) (f64x2.mul (local.get $z) (f64x2.add (v128.const f64x2 0.00006613756321437934 0.00006613756321437934) (f64x2.mul (local.get $z) (f64x2.add (v128.const f64x2 -0.0000016533902205465252 -0.0000016533902205465252) (f64x2.mul (local.get $z) (v128.const f64x2 4.1381367970572385e-8 4.1381367970572385e-8))))))))))))
    (local.set $y (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (f64x2.sub (local.get $lo)
      (f64x2.div (f64x2.mul (local.get $r) (local.get $cc)) (f64x2.sub (v128.const f64x2 2 2) (local.get $cc)))) (local.get $hi))))
    ;; y·2^k by adding k to the exponent field; below k = -1021 add k + 1000 and multiply by 2^-1000
    (local.set $k (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))))
    (local.set $scaled (f64x2.mul
      (i64x2.add (local.get $y) (i64x2.shl (i64x2.add (local.get $k) (v128.const i64x2 1000 1000)) (i32.const 52)))
      (v128.const f64x2 9.332636185032189e-302 9.332636185032189e-302)))
    (local.set $y (v128.bitselect
      (i64x2.add (local.get $y) (i64x2.shl (local.get $k) (i32.const 52)))
      (local.get $scaled)
      (i64x2.ge_s (local.get $k) (v128.const i64x2 -1021 -1021))))
    ;; |x| < 2^-28: 1 + x
    (local.set $tiny (i64x2.lt_s (local.get $abs) (v128.const i64x2 0x3e30000000000000 0x3e30000000000000)))
    (local.set $y (v128.bitselect (f64x2.add (v128.const f64x2 1 1) (local.get $x)) (local.get $y) (local.get $tiny)))
    ;; underflow to 0 (and e^-inf = 0); NaN stays NaN (x < threshold is false for NaN and y is NaN)
    (v128.bitselect (v128.const f64x2 0 0) (local.get $y) (f64x2.lt (local.get $x) (v128.const f64x2 -745.1332191019411 -745.1332191019411))))

  ;; erf x on both lanes: Cody's three regions (as erf in @pupil/tensors) with e^{-x²} from $exp_neg_x2.
  (func $erf_x2 (param $x v128) (result v128)
    (local $y v128) (local $yy v128) (local $small v128) (local $e v128) (local $mid v128) (local $z v128)
    (local $tail v128) (local $v v128) (local $sign v128)
    (local.set $y (f64x2.abs (local.get $x)))
    ;; |x| ≤ 0.46875: x·R₁(x²)
    (local.set $yy (f64x2.mul (local.get $x) (local.get $x)))
    (local.set $small (f64x2.mul (local.get $x) (f64x2.div
      (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 0.18577770618460315 0.18577770618460315) (local.get $yy)) (v128.const f64x2 3.1611237438705655 3.1611237438705655)) (local.get $yy)) (v128.const f64x2 113.86415415105016 113.86415415105016)) (local.get $yy)) (v128.const f64x2 377.485237685302 377.485237685302)) (local.get $yy)) (v128.const f64x2 3209.3775891384694 3209.3775891384694))
      (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (local.get $yy) (v128.const f64x2 23.601290952344122 23.601290952344122)) (local.get $yy)) (v128.const f64x2 244.02463793444417 244.02463793444417)) (local.get $yy)) (v128.const f64x2 1282.6165260773723 1282.6165260773723)) (local.get $yy)) (v128.const f64x2 2844.236833439171 2844.236833439171)))))
    (local.set $e (call $exp_neg_x2 (f64x2.neg (f64x2.mul (local.get $y) (local.get $y)))))
    ;; 0.46875 < |x| ≤ 4: erfc = e^{-x²}·R₂(|x|)
    (local.set $mid (f64x2.mul (local.get $e) (f64x2.div
      (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 2.1531153547440383e-8 2.1531153547440383e-8) (local.get $y)) (v128.const f64x2 0.5641884969886701 0.5641884969886701)) (local.get $y)) (v128.const f64x2 8.883149794388377 8.883149794388377)) (local.get $y)) (v128.const f64x2 66.11919063714163 66.11919063714163)) (local.get $y)) (v128.const f64x2 298.6351381974001 298.6351381974001)) (local.get $y)) (v128.const f64x2 881.952221241769 881.952221241769)) (local.get $y)) (v128.const f64x2 1712.0476126340707 1712.0476126340707)) (local.get $y)) (v128.const f64x2 2051.0783778260716 2051.0783778260716)) (local.get $y)) (v128.const f64x2 1230.3393547979972 1230.3393547979972))
      (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (local.get $y) (v128.const f64x2 15.744926110709835 15.744926110709835)) (local.get $y)) (v128.const f64x2 117.6939508913125 117.6939508913125)) (local.get $y)) (v128.const f64x2 537.1811018620099 537.1811018620099)) (local.get $y)) (v128.const f64x2 1621.3895745666903 1621.3895745666903)) (local.get $y)) (v128.const f64x2 3290.7992357334597 3290.7992357334597)) (local.get $y)) (v128.const f64x2 4362.619090143247 4362.619090143247)) (local.get $y)) (v128.const f64x2 3439.3676741437216 3439.3676741437216)) (local.get $y)) (v128.const f64x2 1230.3393548037495 1230.3393548037495)))))
    ;; 4 < |x| < 6: erfc = (e^{-x²}·(1/√π - z·R₃(z)/…))/|x|, z = 1/x²
    (local.set $z (f64x2.div (v128.const f64x2 1 1) (f64x2.mul (local.get $y) (local.get $y))))
    (local.set $tail (f64x2.div (f64x2.mul (local.get $e) (f64x2.sub (v128.const f64x2 0.5641895835477563 0.5641895835477563)
      (f64x2.div (f64x2.mul (local.get $z) (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (v128.const f64x2 0.016315387137302097 0.016315387137302097) (local.get $z)) (v128.const f64x2 0.30532663496123236 0.30532663496123236)) (local.get $z)) (v128.const f64x2 0.36034489994980445 0.36034489994980445)) (local.get $z)) (v128.const f64x2 0.12578172611122926 0.12578172611122926)) (local.get $z)) (v128.const f64x2 0.016083785148742275 0.016083785148742275)) (local.get $z)) (v128.const f64x2 0.0006587491615298378 0.0006587491615298378)))
        (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (local.get $z) (v128.const f64x2 2.568520192289822 2.568520192289822)) (local.get $z)) (v128.const f64x2 1.8729528499234673 1.8729528499234673)) (local.get $z)) (v128.const f64x2 0.5279051029514285 0.5279051029514285)) (local.get $z)) (v128.const f64x2 0.06051834131244132 0.06051834131244132)) (local.get $z)) (v128.const f64x2 0.0023352049762686918 0.0023352049762686918))))) (local.get $y)))
    (local.set $tail (v128.bitselect (local.get $mid) (local.get $tail) (f64x2.le (local.get $y) (v128.const f64x2 4 4))))
    ;; erf = 0.5 - erfc + 0.5 with the sign of x; ±1 from |x| ≥ 6 (NaN falls through as NaN)
    (local.set $v (f64x2.add (f64x2.sub (v128.const f64x2 0.5 0.5) (local.get $tail)) (v128.const f64x2 0.5 0.5)))
    (local.set $v (v128.bitselect (v128.const f64x2 1 1) (local.get $v) (f64x2.ge (local.get $y) (v128.const f64x2 6 6))))
    (local.set $v (v128.bitselect (f64x2.neg (local.get $v)) (local.get $v) (f64x2.lt (local.get $x) (v128.const f64x2 0 0))))
    (v128.bitselect (local.get $small) (local.get $v) (f64x2.le (local.get $y) (v128.const f64x2 0.46875 0.46875))))

  ;; g[i] = erf(scale·z[i]) for i < n, and with $derivative also dg[i] = √(2/π)·e^{(-0.5·z[i])·z[i]}: the erf
  ;; committee's activations in one call. Pairs of lanes; an odd n also writes the element after the last
  ;; (buffers are allocated in whole pairs).
  (func (export "erf_act") (param $z i32) (param $n i32) (param $scale f64) (param $g i32) (param $dg i32)
      (param $derivative i32)
    (local $i i32) (local $end i32) (local $v v128) (local $sv v128)
    (local.set $sv (f64x2.splat (local.get $scale)))
    (local.set $end (i32.shl (i32.and (i32.add (local.get $n) (i32.const 1)) (i32.const -2)) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (i32.add (local.get $z) (local.get $i))))
        (v128.store (i32.add (local.get $g) (local.get $i)) (call $erf_x2 (f64x2.mul (local.get $v) (local.get $sv))))
        (if (local.get $derivative)
          (then (v128.store (i32.add (local.get $dg) (local.get $i))
            (f64x2.mul (v128.const f64x2 0.7978845608028654 0.7978845608028654)
              (call $exp_neg_x2 (f64x2.mul (f64x2.mul (v128.const f64x2 -0.5 -0.5) (local.get $v)) (local.get $v)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs))))

  ;; out[i] = e^{x[i]} for x[i] ≤ 0, in pairs (for the tests of $exp_neg_x2)
  (func (export "exp_neg_many") (param $x i32) (param $n i32) (param $out i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (i32.add (local.get $n) (i32.const 1)) (i32.const -2)) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (call $exp_neg_x2 (v128.load (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs))))

  ;; The B = 1 overlap update (updateOverlapsSingle in src/sim/overlaps-update.ts, operation for operation, two
  ;; k at a time): for k ≥ j, Q[j,k] = Q[k,j] = s²·Q[j,k] + (s/√N)·(0 + (c_j h_k + c_k h_j)) + (1/N)·(0 + (G c_j) c_k),
  ;; then M[j,r] = s·M[j,r] + (1/√N)·(0 + c_j h*_r).
  (func (export "overlaps_update1") (param $p i32) (param $pStar i32) (param $Q i32) (param $M i32) (param $h i32)
      (param $ht i32) (param $c i32) (param $shrink f64) (param $s2 f64) (param $crossScale f64) (param $invSqrtN f64)
      (param $invN f64) (param $gram f64)
    (local $j i32) (local $k i32) (local $row i32) (local $at i32) (local $cj f64) (local $hj f64) (local $gcj f64)
    (local $ck f64) (local $q f64) (local $m i32) (local $r i32)
    (local $cjv v128) (local $hjv v128) (local $gcjv v128) (local $s2v v128) (local $csv v128) (local $inv v128)
    (local $ckv v128) (local $qv v128)
    (local.set $s2v (f64x2.splat (local.get $s2)))
    (local.set $csv (f64x2.splat (local.get $crossScale)))
    (local.set $inv (f64x2.splat (local.get $invN)))
    (local.set $j (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $j) (local.get $p)))
        (local.set $cj (f64.load (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $hj (f64.load (i32.add (local.get $h) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $gcj (f64.mul (local.get $gram) (local.get $cj)))
        (local.set $cjv (f64x2.splat (local.get $cj)))
        (local.set $hjv (f64x2.splat (local.get $hj)))
        (local.set $gcjv (f64x2.splat (local.get $gcj)))
        (local.set $row (i32.add (local.get $Q) (i32.shl (i32.mul (local.get $j) (local.get $p)) (i32.const 3))))
        (local.set $k (local.get $j))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_s (i32.add (local.get $k) (i32.const 1)) (local.get $p)))
            (local.set $ckv (v128.load (i32.add (local.get $c) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $at (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 3))))
            (local.set $qv (f64x2.add
              (f64x2.add
                (f64x2.mul (local.get $s2v) (v128.load (local.get $at)))
                (f64x2.mul (local.get $csv) (f64x2.add (v128.const f64x2 0 0)
                  (f64x2.add
                    (f64x2.mul (local.get $cjv) (v128.load (i32.add (local.get $h) (i32.shl (local.get $k) (i32.const 3)))))
                    (f64x2.mul (local.get $ckv) (local.get $hjv))))))
              (f64x2.mul (local.get $inv) (f64x2.add (v128.const f64x2 0 0) (f64x2.mul (local.get $gcjv) (local.get $ckv))))))
            (v128.store (local.get $at) (local.get $qv))
            ;; the mirrored entries Q[k,j] and Q[k+1,j]
            (local.set $m (i32.add (local.get $Q) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $p)) (local.get $j)) (i32.const 3))))
            (f64.store (local.get $m) (f64x2.extract_lane 0 (local.get $qv)))
            (f64.store (i32.add (local.get $m) (i32.shl (local.get $p) (i32.const 3))) (f64x2.extract_lane 1 (local.get $qv)))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_s (local.get $k) (local.get $p))
          (then
            (local.set $ck (f64.load (i32.add (local.get $c) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $at (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 3))))
            (local.set $q (f64.add
              (f64.add
                (f64.mul (local.get $s2) (f64.load (local.get $at)))
                (f64.mul (local.get $crossScale) (f64.add (f64.const 0)
                  (f64.add
                    (f64.mul (local.get $cj) (f64.load (i32.add (local.get $h) (i32.shl (local.get $k) (i32.const 3)))))
                    (f64.mul (local.get $ck) (local.get $hj))))))
              (f64.mul (local.get $invN) (f64.add (f64.const 0) (f64.mul (local.get $gcj) (local.get $ck))))))
            (f64.store (local.get $at) (local.get $q))
            (f64.store (i32.add (local.get $Q) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $p)) (local.get $j)) (i32.const 3)))
              (local.get $q))))
        (local.set $r (i32.const 0))
        (block $m_done
          (loop $m_each
            (br_if $m_done (i32.ge_s (local.get $r) (local.get $pStar)))
            (local.set $at (i32.add (local.get $M)
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $pStar)) (local.get $r)) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.mul (local.get $shrink) (f64.load (local.get $at)))
              (f64.mul (local.get $invSqrtN) (f64.add (f64.const 0)
                (f64.mul (local.get $cj) (f64.load (i32.add (local.get $ht) (i32.shl (local.get $r) (i32.const 3)))))))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $m_each)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))
)
