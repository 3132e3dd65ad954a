// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/zoo/model_spec.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::kernels::zoo {

/// One model the zoo can build, with its published input size.
struct ZooEntry {
  std::string name;  ///< lookup key, e.g. "resnet50"
  std::string task;  ///< "classification", "detection", "face_detection", "face_embedding"
  std::int64_t height_px = 0;
  std::int64_t width_px = 0;
};

/// Every model, in a fixed order.
const std::vector<ZooEntry>& zoo_entries();

/// The names of every model, comma separated: "resnet18, resnet50, ...".
std::string known_model_names();

/// Builds a model at its published input size. Throws std::invalid_argument for an unknown name,
/// listing the known ones.
ModelSpec build_model(std::string_view name);

/// Builds a model at another input size (e.g. a reduced resolution for quick runs). Throws
/// std::invalid_argument for an unknown name or a size the architecture cannot take.
ModelSpec build_model(std::string_view name, std::int64_t height_px, std::int64_t width_px);

}  // namespace servesim::kernels::zoo
