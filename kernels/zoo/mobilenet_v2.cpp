// SPDX-License-Identifier: Apache-2.0
// MobileNetV2 as in torchvision.models.mobilenet_v2 (Sandler et al. 2018, width multiplier 1.0).
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/models.hpp"

#include <string>

namespace servesim::kernels::zoo {
namespace {

using Ref = ModelBuilder::Ref;

Ref conv_bn_relu6(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int kernel,
                  int stride, int groups) {
  x = b.conv(x, p + "0", out, kernel, stride, kernel / 2, groups);
  return b.relu6(b.batchnorm(x, p + "1"), p + "2");
}

// Expand (1x1, skipped when t == 1), depthwise 3x3, linear projection (1x1, no activation).
Ref inverted_residual(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int stride,
                      int expand_ratio) {
  const std::int64_t hidden = x.shape.c * expand_ratio;
  Ref y = x;
  int j = 0;
  if (expand_ratio != 1) {
    y = conv_bn_relu6(b, y, p + "conv." + std::to_string(j++) + ".", hidden, 1, 1, 1);
  }
  y = conv_bn_relu6(b, y, p + "conv." + std::to_string(j++) + ".", hidden, 3, stride,
                    static_cast<int>(hidden));
  y = b.conv(y, p + "conv." + std::to_string(j), out, 1, 1, 0);
  y = b.batchnorm(y, p + "conv." + std::to_string(j + 1));
  if (stride == 1 && x.shape.c == out) y = b.add(x, y, p + "add");
  return y;
}

struct StageSetting {
  int expand_ratio;
  std::int64_t channels;
  int repeats;
  int stride;
};

}  // namespace

ModelSpec mobilenet_v2(std::int64_t height_px, std::int64_t width_px) {
  ModelBuilder b("mobilenetv2", "torchvision mobilenet_v2 (width 1.0), ImageNet 1000 classes",
                 {3, height_px, width_px});
  Ref x = conv_bn_relu6(b, b.input(), "features.0.", 32, 3, 2, 1);
  // (t, c, n, s) rows of Table 2 of the MobileNetV2 paper.
  const StageSetting settings[] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                   {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  int index = 1;
  for (const StageSetting& s : settings) {
    for (int i = 0; i < s.repeats; ++i) {
      x = inverted_residual(b, x, "features." + std::to_string(index++) + ".", s.channels,
                            i == 0 ? s.stride : 1, s.expand_ratio);
    }
  }
  x = conv_bn_relu6(b, x, "features." + std::to_string(index) + ".", 1280, 1, 1, 1);
  x = b.global_avgpool(x, "avgpool");
  b.linear(x, "classifier.1", 1000);
  return b.finish();
}

}  // namespace servesim::kernels::zoo
