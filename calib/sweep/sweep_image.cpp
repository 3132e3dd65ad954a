// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/sweep_image.hpp"

#include "kernels/preprocess/image.hpp"
#include "kernels/preprocess/image_class.hpp"

#include <cstdio>
#include <stdexcept>

namespace servesim::calib {
namespace {

SweepImage from_class(std::string_view name) {
  const kernels::ImageClass& c = kernels::image_class_by_name(name);
  return {std::string(c.name), c.width_px, c.height_px};
}

SweepImage sized(int width_px, int height_px) {
  return {std::to_string(width_px) + "x" + std::to_string(height_px), width_px, height_px};
}

}  // namespace

std::string SweepImage::describe() const {
  const std::string size = std::to_string(width_px) + "x" + std::to_string(height_px);
  return name == size ? size : name + " " + size;
}

std::vector<SweepImage> standard_sweep_images() {
  return {from_class("small"), sized(1024, 768), from_class("medium"), sized(2560, 1920),
          from_class("large")};
}

std::vector<SweepImage> quick_sweep_images() {
  return {from_class("small"), sized(1024, 768), from_class("medium")};
}

SweepImage parse_sweep_image(const std::string& text) {
  if (text == "small" || text == "medium" || text == "large") return from_class(text);
  int width = 0, height = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &tail) != 2 || width < 1 ||
      height < 1 || width > kernels::Image::kMaxSidePx || height > kernels::Image::kMaxSidePx) {
    throw std::invalid_argument("image size '" + text +
                                "': use small, medium, large or WIDTHxHEIGHT (e.g. 1280x720)");
  }
  return sized(width, height);
}

}  // namespace servesim::calib
