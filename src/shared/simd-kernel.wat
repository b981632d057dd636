;; Int8 dot products for the vector index, in WebAssembly 128-bit SIMD.
;; Built into simd-kernel.generated.ts by `npm run build:wasm` (scripts/build-wasm.mjs).
;;
;; Memory is imported so the page or worker owns its size and can grow it as rows are added.
;; Layout is chosen by the caller; this module only reads rows and the query and writes scores.
(module
  (import "env" "memory" (memory 1))

  ;; dots(query, rows, stride, count, out)
  ;;   For r in [0, count): out[r] = sum over i of query[i] * rows[r * stride + i], as int32.
  ;;   query: `stride` int16 values (the query's int8 codes widened once per search, zero padded).
  ;;   rows:  `count` rows of `stride` int8 codes each; stride is a positive multiple of 32.
  ;;   out:   `count` int32 slots.
  ;; Codes lie in [-127, 127], so no pair sum of products can overflow (pmaddwd on x86).
  (func (export "dots")
    (param $query i32) (param $rows i32) (param $stride i32) (param $count i32) (param $out i32)
    (local $row i32) (local $rowEnd i32) (local $q i32) (local $outEnd i32)
    (local $codes v128) (local $sumA v128) (local $sumB v128)
    (local.set $row (local.get $rows))
    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $finished
      (loop $eachRow
        (br_if $finished (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $sumA (v128.const i32x4 0 0 0 0))
        (local.set $sumB (v128.const i32x4 0 0 0 0))
        (local.set $q (local.get $query))
        (local.set $rowEnd (i32.add (local.get $row) (local.get $stride)))
        ;; 32 codes per turn: two independent sums keep both multiply units busy.
        (loop $eachBlock
          (local.set $codes (v128.load (local.get $row)))
          (local.set $sumA (i32x4.add (local.get $sumA)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (v128.load (local.get $q)))))
          (local.set $sumB (i32x4.add (local.get $sumB)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (v128.load offset=16 (local.get $q)))))
          (local.set $codes (v128.load offset=16 (local.get $row)))
          (local.set $sumA (i32x4.add (local.get $sumA)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (v128.load offset=32 (local.get $q)))))
          (local.set $sumB (i32x4.add (local.get $sumB)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (v128.load offset=48 (local.get $q)))))
          (local.set $row (i32.add (local.get $row) (i32.const 32)))
          (local.set $q (i32.add (local.get $q) (i32.const 64)))
          (br_if $eachBlock (i32.lt_u (local.get $row) (local.get $rowEnd))))
        (local.set $sumA (i32x4.add (local.get $sumA) (local.get $sumB)))
        (i32.store (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $sumA)) (i32x4.extract_lane 1 (local.get $sumA)))
            (i32.add (i32x4.extract_lane 2 (local.get $sumA)) (i32x4.extract_lane 3 (local.get $sumA)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $eachRow))))
)
