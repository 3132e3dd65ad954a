// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstdint>

namespace servesim::kernels::dnn {

/// ceil(a / b) for b > 0 and any sign of a.
inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return a <= 0 ? -((-a) / b) : (a + b - 1) / b;
}

/// A half-open range of output columns [lo, hi).
struct Span {
  std::int64_t lo;
  std::int64_t hi;
};

/// The output columns whose input column ow * stride - padding + offset lies inside [0, in_w).
inline Span valid_outputs(std::int64_t in_w, std::int64_t out_w, int stride, int padding,
                          int offset) {
  const std::int64_t lo = std::max<std::int64_t>(0, ceil_div(padding - offset, stride));
  const std::int64_t hi = std::min<std::int64_t>(out_w, ceil_div(in_w + padding - offset, stride));
  return {lo, std::max(lo, hi)};
}

}  // namespace servesim::kernels::dnn
