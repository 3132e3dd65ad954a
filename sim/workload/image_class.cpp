// SPDX-License-Identifier: Apache-2.0
#include "sim/workload/image_class.hpp"

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace servesim::sim {

const std::vector<ImageClass>& default_image_classes() {
  // Sizes of photographic JPEGs at quality ~90: ~110 KB, ~0.5 MB, ~3 MB
  // (docs/design.md "Requests").
  static const std::vector<ImageClass> classes = {
      {"small", 500, 375, 110'000},
      {"medium", 1920, 1080, 500'000},
      {"large", 4032, 3024, 3'000'000},
  };
  return classes;
}

const ImageClass& image_class(const std::string& name) {
  for (const ImageClass& c : default_image_classes()) {
    if (c.name == name) return c;
  }
  throw std::invalid_argument("--image: unknown image class '" + name +
                              "'; use small, medium, large or a mix like small:0.7,large:0.3");
}

ImageMix::ImageMix(std::vector<ImageClass> classes, std::vector<double> weights)
    : classes_(std::move(classes)), weights_(std::move(weights)) {
  double total = 0;
  for (double w : weights_) total += w;
  if (classes_.empty() || classes_.size() != weights_.size() || !(total > 0)) {
    throw std::invalid_argument("--image: a mix needs classes with positive weights");
  }
  for (double& w : weights_) w /= total;
}

ImageMix ImageMix::parse(const std::string& text) {
  std::vector<ImageClass> classes;
  std::vector<double> weights;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto colon = item.find(':');
    classes.push_back(image_class(item.substr(0, colon)));
    double weight = 1.0;
    if (colon != std::string::npos) {
      const std::string w = item.substr(colon + 1);
      char* end = nullptr;
      weight = std::strtod(w.c_str(), &end);
      if (w.empty() || *end != '\0' || !(weight > 0)) {
        throw std::invalid_argument("--image: weight '" + w + "' of '" + item.substr(0, colon) +
                                    "' must be a positive number");
      }
    }
    weights.push_back(weight);
  }
  if (classes.empty()) throw std::invalid_argument("--image: empty; use small, medium or large");
  return ImageMix(std::move(classes), std::move(weights));
}

int ImageMix::sample(RngStream& rng) const {
  if (classes_.size() == 1) return 0;
  double u = rng.uniform01();
  for (std::size_t i = 0; i + 1 < weights_.size(); ++i) {
    if (u < weights_[i]) return static_cast<int>(i);
    u -= weights_[i];
  }
  return static_cast<int>(weights_.size() - 1);
}

std::string ImageMix::describe() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < classes_.size(); ++i) {
    out << (i ? "," : "") << classes_[i].name << ":" << weights_[i];
  }
  return out.str();
}

}  // namespace servesim::sim
