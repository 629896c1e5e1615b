;; pupil training kernels for the tfjs wasm backend: WebAssembly SIMD (f32x4), hand-written.
;;
;; The module imports the backend's own memory (env.memory), so kernels read their inputs and write their
;; outputs in place, by byte pointer, with no copies. All tensors are NHWC float32.
;;
;; conv_filter_grad: dW[fh,fw,ci,co] += sum over (b,oh,ow) of x[b, oh*sh+fh*dilh, ow*sw+fw*dilw, ci] * dy[b,oh,ow,co]
;;   on a spatially pre-padded x; CI a multiple of 4, CO a multiple of 8. Tiles of 4 input x 8 output channels
;;   keep 8 f32x4 accumulators in registers over a chunk of images (the XNNPACK 4x8 "splat" micro-kernel
;;   shape); the chunk is sized to stay in cache.
;; conv_input_grad: dx[b, oh*sh+fh*dilh, ow*sw+fw*dilw, ci] += sum over co of dy[b,oh,ow,co] * wt[fh,fw,co,ci]
;;   (wt = the filter with its last two axes swapped) into a pre-padded dx; CI a multiple of 8, any CO.
;;   Tiles of 4 output positions x 8 input channels, reduction over co in registers.
(module
  (import "env" "memory" (memory 1))

  ;; 4 ci x 8 co accumulators over $nb images x $noh rows x $now positions: x at $xp (steps $xs per position,
  ;; $xRow per row, $xImg per image, in bytes), dy at $dp (contiguous, $ds per position), dW rows at $wp (row
  ;; stride $wr). The accumulators stay in registers over the whole chunk of images.
  (func $tile_f (param $xp i32) (param $dp i32) (param $wp i32) (param $nb i32) (param $noh i32) (param $now i32)
    (param $xs i32) (param $xRow i32) (param $xImg i32) (param $ds i32) (param $wr i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128) (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $d0 v128) (local $d1 v128) (local $a v128) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $img i32) (local $row i32) (local $n i32) (local $rowPtr i32) (local $p i32)
    (local.set $w1 (i32.add (local.get $wp) (local.get $wr)))
    (local.set $w2 (i32.add (local.get $w1) (local.get $wr)))
    (local.set $w3 (i32.add (local.get $w2) (local.get $wr)))
    (local.set $a00 (v128.load offset=0 (local.get $wp)))
    (local.set $a01 (v128.load offset=16 (local.get $wp)))
    (local.set $a10 (v128.load offset=0 (local.get $w1)))
    (local.set $a11 (v128.load offset=16 (local.get $w1)))
    (local.set $a20 (v128.load offset=0 (local.get $w2)))
    (local.set $a21 (v128.load offset=16 (local.get $w2)))
    (local.set $a30 (v128.load offset=0 (local.get $w3)))
    (local.set $a31 (v128.load offset=16 (local.get $w3)))
    (local.set $img (local.get $nb))
    (loop $limg
      (local.set $rowPtr (local.get $xp))
      (local.set $row (local.get $noh))
      (loop $lrow
        (local.set $p (local.get $rowPtr))
        (local.set $n (local.get $now))
        (loop $lpos
          (local.set $d0 (v128.load (local.get $dp)))
          (local.set $d1 (v128.load offset=16 (local.get $dp)))
          (local.set $a (v128.load32_splat offset=0 (local.get $p)))
          (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $a) (local.get $d0))))
          (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $a) (local.get $d1))))
          (local.set $a (v128.load32_splat offset=4 (local.get $p)))
          (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $a) (local.get $d0))))
          (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $a) (local.get $d1))))
          (local.set $a (v128.load32_splat offset=8 (local.get $p)))
          (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $a) (local.get $d0))))
          (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $a) (local.get $d1))))
          (local.set $a (v128.load32_splat offset=12 (local.get $p)))
          (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $a) (local.get $d0))))
          (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $a) (local.get $d1))))
          (local.set $p (i32.add (local.get $p) (local.get $xs)))
          (local.set $dp (i32.add (local.get $dp) (local.get $ds)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $lpos (local.get $n)))
        (local.set $rowPtr (i32.add (local.get $rowPtr) (local.get $xRow)))
        (local.set $row (i32.sub (local.get $row) (i32.const 1)))
        (br_if $lrow (local.get $row)))
      (local.set $xp (i32.add (local.get $xp) (local.get $xImg)))
      (local.set $img (i32.sub (local.get $img) (i32.const 1)))
      (br_if $limg (local.get $img)))
    (v128.store offset=0 (local.get $wp) (local.get $a00))
    (v128.store offset=16 (local.get $wp) (local.get $a01))
    (v128.store offset=0 (local.get $w1) (local.get $a10))
    (v128.store offset=16 (local.get $w1) (local.get $a11))
    (v128.store offset=0 (local.get $w2) (local.get $a20))
    (v128.store offset=16 (local.get $w2) (local.get $a21))
    (v128.store offset=0 (local.get $w3) (local.get $a30))
    (v128.store offset=16 (local.get $w3) (local.get $a31))
  )

  ;; x: [B, Hp, Wp, CI] padded so every tap of every output position is inside; dy: [B, OH, OW, CO];
  ;; dW: [FH, FW, CI, CO], accumulated into (the caller zeroes it). Images go $bc at a time (a chunk sized by
  ;; the caller to stay in cache), every tap and tile over the whole chunk.
  (func (export "conv_filter_grad")
    (param $x i32) (param $dy i32) (param $dW i32) (param $B i32) (param $OH i32) (param $OW i32)
    (param $Hp i32) (param $Wp i32) (param $CI i32) (param $CO i32) (param $FH i32) (param $FW i32)
    (param $sh i32) (param $sw i32) (param $dilh i32) (param $dilw i32) (param $bc i32)
    (local $b0 i32) (local $nb i32) (local $fh i32) (local $fw i32) (local $ci i32) (local $co i32)
    (local $xChunk i32) (local $dyChunk i32) (local $xTap i32) (local $wTap i32)
    (local $xs i32) (local $ds i32) (local $rowBytes i32) (local $tapBytes i32) (local $imgBytes i32)
    (local.set $xs (i32.shl (i32.mul (local.get $sw) (local.get $CI)) (i32.const 2)))
    (local.set $ds (i32.shl (local.get $CO) (i32.const 2)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $Wp) (local.get $CI)) (i32.const 2)))
    (local.set $imgBytes (i32.mul (local.get $rowBytes) (local.get $Hp)))
    (local.set $tapBytes (i32.shl (i32.mul (local.get $CI) (local.get $CO)) (i32.const 2)))
    (local.set $b0 (i32.const 0))
    (loop $lb
      (local.set $nb (select (local.get $bc) (i32.sub (local.get $B) (local.get $b0))
        (i32.le_u (i32.add (local.get $b0) (local.get $bc)) (local.get $B))))
      (local.set $xChunk (i32.add (local.get $x) (i32.mul (local.get $b0) (local.get $imgBytes))))
      (local.set $dyChunk (i32.add (local.get $dy) (i32.mul (i32.mul (local.get $b0)
        (i32.mul (local.get $OH) (local.get $OW))) (local.get $ds))))
      (local.set $fh (i32.const 0))
      (loop $lfh
        (local.set $fw (i32.const 0))
        (loop $lfw
          (local.set $xTap (i32.add (local.get $xChunk) (i32.add
            (i32.mul (i32.mul (local.get $fh) (local.get $dilh)) (local.get $rowBytes))
            (i32.shl (i32.mul (i32.mul (local.get $fw) (local.get $dilw)) (local.get $CI)) (i32.const 2)))))
          (local.set $wTap (i32.add (local.get $dW) (i32.mul (local.get $tapBytes)
            (i32.add (i32.mul (local.get $fh) (local.get $FW)) (local.get $fw)))))
          (local.set $ci (i32.const 0))
          (loop $lci
            (local.set $co (i32.const 0))
            (loop $lco
              (call $tile_f
                (i32.add (local.get $xTap) (i32.shl (local.get $ci) (i32.const 2)))
                (i32.add (local.get $dyChunk) (i32.shl (local.get $co) (i32.const 2)))
                (i32.add (local.get $wTap) (i32.shl
                  (i32.add (i32.mul (local.get $ci) (local.get $CO)) (local.get $co)) (i32.const 2)))
                (local.get $nb) (local.get $OH) (local.get $OW)
                (local.get $xs) (i32.mul (local.get $sh) (local.get $rowBytes)) (local.get $imgBytes)
                (local.get $ds) (local.get $ds))
              (local.set $co (i32.add (local.get $co) (i32.const 8)))
              (br_if $lco (i32.lt_u (local.get $co) (local.get $CO))))
            (local.set $ci (i32.add (local.get $ci) (i32.const 4)))
            (br_if $lci (i32.lt_u (local.get $ci) (local.get $CI))))
          (local.set $fw (i32.add (local.get $fw) (i32.const 1)))
          (br_if $lfw (i32.lt_u (local.get $fw) (local.get $FW))))
        (local.set $fh (i32.add (local.get $fh) (i32.const 1)))
        (br_if $lfh (i32.lt_u (local.get $fh) (local.get $FH))))
      (local.set $b0 (i32.add (local.get $b0) (local.get $bc)))
      (br_if $lb (i32.lt_u (local.get $b0) (local.get $B))))
  )

  ;; 4 positions x 8 ci: dy rows at $dp (position step $dps bytes, reduction over $n channels), wt rows at $wp
  ;; (row step $wr bytes); adds into dx at $xp (position step $xps bytes).
  (func $tile_i4 (param $dp i32) (param $dps i32) (param $wp i32) (param $wr i32) (param $xp i32) (param $xps i32) (param $n i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128) (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $w0 v128) (local $w1 v128) (local $a v128) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local.set $p1 (i32.add (local.get $dp) (local.get $dps)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $dps)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $dps)))
    (block $done
      (loop $k
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $w0 (v128.load (local.get $wp)))
        (local.set $w1 (v128.load offset=16 (local.get $wp)))
        (local.set $a (v128.load32_splat (local.get $dp)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $a) (local.get $w0))))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $a) (local.get $w1))))
        (local.set $a (v128.load32_splat (local.get $p1)))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $a) (local.get $w0))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $a) (local.get $w1))))
        (local.set $a (v128.load32_splat (local.get $p2)))
        (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $a) (local.get $w0))))
        (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $a) (local.get $w1))))
        (local.set $a (v128.load32_splat (local.get $p3)))
        (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $a) (local.get $w0))))
        (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $a) (local.get $w1))))
        (local.set $dp (i32.add (local.get $dp) (i32.const 4)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 4)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 4)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 4)))
        (local.set $wp (i32.add (local.get $wp) (local.get $wr)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $k)))
    (v128.store offset=0 (local.get $xp) (f32x4.add (v128.load offset=0 (local.get $xp)) (local.get $a00)))
    (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a01)))
    (local.set $xp (i32.add (local.get $xp) (local.get $xps)))
    (v128.store offset=0 (local.get $xp) (f32x4.add (v128.load offset=0 (local.get $xp)) (local.get $a10)))
    (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a11)))
    (local.set $xp (i32.add (local.get $xp) (local.get $xps)))
    (v128.store offset=0 (local.get $xp) (f32x4.add (v128.load offset=0 (local.get $xp)) (local.get $a20)))
    (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a21)))
    (local.set $xp (i32.add (local.get $xp) (local.get $xps)))
    (v128.store offset=0 (local.get $xp) (f32x4.add (v128.load offset=0 (local.get $xp)) (local.get $a30)))
    (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a31)))
  )

  ;; 1 position x 8 ci (the row tail of tile_i4).
  (func $tile_i1 (param $dp i32) (param $wp i32) (param $wr i32) (param $xp i32) (param $n i32)
    (local $a0 v128) (local $a1 v128) (local $a v128)
    (block $done
      (loop $k
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $a (v128.load32_splat (local.get $dp)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $a) (v128.load (local.get $wp)))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $wp)))))
        (local.set $dp (i32.add (local.get $dp) (i32.const 4)))
        (local.set $wp (i32.add (local.get $wp) (local.get $wr)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $k)))
    (v128.store (local.get $xp) (f32x4.add (v128.load (local.get $xp)) (local.get $a0)))
    (v128.store offset=16 (local.get $xp) (f32x4.add (v128.load offset=16 (local.get $xp)) (local.get $a1)))
  )

  ;; dy: [B, OH, OW, CO]; wt: [FH, FW, CO, CI]; dx: [B, Hp, Wp, CI] padded, accumulated into (the caller zeroes it).
  (func (export "conv_input_grad")
    (param $dy i32) (param $wt i32) (param $dx i32) (param $B i32) (param $OH i32) (param $OW i32)
    (param $Hp i32) (param $Wp i32) (param $CI i32) (param $CO i32) (param $FH i32) (param $FW i32)
    (param $sh i32) (param $sw i32) (param $dilh i32) (param $dilw i32)
    (local $b i32) (local $oh i32) (local $fh i32) (local $fw i32) (local $ci i32) (local $ow i32)
    (local $dyRow i32) (local $xRow i32) (local $xTap i32) (local $wTap i32)
    (local $dps i32) (local $xps i32) (local $wr i32) (local $rowBytes i32) (local $tapBytes i32)
    (local.set $dps (i32.shl (local.get $CO) (i32.const 2)))
    (local.set $xps (i32.shl (i32.mul (local.get $sw) (local.get $CI)) (i32.const 2)))
    (local.set $wr (i32.shl (local.get $CI) (i32.const 2)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $Wp) (local.get $CI)) (i32.const 2)))
    (local.set $tapBytes (i32.shl (i32.mul (local.get $CI) (local.get $CO)) (i32.const 2)))
    (local.set $b (i32.const 0))
    (loop $lb
      (local.set $oh (i32.const 0))
      (loop $loh
        (local.set $dyRow (i32.add (local.get $dy) (i32.mul (local.get $dps)
          (i32.mul (i32.add (i32.mul (local.get $b) (local.get $OH)) (local.get $oh)) (local.get $OW)))))
        (local.set $fh (i32.const 0))
        (loop $lfh
          (local.set $xRow (i32.add (local.get $dx) (i32.mul (local.get $rowBytes)
            (i32.add (i32.mul (local.get $b) (local.get $Hp))
              (i32.add (i32.mul (local.get $oh) (local.get $sh)) (i32.mul (local.get $fh) (local.get $dilh)))))))
          (local.set $fw (i32.const 0))
          (loop $lfw
            (local.set $xTap (i32.add (local.get $xRow)
              (i32.shl (i32.mul (i32.mul (local.get $fw) (local.get $dilw)) (local.get $CI)) (i32.const 2))))
            (local.set $wTap (i32.add (local.get $wt) (i32.mul (local.get $tapBytes)
              (i32.add (i32.mul (local.get $fh) (local.get $FW)) (local.get $fw)))))
            (local.set $ci (i32.const 0))
            (loop $lci
              (local.set $ow (i32.const 0))
              (block $end4
                (loop $l4
                  (br_if $end4 (i32.gt_u (i32.add (local.get $ow) (i32.const 4)) (local.get $OW)))
                  (call $tile_i4
                    (i32.add (local.get $dyRow) (i32.mul (local.get $ow) (local.get $dps))) (local.get $dps)
                    (i32.add (local.get $wTap) (i32.shl (local.get $ci) (i32.const 2))) (local.get $wr)
                    (i32.add (local.get $xTap) (i32.add (i32.mul (local.get $ow) (local.get $xps))
                      (i32.shl (local.get $ci) (i32.const 2)))) (local.get $xps)
                    (local.get $CO))
                  (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
                  (br $l4)))
              (block $end1
                (loop $l1
                  (br_if $end1 (i32.ge_u (local.get $ow) (local.get $OW)))
                  (call $tile_i1
                    (i32.add (local.get $dyRow) (i32.mul (local.get $ow) (local.get $dps)))
                    (i32.add (local.get $wTap) (i32.shl (local.get $ci) (i32.const 2))) (local.get $wr)
                    (i32.add (local.get $xTap) (i32.add (i32.mul (local.get $ow) (local.get $xps))
                      (i32.shl (local.get $ci) (i32.const 2))))
                    (local.get $CO))
                  (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                  (br $l1)))
              (local.set $ci (i32.add (local.get $ci) (i32.const 8)))
              (br_if $lci (i32.lt_u (local.get $ci) (local.get $CI))))
            (local.set $fw (i32.add (local.get $fw) (i32.const 1)))
            (br_if $lfw (i32.lt_u (local.get $fw) (local.get $FW))))
          (local.set $fh (i32.add (local.get $fh) (i32.const 1)))
          (br_if $lfh (i32.lt_u (local.get $fh) (local.get $FH))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $loh (i32.lt_u (local.get $oh) (local.get $OH))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $lb (i32.lt_u (local.get $b) (local.get $B))))
  )
;; max_pool_grad: dx[p] += dy[o] for the first position p of window o (row-major) where x[p] equals the
  ;; pooled y[o], 4 channels at a time; a per-window "still free" mask gives the first-maximum rule exactly
  ;; (y is one of the window's x values). C a multiple of 4; dx zeroed by the caller.
  (func (export "max_pool_grad")
    (param $x i32) (param $y i32) (param $dy i32) (param $dx i32) (param $B i32) (param $H i32) (param $W i32)
    (param $C i32) (param $OH i32) (param $OW i32) (param $FH i32) (param $FW i32) (param $sh i32) (param $sw i32)
    (param $top i32) (param $left i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $c i32) (local $fr i32) (local $fc i32)
    (local $r i32) (local $col i32) (local $o i32) (local $p i32)
    (local $yv v128) (local $gv v128) (local $free v128) (local $eq v128)
    (local.set $b (i32.const 0))
    (loop $lb
      (local.set $oh (i32.const 0))
      (loop $loh
        (local.set $ow (i32.const 0))
        (loop $low
          ;; byte offset of y[b, oh, ow, 0]
          (local.set $o (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $OH))
            (local.get $oh)) (local.get $OW)) (local.get $ow)) (local.get $C)) (i32.const 2)))
          (local.set $c (i32.const 0))
          (loop $lc
            (local.set $yv (v128.load (i32.add (local.get $y) (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $gv (v128.load (i32.add (local.get $dy) (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))))))
            (local.set $free (v128.const i32x4 -1 -1 -1 -1))
            (local.set $fr (i32.const 0))
            (loop $lfr
              (local.set $r (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $fr)) (local.get $top)))
              (if (i32.and (i32.ge_s (local.get $r) (i32.const 0)) (i32.lt_s (local.get $r) (local.get $H)))
                (then
                  (local.set $fc (i32.const 0))
                  (loop $lfc
                    (local.set $col (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $sw)) (local.get $fc)) (local.get $left)))
                    (if (i32.and (i32.ge_s (local.get $col) (i32.const 0)) (i32.lt_s (local.get $col) (local.get $W)))
                      (then
                        (local.set $p (i32.shl (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $H))
                          (local.get $r)) (local.get $W)) (local.get $col)) (local.get $C)) (local.get $c)) (i32.const 2)))
                        (local.set $eq (v128.and (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $p))) (local.get $yv))
                          (local.get $free)))
                        (v128.store (i32.add (local.get $dx) (local.get $p))
                          (f32x4.add (v128.load (i32.add (local.get $dx) (local.get $p))) (v128.and (local.get $eq) (local.get $gv))))
                        (local.set $free (v128.andnot (local.get $free) (local.get $eq)))))
                    (local.set $fc (i32.add (local.get $fc) (i32.const 1)))
                    (br_if $lfc (i32.lt_u (local.get $fc) (local.get $FW))))))
              (local.set $fr (i32.add (local.get $fr) (i32.const 1)))
              (br_if $lfr (i32.lt_u (local.get $fr) (local.get $FH))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br_if $lc (i32.lt_u (local.get $c) (local.get $C))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $low (i32.lt_u (local.get $ow) (local.get $OW))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $loh (i32.lt_u (local.get $oh) (local.get $OH))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $lb (i32.lt_u (local.get $b) (local.get $B))))
  )

  ;; col_sum: out[c] = sum over rows r of x[r, c], x row-major rows x cols, cols a multiple of 4 (the bias gradient:
  ;; a sum over batch and positions, where tfjs' Sum would transpose the whole tensor first). Rows go in order,
  ;; four columns per f32x4, accumulated in out.
  (func (export "col_sum") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $rowBytes i32) (local $colBytes i32)
    (local.set $colBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $c (i32.const 0))
    (loop $zero
      (v128.store (i32.add (local.get $out) (local.get $c)) (v128.const f32x4 0 0 0 0))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $c) (local.get $colBytes))))
    (local.set $r (local.get $rows))
    (block $done
      (loop $lr
        (br_if $done (i32.eqz (local.get $r)))
        (local.set $c (i32.const 0))
        (loop $lc
          (v128.store (i32.add (local.get $out) (local.get $c))
            (f32x4.add (v128.load (i32.add (local.get $out) (local.get $c)))
              (v128.load (i32.add (local.get $x) (local.get $c)))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $lc (i32.lt_u (local.get $c) (local.get $colBytes))))
        (local.set $x (i32.add (local.get $x) (local.get $colBytes)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br $lr)))
  )

  ;; bias_add: out[r, c] = x[r, c] + b[c], x row-major rows x cols, cols a multiple of 4 (a bias broadcast over
  ;; batch and positions, which tfjs' Add does through its slow general broadcasting path).
  (func (export "bias_add") (param $x i32) (param $b i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $c i32) (local $colBytes i32)
    (local.set $colBytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $lr
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $c (i32.const 0))
        (loop $lc
          (v128.store (i32.add (local.get $out) (local.get $c))
            (f32x4.add (v128.load (i32.add (local.get $x) (local.get $c)))
              (v128.load (i32.add (local.get $b) (local.get $c)))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $lc (i32.lt_u (local.get $c) (local.get $colBytes))))
        (local.set $x (i32.add (local.get $x) (local.get $colBytes)))
        (local.set $out (i32.add (local.get $out) (local.get $colBytes)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $lr)))
  )
)
