// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/layer_executor.hpp"

#include "kernels/dnn/conv2d.hpp"
#include "kernels/dnn/data_movement.hpp"
#include "kernels/dnn/depthwise_conv.hpp"
#include "kernels/dnn/elementwise.hpp"
#include "kernels/dnn/linear.hpp"
#include "kernels/dnn/normalization.hpp"
#include "kernels/dnn/patch_embed.hpp"
#include "kernels/dnn/pooling.hpp"
#include "kernels/zoo/layer_cost.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {
namespace {

using zoo::LayerKind;

const float* or_null(const FloatBuffer& v) { return v.empty() ? nullptr : v.data(); }

void grow(FloatBuffer& v, std::int64_t size) {
  if (v.size() < static_cast<std::size_t>(size)) v.resize(static_cast<std::size_t>(size));
}

void check_tensor(const zoo::LayerSpec& spec, const char* what, std::int64_t n,
                  const zoo::Shape& shape, std::int64_t c, std::int64_t h, std::int64_t w) {
  if (c != shape.c || h != shape.h || w != shape.w || n < 1) {
    throw std::invalid_argument("layer '" + spec.name + "': " + what + " tensor " +
                                std::to_string(c) + "x" + std::to_string(h) + "x" +
                                std::to_string(w) + " (batch " + std::to_string(n) +
                                ") does not match the spec " + zoo::to_string(shape));
  }
}

}  // namespace

void reserve_scratch(const zoo::LayerSpec& spec, LayerScratch& scratch) {
  const zoo::Shape& x = spec.in.at(0);
  const zoo::Shape& y = spec.out;
  if (spec.kind == LayerKind::kConv2d) {
    const std::int64_t per_group = x.c / spec.groups;
    const bool pointwise = spec.kernel == 1 && spec.stride == 1 && spec.padding == 0;
    if (per_group == 1) {
      const Conv2dParams p{x.c, y.c, spec.kernel, spec.stride, spec.padding, spec.groups};
      grow(scratch.columns, depthwise_scratch_elements(x.h, x.w, p));
    } else if (!pointwise) {
      grow(scratch.columns, per_group * spec.kernel * spec.kernel * y.h * y.w);
    }
  } else if (spec.kind == LayerKind::kPatchEmbed) {
    grow(scratch.columns, x.elements());
  } else if (spec.kind == LayerKind::kAttention) {
    grow(scratch.attention.qkv, 3 * x.h * x.w);
    grow(scratch.attention.scores, x.h * x.h);
    grow(scratch.attention.context, x.h * x.w);
  }
}

void run_layer(const zoo::LayerSpec& spec, const LayerWeights& w,
               const std::vector<ConstTensorView>& inputs, TensorView out, LayerScratch& scratch) {
  if (inputs.size() != spec.in.size()) {
    throw std::invalid_argument("layer '" + spec.name + "': expects " +
                                std::to_string(spec.in.size()) + " inputs, got " +
                                std::to_string(inputs.size()));
  }
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const ConstTensorView& t = inputs[k];
    check_tensor(spec, "input", t.n, spec.in[k], t.c, t.h, t.w);
    if (t.n != out.n) throw std::invalid_argument("layer '" + spec.name + "': batch differs");
  }
  check_tensor(spec, "output", out.n, spec.out, out.c, out.h, out.w);
  // The zoo's parameter count is the number of values the kernels read: a cheap layout check.
  const std::int64_t expected = zoo::layer_cost(spec).params;
  if (w.count() != expected) {
    throw std::invalid_argument("layer '" + spec.name + "': weights hold " +
                                std::to_string(w.count()) + " values, the spec needs " +
                                std::to_string(expected));
  }
  const ConstTensorView& x = inputs[0];
  switch (spec.kind) {
    case LayerKind::kConv2d: {
      const Conv2dParams p{x.c, out.c, spec.kernel, spec.stride, spec.padding, spec.groups};
      conv2d(x, p, w.weight.data(), or_null(w.bias), out, scratch.columns);
      break;
    }
    case LayerKind::kBatchNorm:
      batchnorm(x, w.weight.data(), w.bias.data(), out);
      break;
    case LayerKind::kRelu:
      activation(x, Activation::kRelu, out);
      break;
    case LayerKind::kRelu6:
      activation(x, Activation::kRelu6, out);
      break;
    case LayerKind::kLeakyRelu:
      activation(x, Activation::kLeakyRelu, out, spec.alpha);
      break;
    case LayerKind::kPrelu:
      prelu(x, w.weight.data(), out);
      break;
    case LayerKind::kSilu:
      activation(x, Activation::kSilu, out);
      break;
    case LayerKind::kGelu:
      activation(x, Activation::kGelu, out);
      break;
    case LayerKind::kMaxPool:
      maxpool(x, {spec.kernel, spec.stride, spec.padding}, out);
      break;
    case LayerKind::kAvgPool:
      avgpool(x, {spec.kernel, spec.stride, spec.padding}, out);
      break;
    case LayerKind::kGlobalAvgPool:
      global_avgpool(x, out);
      break;
    case LayerKind::kLinear:
      linear(x, zoo::feature_dim(spec.in[0]), zoo::feature_dim(spec.out), w.weight.data(),
             or_null(w.bias), out);
      break;
    case LayerKind::kAdd:
      add(x, inputs[1], out);
      break;
    case LayerKind::kConcat:
      concat_channels(inputs, out);
      break;
    case LayerKind::kUpsample:
      upsample_nearest(x, spec.scale, out);
      break;
    case LayerKind::kLayerNorm:
      layernorm(x, zoo::feature_dim(spec.in[0]), w.weight.data(), w.bias.data(), out);
      break;
    case LayerKind::kSoftmax:
      softmax(x, zoo::feature_dim(spec.in[0]), out);
      break;
    case LayerKind::kAttention: {
      const AttentionWeights aw{w.weight.data(), or_null(w.bias), w.weight2.data(),
                                or_null(w.bias2)};
      self_attention(x, spec.heads, aw, out, scratch.attention);
      break;
    }
    case LayerKind::kPatchEmbed: {
      const PatchEmbedWeights pw{w.weight.data(), or_null(w.bias), w.weight2.data(),
                                 w.bias2.data()};
      patch_embed(x, spec.kernel, pw, out, scratch.columns);
      break;
    }
    case LayerKind::kTakeToken:
      take_token(x, 0, out);
      break;
  }
}

}  // namespace servesim::kernels::dnn
