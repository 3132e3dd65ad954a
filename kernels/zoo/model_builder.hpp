// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/zoo/model_spec.hpp"

#include <string>
#include <vector>

namespace servesim::kernels::zoo {

/// Builds a ModelSpec layer by layer: each call appends a layer reading the given tensors, fills
/// in its shapes and returns a handle to its output. Keeps the architecture code as short as the
/// PyTorch module it mirrors.
class ModelBuilder {
 public:
  /// A tensor in the graph under construction: the producing layer (-1 = model input) and shape.
  struct Ref {
    int index = -1;
    Shape shape;
  };

  ModelBuilder(std::string name, std::string description, Shape input);

  Ref input() const { return {-1, model_.input}; }

  Ref conv(Ref x, std::string name, std::int64_t out_channels, int kernel, int stride = 1,
           int padding = 0, int groups = 1, bool bias = false);
  Ref batchnorm(Ref x, std::string name);
  Ref relu(Ref x, std::string name);
  Ref relu6(Ref x, std::string name);
  Ref leaky_relu(Ref x, std::string name, float slope);
  Ref prelu(Ref x, std::string name);
  Ref silu(Ref x, std::string name);
  Ref gelu(Ref x, std::string name);
  Ref maxpool(Ref x, std::string name, int kernel, int stride, int padding = 0);
  Ref avgpool(Ref x, std::string name, int kernel, int stride, int padding = 0);
  Ref global_avgpool(Ref x, std::string name);
  Ref linear(Ref x, std::string name, std::int64_t out_features, bool bias = true);
  Ref add(Ref a, Ref b, std::string name);
  Ref concat(const std::vector<Ref>& xs, std::string name);
  Ref upsample(Ref x, std::string name, int scale);
  Ref layernorm(Ref x, std::string name);
  Ref softmax(Ref x, std::string name);
  Ref attention(Ref x, std::string name, int heads);
  Ref patch_embed(Ref x, std::string name, int patch, std::int64_t dim);
  Ref take_token(Ref x, std::string name);

  /// Marks a tensor as a network output (a head). Without any, the last layer is the output.
  void mark_output(Ref x);

  /// Validates and returns the model.
  ModelSpec finish();

 private:
  Ref append(LayerSpec layer, const std::vector<Ref>& inputs);
  Ref unary(LayerKind kind, Ref x, std::string name);

  ModelSpec model_;
};

}  // namespace servesim::kernels::zoo
