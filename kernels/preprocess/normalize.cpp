// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/normalize.hpp"

#include "kernels/preprocess/pixel_math.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels {

NormalizeParams NormalizeParams::imagenet() {
  return NormalizeParams{{0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}};
}

TensorChw normalize_to_chw(const Image& hwc, const NormalizeParams& params) {
  TensorChw out;
  normalize_to_chw_into(hwc, params, out);
  return out;
}

void normalize_to_chw_into(const Image& hwc, const NormalizeParams& params, TensorChw& out) {
  if (hwc.empty()) throw std::invalid_argument("normalize_to_chw: the image is empty");
  const int channels = hwc.channels();
  const auto expected = static_cast<std::size_t>(channels);
  if (params.mean.size() != expected || params.std_dev.size() != expected) {
    throw std::invalid_argument(
        "normalize_to_chw: the image has " + std::to_string(channels) +
        " channels but NormalizeParams has " + std::to_string(params.mean.size()) + " means and " +
        std::to_string(params.std_dev.size()) + " std_devs; give one of each per channel");
  }
  for (std::size_t c = 0; c < expected; ++c) {
    if (!(params.std_dev[c] > 0.0f)) {
      throw std::invalid_argument("normalize_to_chw: std_dev[" + std::to_string(c) +
                                  "] = " + std::to_string(params.std_dev[c]) + " must be positive");
    }
  }
  const int width = hwc.width_px();
  const int height = hwc.height_px();
  out.reset(channels, height, width);
  const std::uint8_t* in = hwc.data();
  float* dst = out.data();
  // Reads the source once in order; writes walk `channels` planes in parallel.
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        dst[chw_index(c, y, x, height, width)] = normalize_value(
            in[hwc_index(y, x, c, width, channels)], params.mean[c], params.std_dev[c]);
      }
    }
  }
}

}  // namespace servesim::kernels
