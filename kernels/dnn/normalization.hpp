// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/tensor.hpp"

#include <cstdint>

namespace servesim::kernels::dnn {

/// LayerNorm over each contiguous run of `features` values:
/// out = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance (as PyTorch).
void layernorm(ConstTensorView in, std::int64_t features, const float* gamma, const float* beta,
               TensorView out, float eps = 1e-6F);

/// Softmax over each contiguous run of `features` values (max-subtracted for stability).
void softmax(ConstTensorView in, std::int64_t features, TensorView out);

/// In-place softmax of each row of a row-major rows x cols matrix, after scaling by `scale` > 0.
void softmax_rows_inplace(float* data, std::int64_t rows, std::int64_t cols, float scale = 1.0F);

}  // namespace servesim::kernels::dnn
