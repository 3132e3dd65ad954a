// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/tensor.hpp"

#include <cstdint>

namespace servesim::kernels::dnn {

/// Fully connected layer over the contiguous feature vectors of `in`: the input holds
/// in.size() / in_features rows (N for an N x C x 1 x 1 tensor, N * tokens for N x 1 x T x D),
/// and out[r][o] = sum_i in[r][i] * weight[o][i] + bias[o]. `weight` is [out][in] (PyTorch
/// layout), `bias` may be null. One Eigen GEMM for all rows.
void linear(ConstTensorView in, std::int64_t in_features, std::int64_t out_features,
            const float* weight, const float* bias, TensorView out);

/// The same on raw row-major matrices: out[rows x out_features] = in[rows x in_features] * W^T + b.
void linear_rows(const float* in, std::int64_t rows, std::int64_t in_features,
                 std::int64_t out_features, const float* weight, const float* bias, float* out);

}  // namespace servesim::kernels::dnn
