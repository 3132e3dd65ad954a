// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/tensor.hpp"

namespace servesim::kernels::dnn {

/// Square window pooling parameters (floor mode, as PyTorch's default).
struct PoolParams {
  int kernel = 2;
  int stride = 2;
  int padding = 0;
};

/// Max over each window; padding never wins (it counts as -inf).
void maxpool(ConstTensorView in, const PoolParams& params, TensorView out);

/// Mean over each window with padded positions counted as zeros (count_include_pad).
void avgpool(ConstTensorView in, const PoolParams& params, TensorView out);

/// Mean of each channel plane: N x C x H x W -> N x C x 1 x 1.
void global_avgpool(ConstTensorView in, TensorView out);

}  // namespace servesim::kernels::dnn
