// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::kernels::zoo {

/// Per-sample tensor shape. Image tensors are C x H x W (NCHW with the batch in front). Token
/// tensors (transformers) are written {1, tokens, dim}, so that their NCHW memory layout is the
/// usual row-major tokens x dim matrix. A feature vector (after global pooling) is {C, 1, 1}.
struct Shape {
  std::int64_t c = 0;
  std::int64_t h = 1;
  std::int64_t w = 1;

  std::int64_t elements() const { return c * h * w; }
  bool operator==(const Shape&) const = default;
};

/// "64x56x56".
std::string to_string(const Shape& shape);

/// The length of the vectors that linear, layernorm and softmax act on: C for a {C,1,1} feature
/// vector, W (the innermost, contiguous axis) otherwise.
std::int64_t feature_dim(const Shape& shape);

/// How many feature vectors a tensor holds (elements / feature_dim).
std::int64_t feature_rows(const Shape& shape);

enum class LayerKind {
  kConv2d,     ///< grouped 2-D convolution, square kernel; depthwise when groups == in channels
  kBatchNorm,  ///< inference batch-norm, folded to a per-channel scale and shift
  kRelu,
  kRelu6,          ///< min(max(x, 0), 6), MobileNetV2
  kLeakyRelu,      ///< slope `alpha` below zero
  kPrelu,          ///< learned slope per channel
  kSilu,           ///< x * sigmoid(x), YOLOv5
  kGelu,           ///< exact (erf) GELU, ViT
  kMaxPool,        ///< padding counts as -inf (PyTorch)
  kAvgPool,        ///< padding counts as zeros in the mean (PyTorch count_include_pad)
  kGlobalAvgPool,  ///< C x H x W -> C x 1 x 1
  kLinear,         ///< fully connected over the feature axis (see feature_dim)
  kAdd,            ///< residual add of two equal-shape tensors
  kConcat,         ///< along channels
  kUpsample,       ///< nearest neighbour, integer `scale`
  kLayerNorm,      ///< over the feature axis, learned scale and shift
  kSoftmax,        ///< over the feature axis
  kAttention,      ///< multi-head self-attention: QKV GEMM, QK^T, softmax, AV, output projection
  kPatchEmbed,     ///< ViT stem: patch conv, class token prepended, position embedding added
  kTakeToken,      ///< {1,T,D} -> {D,1,1}: the class token (token 0)
};

/// "conv2d", "batchnorm", ... (the names used in cost tables and errors).
std::string_view kind_name(LayerKind kind);

/// One layer of a model: what it does, which earlier layers feed it and every shape it touches.
/// Shapes are per sample; the batch size is a parameter of the cost functions and the runner.
struct LayerSpec {
  std::string name;  ///< PyTorch-style path, e.g. "layer1.0.conv1"
  LayerKind kind = LayerKind::kRelu;
  std::vector<int> inputs;  ///< indices of the producing layers; -1 is the model input
  std::vector<Shape> in;    ///< one shape per input
  Shape out;

  int kernel = 1;                 ///< conv, pools, patch_embed (patch size)
  int stride = 1;                 ///< conv, pools
  int padding = 0;                ///< conv, pools
  int groups = 1;                 ///< conv
  bool bias = false;              ///< conv, linear
  std::int64_t out_channels = 0;  ///< conv: channels; linear: features; patch_embed: dim
  int heads = 0;                  ///< attention
  int scale = 1;                  ///< upsample
  float alpha = 0.0F;             ///< leaky_relu slope
};

/// The output shape the layer's kind and parameters give for the given input shapes. Throws
/// std::invalid_argument naming the layer and the offending value when they do not fit.
Shape infer_output_shape(const LayerSpec& layer);

}  // namespace servesim::kernels::zoo
