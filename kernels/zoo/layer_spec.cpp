// SPDX-License-Identifier: Apache-2.0
#include "kernels/zoo/layer_spec.hpp"

#include <sstream>
#include <stdexcept>

namespace servesim::kernels::zoo {
namespace {

[[noreturn]] void fail(const LayerSpec& layer, const std::string& what) {
  throw std::invalid_argument("layer '" + layer.name + "' (" + std::string(kind_name(layer.kind)) +
                              "): " + what);
}

void expect_inputs(const LayerSpec& layer, std::size_t count) {
  if (layer.in.size() != count) {
    fail(layer,
         "expects " + std::to_string(count) + " input(s), has " + std::to_string(layer.in.size()));
  }
}

// Output length of a sliding window (floor mode, as PyTorch's default).
std::int64_t window_out(const LayerSpec& layer, std::int64_t in, const char* axis) {
  if (layer.kernel < 1 || layer.stride < 1 || layer.padding < 0) {
    fail(layer, "kernel and stride must be >= 1 and padding >= 0");
  }
  const std::int64_t span = in + 2 * layer.padding - layer.kernel;
  if (span < 0) {
    fail(layer, std::string("kernel ") + std::to_string(layer.kernel) +
                    " is larger than the padded " + axis + " " +
                    std::to_string(in + 2 * layer.padding));
  }
  return span / layer.stride + 1;
}

Shape window_shape(const LayerSpec& layer, std::int64_t channels) {
  const Shape& x = layer.in[0];
  return {channels, window_out(layer, x.h, "height"), window_out(layer, x.w, "width")};
}

Shape conv_shape(const LayerSpec& layer) {
  const Shape& x = layer.in[0];
  if (layer.groups < 1 || layer.out_channels < 1) {
    fail(layer, "groups and out_channels must be >= 1");
  }
  if (x.c % layer.groups != 0 || layer.out_channels % layer.groups != 0) {
    fail(layer, "in channels " + std::to_string(x.c) + " and out channels " +
                    std::to_string(layer.out_channels) + " must be divisible by groups " +
                    std::to_string(layer.groups));
  }
  return window_shape(layer, layer.out_channels);
}

Shape linear_shape(const LayerSpec& layer) {
  const Shape& x = layer.in[0];
  if (layer.out_channels < 1) fail(layer, "out_channels (features) must be >= 1");
  if (x.h == 1 && x.w == 1) return {layer.out_channels, 1, 1};
  return {x.c, x.h, layer.out_channels};
}

Shape concat_shape(const LayerSpec& layer) {
  if (layer.in.size() < 2) fail(layer, "needs at least 2 inputs");
  Shape out = layer.in[0];
  for (std::size_t i = 1; i < layer.in.size(); ++i) {
    if (layer.in[i].h != out.h || layer.in[i].w != out.w) {
      fail(layer, "input " + std::to_string(i) + " is " + to_string(layer.in[i]) +
                      ", spatial size differs from input 0 " + to_string(layer.in[0]));
    }
    out.c += layer.in[i].c;
  }
  return out;
}

Shape token_shape(const LayerSpec& layer) {
  const Shape& x = layer.in[0];
  if (x.c != 1) fail(layer, "expects a token tensor {1, tokens, dim}, got " + to_string(x));
  return x;
}

}  // namespace

std::string to_string(const Shape& shape) {
  std::ostringstream out;
  out << shape.c << 'x' << shape.h << 'x' << shape.w;
  return out.str();
}

std::int64_t feature_dim(const Shape& shape) {
  return (shape.h == 1 && shape.w == 1) ? shape.c : shape.w;
}

std::int64_t feature_rows(const Shape& shape) { return shape.elements() / feature_dim(shape); }

std::string_view kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::kConv2d:
      return "conv2d";
    case LayerKind::kBatchNorm:
      return "batchnorm";
    case LayerKind::kRelu:
      return "relu";
    case LayerKind::kRelu6:
      return "relu6";
    case LayerKind::kLeakyRelu:
      return "leaky_relu";
    case LayerKind::kPrelu:
      return "prelu";
    case LayerKind::kSilu:
      return "silu";
    case LayerKind::kGelu:
      return "gelu";
    case LayerKind::kMaxPool:
      return "maxpool";
    case LayerKind::kAvgPool:
      return "avgpool";
    case LayerKind::kGlobalAvgPool:
      return "global_avgpool";
    case LayerKind::kLinear:
      return "linear";
    case LayerKind::kAdd:
      return "add";
    case LayerKind::kConcat:
      return "concat";
    case LayerKind::kUpsample:
      return "upsample";
    case LayerKind::kLayerNorm:
      return "layernorm";
    case LayerKind::kSoftmax:
      return "softmax";
    case LayerKind::kAttention:
      return "attention";
    case LayerKind::kPatchEmbed:
      return "patch_embed";
    case LayerKind::kTakeToken:
      return "take_token";
  }
  return "unknown";
}

Shape infer_output_shape(const LayerSpec& layer) {
  if (layer.kind == LayerKind::kConcat) return concat_shape(layer);
  expect_inputs(layer, layer.kind == LayerKind::kAdd ? 2 : 1);
  for (const Shape& s : layer.in) {
    if (s.c < 1 || s.h < 1 || s.w < 1) fail(layer, "input shape " + to_string(s) + " is empty");
  }
  const Shape& x = layer.in[0];
  switch (layer.kind) {
    case LayerKind::kConv2d:
      return conv_shape(layer);
    case LayerKind::kMaxPool:
    case LayerKind::kAvgPool:
      return window_shape(layer, x.c);
    case LayerKind::kGlobalAvgPool:
      return {x.c, 1, 1};
    case LayerKind::kLinear:
      return linear_shape(layer);
    case LayerKind::kAdd:
      if (layer.in[1] != x) {
        fail(layer, "operands differ: " + to_string(x) + " and " + to_string(layer.in[1]));
      }
      return x;
    case LayerKind::kUpsample:
      if (layer.scale < 1) fail(layer, "scale must be >= 1");
      return {x.c, x.h * layer.scale, x.w * layer.scale};
    case LayerKind::kAttention: {
      const Shape out = token_shape(layer);
      if (layer.heads < 1 || x.w % layer.heads != 0) {
        fail(layer, "dim " + std::to_string(x.w) + " must be divisible by heads " +
                        std::to_string(layer.heads));
      }
      return out;
    }
    case LayerKind::kPatchEmbed: {
      if (layer.kernel < 1 || x.h % layer.kernel != 0 || x.w % layer.kernel != 0) {
        fail(layer, "image " + to_string(x) + " is not a whole number of " +
                        std::to_string(layer.kernel) + "-pixel patches");
      }
      if (layer.out_channels < 1) fail(layer, "out_channels (embedding dim) must be >= 1");
      return {1, (x.h / layer.kernel) * (x.w / layer.kernel) + 1, layer.out_channels};
    }
    case LayerKind::kTakeToken:
      return {token_shape(layer).w, 1, 1};
    default:
      return x;  // element-wise and normalisation layers keep the shape
  }
}

}  // namespace servesim::kernels::zoo
