// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/tensor.hpp"

#include <cstdint>
#include <vector>

namespace servesim::kernels::dnn {

enum class Activation {
  kRelu,
  kRelu6,      ///< min(max(x, 0), 6)
  kLeakyRelu,  ///< x for x >= 0, alpha * x below
  kSilu,       ///< x / (1 + exp(-x))
  kGelu,       ///< 0.5 x (1 + erf(x / sqrt 2)), the exact form
};

/// out = f(in), element by element. `in` and `out` must have the same size; they may alias.
void activation(ConstTensorView in, Activation kind, TensorView out, float alpha = 0.0F);

/// PReLU: a learned slope per channel (`slope` has in.c values).
void prelu(ConstTensorView in, const float* slope, TensorView out);

/// Inference batch-norm folded to out = in * scale[c] + shift[c]. May run in place.
void batchnorm(ConstTensorView in, const float* scale, const float* shift, TensorView out);

/// The folded form of batch-norm: scale = gamma / sqrt(var + eps), shift = beta - mean * scale.
struct FoldedBatchNorm {
  std::vector<float> scale;
  std::vector<float> shift;
};
FoldedBatchNorm fold_batchnorm(const std::vector<float>& gamma, const std::vector<float>& beta,
                               const std::vector<float>& mean, const std::vector<float>& var,
                               float eps = 1e-5F);

/// Residual add: out = a + b (same shapes; out may alias either).
void add(ConstTensorView a, ConstTensorView b, TensorView out);

}  // namespace servesim::kernels::dnn
