// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/tensor.hpp"

#include <cstdint>
#include <vector>

namespace servesim::kernels::dnn {

/// Concatenation along channels: every input has out's N, H and W; their channels add up to out.c.
void concat_channels(const std::vector<ConstTensorView>& inputs, TensorView out);

/// Nearest-neighbour upsampling by an integer factor: out(h, w) = in(h / scale, w / scale).
void upsample_nearest(ConstTensorView in, int scale, TensorView out);

/// Copies token `index` of an N x 1 x T x D tensor to an N x D x 1 x 1 feature vector.
void take_token(ConstTensorView in, std::int64_t index, TensorView out);

}  // namespace servesim::kernels::dnn
