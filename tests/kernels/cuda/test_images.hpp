// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

#include <cstdint>
#include <vector>

namespace servesim::tests {

/// A deterministic image with full-range noise plus a gradient (so interpolation sees both).
inline kernels::Image test_image(int width_px, int height_px, int channels, std::uint64_t seed) {
  kernels::Image image(width_px, height_px, channels);
  std::uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (int y = 0; y < height_px; ++y) {
    for (int x = 0; x < width_px; ++x) {
      for (int c = 0; c < channels; ++c) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const int noise = static_cast<int>(state >> 58);  // 0..63
        image.at(y, x, c) =
            static_cast<std::uint8_t>((x * 255 / width_px + 3 * y + 50 * c + noise) % 256);
      }
    }
  }
  return image;
}

inline std::vector<std::uint8_t> bytes_of(const kernels::Image& image) {
  return {image.bytes().begin(), image.bytes().end()};
}

}  // namespace servesim::tests
