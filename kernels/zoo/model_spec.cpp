// SPDX-License-Identifier: Apache-2.0
#include "kernels/zoo/model_spec.hpp"

#include <stdexcept>

namespace servesim::kernels::zoo {

int ModelSpec::find(const std::string& layer_name) const {
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].name == layer_name) return static_cast<int>(i);
  }
  throw std::out_of_range("model '" + name + "' has no layer named '" + layer_name + "'");
}

void validate_model(const ModelSpec& model) {
  const auto where = [&model](std::size_t i) {
    return "model '" + model.name + "', layer " + std::to_string(i) + " '" + model.layers[i].name +
           "': ";
  };
  if (model.layers.empty()) throw std::invalid_argument("model '" + model.name + "' has no layers");
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    const LayerSpec& layer = model.layers[i];
    if (layer.inputs.size() != layer.in.size()) {
      throw std::invalid_argument(where(i) + "has " + std::to_string(layer.inputs.size()) +
                                  " producers but " + std::to_string(layer.in.size()) +
                                  " input shapes");
    }
    for (std::size_t k = 0; k < layer.inputs.size(); ++k) {
      const int from = layer.inputs[k];
      if (from < -1 || from >= static_cast<int>(i)) {
        throw std::invalid_argument(where(i) + "input " + std::to_string(k) + " refers to layer " +
                                    std::to_string(from) + ", which is not an earlier layer");
      }
      const Shape& produced = from < 0 ? model.input : model.layers[from].out;
      if (produced != layer.in[k]) {
        throw std::invalid_argument(where(i) + "input " + std::to_string(k) + " is recorded as " +
                                    to_string(layer.in[k]) + " but its producer gives " +
                                    to_string(produced));
      }
    }
    Shape expected;
    try {
      expected = infer_output_shape(layer);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("model '" + model.name + "', layer " + std::to_string(i) + ": " +
                                  e.what());
    }
    if (expected != layer.out) {
      throw std::invalid_argument(where(i) + "output is recorded as " + to_string(layer.out) +
                                  " but the parameters give " + to_string(expected));
    }
  }
  for (const int out : model.outputs) {
    if (out < 0 || out >= static_cast<int>(model.layers.size())) {
      throw std::invalid_argument("model '" + model.name + "': output index " +
                                  std::to_string(out) + " is not a layer");
    }
  }
}

}  // namespace servesim::kernels::zoo
