// SPDX-License-Identifier: Apache-2.0
// ResNet-18 and ResNet-50 as in torchvision.models.resnet (He et al. 2016; v1.5 puts the stride
// of a bottleneck on its 3x3 convolution).
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/models.hpp"

#include <array>
#include <string>

namespace servesim::kernels::zoo {
namespace {

using Ref = ModelBuilder::Ref;

Ref conv_bn(ModelBuilder& b, Ref x, const std::string& conv_name, const std::string& bn_name,
            std::int64_t out, int kernel, int stride, int padding) {
  return b.batchnorm(b.conv(x, conv_name, out, kernel, stride, padding), bn_name);
}

Ref shortcut(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int stride) {
  if (stride == 1 && x.shape.c == out) return x;
  return conv_bn(b, x, p + "downsample.0", p + "downsample.1", out, 1, stride, 0);
}

Ref basic_block(ModelBuilder& b, Ref x, const std::string& p, std::int64_t planes, int stride) {
  Ref y = b.relu(conv_bn(b, x, p + "conv1", p + "bn1", planes, 3, stride, 1), p + "relu1");
  y = conv_bn(b, y, p + "conv2", p + "bn2", planes, 3, 1, 1);
  return b.relu(b.add(y, shortcut(b, x, p, planes, stride), p + "add"), p + "relu2");
}

Ref bottleneck(ModelBuilder& b, Ref x, const std::string& p, std::int64_t planes, int stride) {
  constexpr std::int64_t kExpansion = 4;
  Ref y = b.relu(conv_bn(b, x, p + "conv1", p + "bn1", planes, 1, 1, 0), p + "relu1");
  y = b.relu(conv_bn(b, y, p + "conv2", p + "bn2", planes, 3, stride, 1), p + "relu2");
  y = conv_bn(b, y, p + "conv3", p + "bn3", planes * kExpansion, 1, 1, 0);
  return b.relu(b.add(y, shortcut(b, x, p, planes * kExpansion, stride), p + "add"), p + "relu3");
}

ModelSpec resnet(const std::string& name, const std::array<int, 4>& blocks, bool use_bottleneck,
                 std::int64_t height_px, std::int64_t width_px) {
  ModelBuilder b(name,
                 std::string("torchvision ") + name + (use_bottleneck ? " v1.5" : "") +
                     ", ImageNet 1000 classes",
                 {3, height_px, width_px});
  Ref x = b.relu(conv_bn(b, b.input(), "conv1", "bn1", 64, 7, 2, 3), "relu");
  x = b.maxpool(x, "maxpool", 3, 2, 1);
  const std::array<std::int64_t, 4> planes = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < blocks[stage]; ++i) {
      const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(i) + ".";
      const int stride = (stage > 0 && i == 0) ? 2 : 1;
      x = use_bottleneck ? bottleneck(b, x, p, planes[stage], stride)
                         : basic_block(b, x, p, planes[stage], stride);
    }
  }
  x = b.global_avgpool(x, "avgpool");
  b.linear(x, "fc", 1000);
  return b.finish();
}

}  // namespace

ModelSpec resnet18(std::int64_t height_px, std::int64_t width_px) {
  return resnet("resnet18", {2, 2, 2, 2}, false, height_px, width_px);
}

ModelSpec resnet50(std::int64_t height_px, std::int64_t width_px) {
  return resnet("resnet50", {3, 4, 6, 3}, true, height_px, width_px);
}

}  // namespace servesim::kernels::zoo
