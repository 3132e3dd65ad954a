// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/random/rng_stream.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::sim {

/// A kind of input image. The defaults are shared by the kernels, the calibration and the
/// simulator: small = an ImageNet-like photo, medium = 1080p, large = a 12 MP phone photo (the
/// seed study's own sizes are unknown, docs/seed-study.md §3.2).
struct ImageClass {
  std::string name;
  int width_px = 0;
  int height_px = 0;
  std::int64_t jpeg_bytes = 0;

  std::int64_t pixels() const { return static_cast<std::int64_t>(width_px) * height_px; }
};

const std::vector<ImageClass>& default_image_classes();
const ImageClass& image_class(const std::string& name);

/// A weighted mix of image classes: "medium", or "small:0.7,large:0.3".
class ImageMix {
 public:
  static ImageMix parse(const std::string& text);
  explicit ImageMix(std::vector<ImageClass> classes, std::vector<double> weights);

  const std::vector<ImageClass>& classes() const { return classes_; }
  const std::vector<double>& weights() const { return weights_; }
  /// Index of a class drawn with the mix's weights (one uniform per draw).
  int sample(RngStream& rng) const;
  std::string describe() const;

 private:
  std::vector<ImageClass> classes_;
  std::vector<double> weights_;  // normalised to sum 1
};

}  // namespace servesim::sim
