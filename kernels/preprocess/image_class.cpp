// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/image_class.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace servesim::kernels {
namespace {
// Targets in decimal bytes; see docs/design.md "Requests" and README.md in this folder.
constexpr std::array<ImageClass, 3> kDefaultClasses{{
    {"small", 500, 375, 110'000},
    {"medium", 1920, 1080, 500'000},
    {"large", 4032, 3024, 3'000'000},
}};
}  // namespace

std::span<const ImageClass> default_image_classes() { return kDefaultClasses; }

const ImageClass& image_class_by_name(std::string_view name) {
  for (const ImageClass& image_class : kDefaultClasses) {
    if (image_class.name == name) return image_class;
  }
  std::string valid;
  for (const ImageClass& image_class : kDefaultClasses) {
    if (!valid.empty()) valid += ", ";
    valid += image_class.name;
  }
  throw std::invalid_argument("unknown image class '" + std::string(name) +
                              "'; valid classes: " + valid);
}

}  // namespace servesim::kernels
