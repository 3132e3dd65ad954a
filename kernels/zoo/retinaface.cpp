// SPDX-License-Identifier: Apache-2.0
// RetinaFace (Deng et al. 2020) with the MobileNet-0.25 backbone, as in biubug6/Pytorch_Retinaface
// (models/net.py, models/retinaface.py, cfg_mnet): MobileNetV1 x0.25 stages at strides 8/16/32,
// a 3-level FPN with 64 channels, an SSH context module per level and 1x1 heads for 2 anchors.
// LeakyReLU slope 0.1 throughout (the repo uses it whenever out_channels <= 64, and in the body).
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/models.hpp"

#include <string>
#include <vector>

namespace servesim::kernels::zoo {
namespace {

using Ref = ModelBuilder::Ref;
constexpr float kSlope = 0.1F;

// conv + BN, followed by LeakyReLU when `act`.
Ref conv_bn(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int kernel, int stride,
            bool act, int groups = 1) {
  x = b.batchnorm(b.conv(x, p + "0", out, kernel, stride, kernel / 2, groups), p + "1");
  return act ? b.leaky_relu(x, p + "2", kSlope) : x;
}

// MobileNetV1 block: depthwise 3x3 (+BN+LeakyReLU), pointwise 1x1 (+BN+LeakyReLU).
Ref conv_dw(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int stride) {
  const auto c = x.shape.c;
  x = b.conv(x, p + "0", c, 3, stride, 1, static_cast<int>(c));
  x = b.leaky_relu(b.batchnorm(x, p + "1"), p + "2", kSlope);
  x = b.batchnorm(b.conv(x, p + "3", out, 1, 1, 0), p + "4");
  return b.leaky_relu(x, p + "5", kSlope);
}

// SSH context module: 3x3 branch (half the channels) and stacked 3x3s emulating 5x5 and 7x7
// (a quarter each), concatenated, then ReLU.
Ref ssh(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out) {
  Ref c3 = conv_bn(b, x, p + "conv3X3.", out / 2, 3, 1, false);
  Ref c5_1 = conv_bn(b, x, p + "conv5X5_1.", out / 4, 3, 1, true);
  Ref c5 = conv_bn(b, c5_1, p + "conv5X5_2.", out / 4, 3, 1, false);
  Ref c7_2 = conv_bn(b, c5_1, p + "conv7X7_2.", out / 4, 3, 1, true);
  Ref c7 = conv_bn(b, c7_2, p + "conv7x7_3.", out / 4, 3, 1, false);
  return b.relu(b.concat({c3, c5, c7}, p + "cat"), p + "relu");
}

}  // namespace

ModelSpec retinaface_mnet025(std::int64_t height_px, std::int64_t width_px) {
  constexpr std::int64_t kFpnChannels = 64;
  constexpr std::int64_t kAnchors = 2;
  ModelBuilder b("retinaface_mnet025",
                 "RetinaFace, MobileNet-0.25 backbone (biubug6/Pytorch_Retinaface cfg_mnet), "
                 "class/box/5-landmark heads; anchor decode and NMS not included",
                 {3, height_px, width_px});
  // Backbone: MobileNetV1 x0.25 (channels 8..256).
  Ref x = conv_bn(b, b.input(), "body.stage1.0.", 8, 3, 2, true);
  struct Block {
    const char* stage;
    int index;
    std::int64_t out;
    int stride;
  };
  const Block blocks[] = {{"stage1", 1, 16, 1},  {"stage1", 2, 32, 2},  {"stage1", 3, 32, 1},
                          {"stage1", 4, 64, 2},  {"stage1", 5, 64, 1},  {"stage2", 0, 128, 2},
                          {"stage2", 1, 128, 1}, {"stage2", 2, 128, 1}, {"stage2", 3, 128, 1},
                          {"stage2", 4, 128, 1}, {"stage2", 5, 128, 1}, {"stage3", 0, 256, 2},
                          {"stage3", 1, 256, 1}};
  std::vector<Ref> stage_out;
  std::string current = "stage1";
  for (const Block& blk : blocks) {
    if (blk.stage != current) {
      stage_out.push_back(x);
      current = blk.stage;
    }
    x = conv_dw(b, x, "body." + current + "." + std::to_string(blk.index) + ".", blk.out,
                blk.stride);
  }
  stage_out.push_back(x);
  // FPN: lateral 1x1s, top-down nearest upsampling with add, 3x3 merges.
  Ref o1 = conv_bn(b, stage_out[0], "fpn.output1.", kFpnChannels, 1, 1, true);
  Ref o2 = conv_bn(b, stage_out[1], "fpn.output2.", kFpnChannels, 1, 1, true);
  Ref o3 = conv_bn(b, stage_out[2], "fpn.output3.", kFpnChannels, 1, 1, true);
  o2 = b.add(o2, b.upsample(o3, "fpn.up3", 2), "fpn.add2");
  o2 = conv_bn(b, o2, "fpn.merge2.", kFpnChannels, 3, 1, true);
  o1 = b.add(o1, b.upsample(o2, "fpn.up2", 2), "fpn.add1");
  o1 = conv_bn(b, o1, "fpn.merge1.", kFpnChannels, 3, 1, true);
  const Ref features[] = {ssh(b, o1, "ssh1.", kFpnChannels), ssh(b, o2, "ssh2.", kFpnChannels),
                          ssh(b, o3, "ssh3.", kFpnChannels)};
  // Heads: face score (2), box (4), five landmarks (10) per anchor, 1x1 convs with bias.
  struct Head {
    const char* name;
    std::int64_t per_anchor;
  };
  const Head heads[] = {{"ClassHead", 2}, {"BboxHead", 4}, {"LandmarkHead", 10}};
  for (const Head& head : heads) {
    for (int level = 0; level < 3; ++level) {
      b.mark_output(b.conv(features[level],
                           std::string(head.name) + "." + std::to_string(level) + ".conv1x1",
                           kAnchors * head.per_anchor, 1, 1, 0, 1, true));
    }
  }
  return b.finish();
}

}  // namespace servesim::kernels::zoo
