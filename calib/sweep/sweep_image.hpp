// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::calib {

/// An image size the preprocessing sweep measures: a request class or a size between them.
struct SweepImage {
  std::string name;  ///< "small", "medium", "large", or "WxH" for the sizes in between
  int width_px = 0;
  int height_px = 0;
  std::int64_t pixels() const { return static_cast<std::int64_t>(width_px) * height_px; }
  /// "small 500x375" or "1024x768".
  std::string describe() const;
};

/// The classes small (500x375), medium (1920x1080) and large (4032x3024) from
/// kernels/preprocess/image_class.hpp and two sizes between them (1024x768, 2560x1920), so the
/// simulator interpolates rather than extrapolates; sorted by pixels.
std::vector<SweepImage> standard_sweep_images();
/// small, 1024x768 and medium: a fit needs two points, the third checks it.
std::vector<SweepImage> quick_sweep_images();
/// "small", "medium", "large" or "WxH" (e.g. "1280x720"). Throws std::invalid_argument naming
/// the text and the accepted forms.
SweepImage parse_sweep_image(const std::string& text);

}  // namespace servesim::calib
