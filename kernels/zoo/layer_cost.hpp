// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/zoo/model_spec.hpp"

#include <cstdint>
#include <vector>

namespace servesim::kernels::zoo {

/// Activations and weights are counted as fp32.
inline constexpr std::int64_t kBytesPerElement = 4;

/// What one layer costs for a batch: arithmetic for the compute roof, bytes for the memory roof.
///
/// Conventions (the published "FLOPs" of torchvision, timm, mmcv and ptflops are in fact MACs of
/// the GEMM-like layers, which is what `macs` holds):
/// - macs: multiply-accumulates of conv2d, linear, patch_embed and the four matrix products of
///   attention (QKV, QK^T, AV, projection). Bias adds and element-wise layers add no MACs.
/// - flops = 2 * macs + element-wise work at a fixed count per element: batchnorm 2 (scale, shift),
///   relu 1, relu6 2, leaky_relu 2, prelu 2, silu 4, gelu 8, add 1, layernorm 8, softmax 5
///   (max, subtract, exp, sum, divide); maxpool and avgpool kernel^2 per output, global_avgpool
///   H*W per output; attention adds 6 per score (scale + softmax); patch_embed adds 1 per output
///   (position embedding). concat, upsample and take_token move data only: 0 flops.
/// - params: learned parameters as PyTorch counts them (batchnorm weight and bias, not its running
///   statistics); weight_bytes = params * 4, which is also the folded scale+shift of batchnorm.
/// - input_bytes / output_bytes: every input and the output, batch included.
/// - workspace_bytes: intermediates inside a fused layer that reach memory: for attention the
///   QKV matrix, the per-head score matrices and the context matrix. 0 for other layers.
struct LayerCost {
  std::int64_t macs = 0;
  std::int64_t flops = 0;
  std::int64_t params = 0;
  std::int64_t weight_bytes = 0;
  std::int64_t input_bytes = 0;
  std::int64_t output_bytes = 0;
  std::int64_t workspace_bytes = 0;

  /// Input + output: the activation traffic of the layer run on its own.
  std::int64_t activation_bytes() const { return input_bytes + output_bytes; }
  /// Weights + activations + workspace: minimal DRAM traffic if nothing stays in cache.
  std::int64_t memory_bytes() const { return weight_bytes + activation_bytes() + workspace_bytes; }
  /// flops / memory_bytes, flop per byte.
  double arithmetic_intensity() const;

  LayerCost& operator+=(const LayerCost& other);
};

/// Cost of one layer for `batch` samples (weights are counted once, activations per sample).
LayerCost layer_cost(const LayerSpec& layer, std::int64_t batch = 1);

struct ModelCost {
  std::vector<LayerCost> layers;  ///< same order as ModelSpec::layers
  LayerCost total;                ///< sum over layers
};

/// Per-layer and total cost of a model for `batch` samples. Throws std::invalid_argument when
/// batch < 1.
ModelCost model_cost(const ModelSpec& model, std::int64_t batch = 1);

}  // namespace servesim::kernels::zoo
