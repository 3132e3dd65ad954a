// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace servesim::kernels {

/// A request image class used the same way by the kernels, the calibration and the simulator:
/// its pixel size and the JPEG size a typical image of that class has.
struct ImageClass {
  std::string_view name;
  int width_px = 0;
  int height_px = 0;
  std::int64_t target_jpeg_bytes = 0;
};

/// small = 500x375 (an ImageNet-like photo, ~110 KB), medium = 1920x1080 (~0.5 MB),
/// large = 4032x3024 (a 12 MP phone photo, ~3 MB), in that order.
std::span<const ImageClass> default_image_classes();

/// The default class called `name`. Throws std::invalid_argument listing the valid names.
const ImageClass& image_class_by_name(std::string_view name);

}  // namespace servesim::kernels
