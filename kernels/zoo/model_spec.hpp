// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/zoo/layer_spec.hpp"

#include <string>
#include <vector>

namespace servesim::kernels::zoo {

/// A network as an ordered list of layers (a topological order of its graph) with its input
/// shape. Layers refer to their producers by index, so branches (residuals, FPN, SSH) are explicit.
struct ModelSpec {
  std::string name;
  std::string description;  ///< architecture and where it comes from
  Shape input;              ///< per sample, e.g. 3x224x224
  std::vector<LayerSpec> layers;
  std::vector<int> outputs;  ///< layers whose results leave the network (heads)

  /// Index of the layer with this name; throws std::out_of_range listing nothing but the name.
  int find(const std::string& layer_name) const;
};

/// Checks that every layer reads only earlier layers (or the input), that its recorded input
/// shapes are its producers' outputs, and that its output shape follows from its parameters.
/// Throws std::invalid_argument naming the model, the layer index and name, and the mismatch.
void validate_model(const ModelSpec& model);

}  // namespace servesim::kernels::zoo
