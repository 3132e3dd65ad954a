// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/synthetic_jpeg_cache.hpp"

#include "kernels/preprocess/synthetic_jpeg.hpp"

namespace servesim::calib {
namespace {
// The pixel count: the same size always gets the same scene, whatever else the grid holds.
std::uint64_t seed_for(const SweepImage& image) {
  return static_cast<std::uint64_t>(image.pixels());
}
}  // namespace

std::shared_ptr<const std::vector<std::uint8_t>> SyntheticJpegCache::jpeg(const SweepImage& image) {
  auto& slot = jpegs_[{image.width_px, image.height_px}];
  if (!slot) {
    slot = std::make_shared<const std::vector<std::uint8_t>>(kernels::generate_synthetic_jpeg(
        image.width_px, image.height_px, seed_for(image), quality_));
  }
  return slot;
}

std::string SyntheticJpegCache::describe(const SweepImage& image) {
  return "synthetic JPEG " + std::to_string(image.width_px) + "x" +
         std::to_string(image.height_px) + " q" + std::to_string(quality_) + " 4:2:0 seed " +
         std::to_string(seed_for(image)) + " (" + std::to_string(jpeg(image)->size()) + " bytes)";
}

}  // namespace servesim::calib
