// SPDX-License-Identifier: Apache-2.0
#include "kernels/zoo/model_builder.hpp"

#include <stdexcept>
#include <utility>

namespace servesim::kernels::zoo {

ModelBuilder::ModelBuilder(std::string name, std::string description, Shape input) {
  model_.name = std::move(name);
  model_.description = std::move(description);
  model_.input = input;
}

ModelBuilder::Ref ModelBuilder::append(LayerSpec layer, const std::vector<Ref>& inputs) {
  for (const Ref& r : inputs) {
    layer.inputs.push_back(r.index);
    layer.in.push_back(r.shape);
  }
  try {
    layer.out = infer_output_shape(layer);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("model '" + model_.name + "': " + e.what());
  }
  model_.layers.push_back(std::move(layer));
  return {static_cast<int>(model_.layers.size()) - 1, model_.layers.back().out};
}

ModelBuilder::Ref ModelBuilder::unary(LayerKind kind, Ref x, std::string name) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = kind;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::conv(Ref x, std::string name, std::int64_t out_channels, int kernel,
                                     int stride, int padding, int groups, bool bias) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kConv2d;
  layer.out_channels = out_channels;
  layer.kernel = kernel;
  layer.stride = stride;
  layer.padding = padding;
  layer.groups = groups;
  layer.bias = bias;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::batchnorm(Ref x, std::string name) {
  return unary(LayerKind::kBatchNorm, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::relu(Ref x, std::string name) {
  return unary(LayerKind::kRelu, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::relu6(Ref x, std::string name) {
  return unary(LayerKind::kRelu6, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::prelu(Ref x, std::string name) {
  return unary(LayerKind::kPrelu, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::silu(Ref x, std::string name) {
  return unary(LayerKind::kSilu, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::gelu(Ref x, std::string name) {
  return unary(LayerKind::kGelu, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::global_avgpool(Ref x, std::string name) {
  return unary(LayerKind::kGlobalAvgPool, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::layernorm(Ref x, std::string name) {
  return unary(LayerKind::kLayerNorm, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::softmax(Ref x, std::string name) {
  return unary(LayerKind::kSoftmax, x, std::move(name));
}
ModelBuilder::Ref ModelBuilder::take_token(Ref x, std::string name) {
  return unary(LayerKind::kTakeToken, x, std::move(name));
}

ModelBuilder::Ref ModelBuilder::leaky_relu(Ref x, std::string name, float slope) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kLeakyRelu;
  layer.alpha = slope;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::maxpool(Ref x, std::string name, int kernel, int stride,
                                        int padding) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kMaxPool;
  layer.kernel = kernel;
  layer.stride = stride;
  layer.padding = padding;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::avgpool(Ref x, std::string name, int kernel, int stride,
                                        int padding) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kAvgPool;
  layer.kernel = kernel;
  layer.stride = stride;
  layer.padding = padding;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::linear(Ref x, std::string name, std::int64_t out_features,
                                       bool bias) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kLinear;
  layer.out_channels = out_features;
  layer.bias = bias;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::add(Ref a, Ref b, std::string name) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kAdd;
  return append(std::move(layer), {a, b});
}

ModelBuilder::Ref ModelBuilder::concat(const std::vector<Ref>& xs, std::string name) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kConcat;
  return append(std::move(layer), xs);
}

ModelBuilder::Ref ModelBuilder::upsample(Ref x, std::string name, int scale) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kUpsample;
  layer.scale = scale;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::attention(Ref x, std::string name, int heads) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kAttention;
  layer.heads = heads;
  layer.bias = true;
  return append(std::move(layer), {x});
}

ModelBuilder::Ref ModelBuilder::patch_embed(Ref x, std::string name, int patch, std::int64_t dim) {
  LayerSpec layer;
  layer.name = std::move(name);
  layer.kind = LayerKind::kPatchEmbed;
  layer.kernel = patch;
  layer.stride = patch;
  layer.out_channels = dim;
  layer.bias = true;
  return append(std::move(layer), {x});
}

void ModelBuilder::mark_output(Ref x) {
  if (x.index < 0) throw std::invalid_argument("model '" + model_.name + "': input is no output");
  model_.outputs.push_back(x.index);
}

ModelSpec ModelBuilder::finish() {
  if (model_.outputs.empty() && !model_.layers.empty()) {
    model_.outputs.push_back(static_cast<int>(model_.layers.size()) - 1);
  }
  validate_model(model_);
  return std::move(model_);
}

}  // namespace servesim::kernels::zoo
