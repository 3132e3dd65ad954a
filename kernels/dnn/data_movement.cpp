// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/data_movement.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {

void concat_channels(const std::vector<ConstTensorView>& inputs, TensorView out) {
  std::int64_t channels = 0;
  for (const ConstTensorView& x : inputs) {
    if (x.n != out.n || x.h != out.h || x.w != out.w) {
      throw std::invalid_argument("concat_channels: input " + std::to_string(x.n) + "x" +
                                  std::to_string(x.c) + "x" + std::to_string(x.h) + "x" +
                                  std::to_string(x.w) + " differs from the output in N, H or W");
    }
    channels += x.c;
  }
  if (channels != out.c) {
    throw std::invalid_argument("concat_channels: inputs have " + std::to_string(channels) +
                                " channels, output " + std::to_string(out.c));
  }
  for (std::int64_t n = 0; n < out.n; ++n) {
    float* dst = out.sample(n);
    for (const ConstTensorView& x : inputs) {
      dst = std::copy(x.sample(n), x.sample(n) + x.sample_size(), dst);
    }
  }
}

void upsample_nearest(ConstTensorView in, int scale, TensorView out) {
  if (scale < 1 || out.n != in.n || out.c != in.c || out.h != in.h * scale ||
      out.w != in.w * scale) {
    throw std::invalid_argument("upsample_nearest: output must be the input with H and W times " +
                                std::to_string(scale));
  }
  for (std::int64_t plane = 0; plane < in.n * in.c; ++plane) {
    const float* src = in.data + plane * in.plane_size();
    float* dst = out.data + plane * out.plane_size();
    for (std::int64_t oh = 0; oh < out.h; ++oh) {
      const float* line = src + (oh / scale) * in.w;
      float* row = dst + oh * out.w;
      for (std::int64_t ow = 0; ow < out.w; ++ow) row[ow] = line[ow / scale];
    }
  }
}

void take_token(ConstTensorView in, std::int64_t index, TensorView out) {
  if (in.c != 1 || index < 0 || index >= in.h || out.n != in.n || out.c != in.w || out.h != 1 ||
      out.w != 1) {
    throw std::invalid_argument(
        "take_token: expects N x 1 x T x D in, N x D x 1 x 1 out and a "
        "token index below T");
  }
  for (std::int64_t n = 0; n < in.n; ++n) {
    const float* src = in.sample(n) + index * in.w;
    std::copy(src, src + in.w, out.sample(n));
  }
}

}  // namespace servesim::kernels::dnn
