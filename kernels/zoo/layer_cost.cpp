// SPDX-License-Identifier: Apache-2.0
#include "kernels/zoo/layer_cost.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::zoo {
namespace {

// Element-wise flops per output element (see the header).
std::int64_t elementwise_flops_per_element(LayerKind kind) {
  switch (kind) {
    case LayerKind::kBatchNorm:
      return 2;
    case LayerKind::kRelu:
      return 1;
    case LayerKind::kRelu6:
      return 2;
    case LayerKind::kLeakyRelu:
      return 2;
    case LayerKind::kPrelu:
      return 2;
    case LayerKind::kSilu:
      return 4;
    case LayerKind::kGelu:
      return 8;
    case LayerKind::kAdd:
      return 1;
    case LayerKind::kLayerNorm:
      return 8;
    case LayerKind::kSoftmax:
      return 5;
    default:
      return 0;
  }
}

struct PerSample {
  std::int64_t macs = 0;
  std::int64_t extra_flops = 0;  // beyond 2 * macs
  std::int64_t workspace_elements = 0;
};

PerSample per_sample_work(const LayerSpec& layer) {
  const Shape& x = layer.in.at(0);
  const Shape& y = layer.out;
  PerSample work;
  switch (layer.kind) {
    case LayerKind::kConv2d:
      work.macs = y.elements() * (x.c / layer.groups) * layer.kernel * layer.kernel;
      break;
    case LayerKind::kLinear:
      work.macs = feature_rows(x) * feature_dim(x) * feature_dim(y);
      break;
    case LayerKind::kPatchEmbed: {
      const std::int64_t patches = y.h - 1;  // the class token is not computed
      work.macs = patches * x.c * layer.kernel * layer.kernel * y.w;
      work.extra_flops = y.elements();
      break;
    }
    case LayerKind::kAttention: {
      const std::int64_t tokens = x.h;
      const std::int64_t dim = x.w;
      const std::int64_t scores = layer.heads * tokens * tokens;
      // QKV projection, QK^T and AV over all heads, output projection.
      work.macs = tokens * dim * 3 * dim + 2 * tokens * tokens * dim + tokens * dim * dim;
      work.extra_flops = 6 * scores;
      work.workspace_elements = 3 * tokens * dim + scores + tokens * dim;
      break;
    }
    case LayerKind::kMaxPool:
    case LayerKind::kAvgPool:
      work.extra_flops = y.elements() * layer.kernel * layer.kernel;
      break;
    case LayerKind::kGlobalAvgPool:
      work.extra_flops = x.elements();
      break;
    default:
      work.extra_flops = y.elements() * elementwise_flops_per_element(layer.kind);
      break;
  }
  return work;
}

std::int64_t param_count(const LayerSpec& layer) {
  const Shape& x = layer.in.at(0);
  const Shape& y = layer.out;
  switch (layer.kind) {
    case LayerKind::kConv2d:
      return y.c * (x.c / layer.groups) * layer.kernel * layer.kernel + (layer.bias ? y.c : 0);
    case LayerKind::kLinear:
      return feature_dim(x) * feature_dim(y) + (layer.bias ? feature_dim(y) : 0);
    case LayerKind::kBatchNorm:
      return 2 * x.c;
    case LayerKind::kPrelu:
      return x.c;
    case LayerKind::kLayerNorm:
      return 2 * feature_dim(x);
    case LayerKind::kAttention: {
      const std::int64_t dim = x.w;
      return 3 * dim * dim + 3 * dim + dim * dim + dim;  // QKV and projection, with biases
    }
    case LayerKind::kPatchEmbed: {
      const std::int64_t dim = y.w;
      // Patch conv weight and bias, class token, position embedding (one row per token).
      return dim * x.c * layer.kernel * layer.kernel + dim + dim + y.h * dim;
    }
    default:
      return 0;
  }
}

}  // namespace

double LayerCost::arithmetic_intensity() const {
  const std::int64_t bytes = memory_bytes();
  return bytes > 0 ? static_cast<double>(flops) / static_cast<double>(bytes) : 0.0;
}

LayerCost& LayerCost::operator+=(const LayerCost& other) {
  macs += other.macs;
  flops += other.flops;
  params += other.params;
  weight_bytes += other.weight_bytes;
  input_bytes += other.input_bytes;
  output_bytes += other.output_bytes;
  workspace_bytes += other.workspace_bytes;
  return *this;
}

LayerCost layer_cost(const LayerSpec& layer, std::int64_t batch) {
  if (batch < 1) {
    throw std::invalid_argument("layer '" + layer.name + "': batch must be >= 1, got " +
                                std::to_string(batch));
  }
  const PerSample work = per_sample_work(layer);
  LayerCost cost;
  cost.macs = work.macs * batch;
  cost.flops = (2 * work.macs + work.extra_flops) * batch;
  cost.params = param_count(layer);
  cost.weight_bytes = cost.params * kBytesPerElement;
  for (const Shape& s : layer.in) cost.input_bytes += s.elements() * kBytesPerElement * batch;
  cost.output_bytes = layer.out.elements() * kBytesPerElement * batch;
  cost.workspace_bytes = work.workspace_elements * kBytesPerElement * batch;
  return cost;
}

ModelCost model_cost(const ModelSpec& model, std::int64_t batch) {
  if (batch < 1) {
    throw std::invalid_argument("model '" + model.name + "': batch must be >= 1, got " +
                                std::to_string(batch));
  }
  ModelCost result;
  result.layers.reserve(model.layers.size());
  for (const LayerSpec& layer : model.layers) {
    result.layers.push_back(layer_cost(layer, batch));
    result.total += result.layers.back();
  }
  return result;
}

}  // namespace servesim::kernels::zoo
