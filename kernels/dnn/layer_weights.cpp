// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/layer_weights.hpp"

#include <cmath>

namespace servesim::kernels::dnn {
namespace {

using zoo::LayerKind;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

FloatBuffer uniform(std::int64_t count, float bound, std::uint64_t seed) {
  FloatBuffer v(static_cast<std::size_t>(count));
  fill_uniform(v.data(), count, -bound, bound, seed);
  return v;
}

FloatBuffer uniform_between(std::int64_t count, float lo, float hi, std::uint64_t seed) {
  FloatBuffer v(static_cast<std::size_t>(count));
  fill_uniform(v.data(), count, lo, hi, seed);
  return v;
}

// He-uniform bound for a given fan-in: variance 2 / fan_in.
float he_bound(std::int64_t fan_in) { return std::sqrt(6.0F / static_cast<float>(fan_in)); }

}  // namespace

void fill_uniform(float* values, std::int64_t count, float lo, float hi, std::uint64_t seed) {
  std::uint64_t state = seed;
  const float span = hi - lo;
  for (std::int64_t i = 0; i < count; ++i) {
    // Top 24 bits give a float in [0, 1) exactly.
    const auto bits = static_cast<std::uint32_t>(splitmix64(state) >> 40);
    values[i] = lo + span * (static_cast<float>(bits) * (1.0F / 16777216.0F));
  }
}

LayerWeights random_weights(const zoo::LayerSpec& layer, std::uint64_t seed) {
  // Each array gets its own stream so that adding one never shifts another.
  const auto stream = [seed](std::uint64_t k) {
    std::uint64_t s = seed * 0x100000001B3ULL + k;
    return splitmix64(s);
  };
  const zoo::Shape& x = layer.in.at(0);
  const zoo::Shape& y = layer.out;
  LayerWeights w;
  switch (layer.kind) {
    case LayerKind::kConv2d: {
      const std::int64_t fan_in = (x.c / layer.groups) * layer.kernel * layer.kernel;
      w.weight = uniform(y.c * fan_in, he_bound(fan_in), stream(1));
      if (layer.bias) w.bias = uniform(y.c, 0.1F, stream(2));
      break;
    }
    case LayerKind::kLinear: {
      const std::int64_t fan_in = zoo::feature_dim(x);
      w.weight = uniform(zoo::feature_dim(y) * fan_in, he_bound(fan_in), stream(1));
      if (layer.bias) w.bias = uniform(zoo::feature_dim(y), 0.1F, stream(2));
      break;
    }
    case LayerKind::kBatchNorm:
      w.weight = uniform_between(x.c, 0.5F, 1.0F, stream(1));
      w.bias = uniform(x.c, 0.1F, stream(2));
      break;
    case LayerKind::kPrelu:
      w.weight = uniform_between(x.c, 0.0F, 0.3F, stream(1));
      break;
    case LayerKind::kLayerNorm:
      w.weight = uniform_between(zoo::feature_dim(x), 0.5F, 1.5F, stream(1));
      w.bias = uniform(zoo::feature_dim(x), 0.1F, stream(2));
      break;
    case LayerKind::kAttention: {
      const std::int64_t dim = x.w;
      w.weight = uniform(3 * dim * dim, he_bound(dim), stream(1));
      w.bias = uniform(3 * dim, 0.1F, stream(2));
      w.weight2 = uniform(dim * dim, he_bound(dim), stream(3));
      w.bias2 = uniform(dim, 0.1F, stream(4));
      break;
    }
    case LayerKind::kPatchEmbed: {
      const std::int64_t fan_in = x.c * layer.kernel * layer.kernel;
      w.weight = uniform(y.w * fan_in, he_bound(fan_in), stream(1));
      w.bias = uniform(y.w, 0.1F, stream(2));
      w.weight2 = uniform(y.w, 0.5F, stream(3));
      w.bias2 = uniform(y.h * y.w, 0.5F, stream(4));
      break;
    }
    default:
      break;
  }
  return w;
}

}  // namespace servesim::kernels::dnn
