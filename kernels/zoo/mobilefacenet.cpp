// SPDX-License-Identifier: Apache-2.0
// MobileFaceNet (Chen et al. 2018, "MobileFaceNets", Table 1): MobileNetV2-style bottlenecks with
// PReLU, a 7x7 global depthwise conv (GDConv) instead of global pooling, and a linear 1x1 to a
// 128-d embedding. Layer names follow the common PyTorch port (InsightFace_Pytorch model.py).
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/models.hpp"

#include <string>

namespace servesim::kernels::zoo {
namespace {

using Ref = ModelBuilder::Ref;

// conv + BN (+ PReLU when `act`); 'same' padding unless the kernel spans the whole input.
Ref conv_block(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int kernel,
               int stride, int padding, int groups, bool act) {
  x = b.batchnorm(b.conv(x, p + "conv", out, kernel, stride, padding, groups), p + "bn");
  return act ? b.prelu(x, p + "prelu") : x;
}

// Bottleneck: expand 1x1 to `hidden`, depthwise 3x3 with stride, linear 1x1 projection.
Ref depth_wise(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, std::int64_t hidden,
               int stride) {
  Ref y = conv_block(b, x, p + "conv.", hidden, 1, 1, 0, 1, true);
  y = conv_block(b, y, p + "conv_dw.", hidden, 3, stride, 1, static_cast<int>(hidden), true);
  y = conv_block(b, y, p + "project.", out, 1, 1, 0, 1, false);
  if (stride == 1 && x.shape.c == out) y = b.add(x, y, p + "add");
  return y;
}

struct Stage {
  const char* name;
  int expansion;
  std::int64_t channels;
  int repeats;
  int stride;
};

}  // namespace

ModelSpec mobilefacenet(std::int64_t height_px, std::int64_t width_px) {
  constexpr std::int64_t kEmbedding = 128;
  ModelBuilder b("mobilefacenet",
                 "MobileFaceNet (Chen et al. 2018), 128-d embedding, 112x112 aligned face crop",
                 {3, height_px, width_px});
  Ref x = conv_block(b, b.input(), "conv1.", 64, 3, 2, 1, 1, true);
  x = conv_block(b, x, "conv2_dw.", 64, 3, 1, 1, 64, true);
  // (t, c, n, s) of the paper's Table 1; the first block of each row carries the stride.
  const Stage stages[] = {{"conv_23", 2, 64, 1, 2},  {"conv_3", 2, 64, 4, 1},
                          {"conv_34", 4, 128, 1, 2}, {"conv_4", 2, 128, 6, 1},
                          {"conv_45", 4, 128, 1, 2}, {"conv_5", 2, 128, 2, 1}};
  for (const Stage& s : stages) {
    for (int i = 0; i < s.repeats; ++i) {
      const std::string p =
          std::string(s.name) + "." + (s.repeats > 1 ? std::to_string(i) + "." : "");
      x = depth_wise(b, x, p, s.channels, x.shape.c * s.expansion, s.stride);
    }
  }
  x = conv_block(b, x, "conv_6_sep.", 512, 1, 1, 0, 1, true);
  // Global depthwise conv over the whole remaining map (7x7 at 112x112 input).
  const int map = static_cast<int>(x.shape.h);
  x = conv_block(b, x, "conv_6_dw.", 512, map, 1, 0, 512, false);
  x = b.linear(x, "linear", kEmbedding, false);
  b.batchnorm(x, "bn");
  return b.finish();
}

}  // namespace servesim::kernels::zoo
