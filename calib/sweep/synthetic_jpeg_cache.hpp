// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/sweep/sweep_image.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace servesim::calib {

/// Synthetic JPEGs (kernels/preprocess/synthetic_jpeg.hpp) of the sweep's image sizes, made on
/// first use and kept: a 12 MP scene takes longer to generate than to decode many times.
class SyntheticJpegCache {
 public:
  explicit SyntheticJpegCache(int quality = 90) : quality_(quality) {}

  /// The JPEG of `image`; its seed is fixed by the size, so every run measures the same bytes.
  std::shared_ptr<const std::vector<std::uint8_t>> jpeg(const SweepImage& image);
  /// "synthetic JPEG 1920x1080 q90 4:2:0 seed 2073600 (598123 bytes)".
  std::string describe(const SweepImage& image);
  int quality() const { return quality_; }

 private:
  int quality_;
  std::map<std::pair<int, int>, std::shared_ptr<const std::vector<std::uint8_t>>> jpegs_;
};

}  // namespace servesim::calib
