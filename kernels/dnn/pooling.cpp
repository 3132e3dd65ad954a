// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/pooling.hpp"

#include "kernels/dnn/conv2d.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {
namespace {

void check(const char* op, ConstTensorView in, const PoolParams& p, TensorView out) {
  if (p.kernel < 1 || p.stride < 1 || p.padding < 0 || 2 * p.padding > p.kernel) {
    throw std::invalid_argument(std::string(op) + ": kernel " + std::to_string(p.kernel) +
                                ", stride " + std::to_string(p.stride) + ", padding " +
                                std::to_string(p.padding) +
                                " (need kernel, stride >= 1 and padding <= kernel / 2)");
  }
  if (out.n != in.n || out.c != in.c ||
      out.h != conv_output_size(in.h, p.kernel, p.stride, p.padding) ||
      out.w != conv_output_size(in.w, p.kernel, p.stride, p.padding)) {
    throw std::invalid_argument(std::string(op) +
                                ": output shape does not match the input and "
                                "window parameters");
  }
}

// Runs `reduce(init, window values...)` over each window that lies inside the input.
template <class Init, class Step, class Finish>
void pool(ConstTensorView in, const PoolParams& p, TensorView out, Init init, Step step,
          Finish finish) {
  for (std::int64_t n = 0; n < in.n; ++n) {
    for (std::int64_t c = 0; c < in.c; ++c) {
      const float* plane = in.sample(n) + c * in.plane_size();
      float* dst = out.sample(n) + c * out.plane_size();
      for (std::int64_t oh = 0; oh < out.h; ++oh) {
        const std::int64_t h0 = std::max<std::int64_t>(0, oh * p.stride - p.padding);
        const std::int64_t h1 = std::min<std::int64_t>(in.h, oh * p.stride - p.padding + p.kernel);
        for (std::int64_t ow = 0; ow < out.w; ++ow) {
          const std::int64_t w0 = std::max<std::int64_t>(0, ow * p.stride - p.padding);
          const std::int64_t w1 =
              std::min<std::int64_t>(in.w, ow * p.stride - p.padding + p.kernel);
          float acc = init();
          for (std::int64_t ih = h0; ih < h1; ++ih) {
            for (std::int64_t iw = w0; iw < w1; ++iw) acc = step(acc, plane[ih * in.w + iw]);
          }
          dst[oh * out.w + ow] = finish(acc);
        }
      }
    }
  }
}

}  // namespace

void maxpool(ConstTensorView in, const PoolParams& params, TensorView out) {
  check("maxpool", in, params, out);
  pool(
      in, params, out, [] { return -std::numeric_limits<float>::infinity(); },
      [](float acc, float x) { return std::max(acc, x); }, [](float acc) { return acc; });
}

void avgpool(ConstTensorView in, const PoolParams& params, TensorView out) {
  check("avgpool", in, params, out);
  const float inv_area = 1.0F / static_cast<float>(params.kernel * params.kernel);
  pool(
      in, params, out, [] { return 0.0F; }, [](float acc, float x) { return acc + x; },
      [inv_area](float acc) { return acc * inv_area; });
}

void global_avgpool(ConstTensorView in, TensorView out) {
  if (out.n != in.n || out.c != in.c || out.h != 1 || out.w != 1) {
    throw std::invalid_argument("global_avgpool: output must be N x C x 1 x 1 of the input");
  }
  const std::int64_t plane = in.plane_size();
  for (std::int64_t i = 0; i < in.n * in.c; ++i) {
    const float* src = in.data + i * plane;
    double sum = 0.0;
    for (std::int64_t k = 0; k < plane; ++k) sum += src[k];
    out.data[i] = static_cast<float>(sum / static_cast<double>(plane));
  }
}

}  // namespace servesim::kernels::dnn
