// SPDX-License-Identifier: Apache-2.0
// YOLOv5s as in ultralytics/yolov5 models/yolov5s.yaml (v6.0 and later): depth multiple 0.33,
// width multiple 0.50, CSP backbone of C3 blocks, SPPF, PANet neck, Detect head with 3 anchors per
// level and 80 COCO classes. Layer names follow the yaml's module indices ("model.17.cv3.conv").
#include "kernels/zoo/model_builder.hpp"
#include "kernels/zoo/models.hpp"

#include <string>
#include <vector>

namespace servesim::kernels::zoo {
namespace {

using Ref = ModelBuilder::Ref;

// Ultralytics "Conv": conv (no bias, 'same' padding) + BN + SiLU.
Ref cbs(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int kernel, int stride = 1,
        int padding = -1) {
  x = b.conv(x, p + "conv", out, kernel, stride, padding < 0 ? kernel / 2 : padding);
  return b.silu(b.batchnorm(x, p + "bn"), p + "act");
}

// CSP bottleneck with three convs; `repeats` Bottlenecks (1x1 then 3x3) on the first branch.
Ref c3(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out, int repeats, bool shortcut) {
  const std::int64_t hidden = out / 2;
  Ref y = cbs(b, x, p + "cv1.", hidden, 1);
  for (int i = 0; i < repeats; ++i) {
    const std::string m = p + "m." + std::to_string(i) + ".";
    Ref z = cbs(b, cbs(b, y, m + "cv1.", hidden, 1), m + "cv2.", hidden, 3);
    y = shortcut ? b.add(y, z, m + "add") : z;
  }
  Ref side = cbs(b, x, p + "cv2.", hidden, 1);
  return cbs(b, b.concat({y, side}, p + "cat"), p + "cv3.", out, 1);
}

// Spatial pyramid pooling, fast: three chained 5x5 max pools, concatenated with their input.
Ref sppf(ModelBuilder& b, Ref x, const std::string& p, std::int64_t out) {
  Ref y0 = cbs(b, x, p + "cv1.", x.shape.c / 2, 1);
  Ref y1 = b.maxpool(y0, p + "m.0", 5, 1, 2);
  Ref y2 = b.maxpool(y1, p + "m.1", 5, 1, 2);
  Ref y3 = b.maxpool(y2, p + "m.2", 5, 1, 2);
  return cbs(b, b.concat({y0, y1, y2, y3}, p + "cat"), p + "cv2.", out, 1);
}

}  // namespace

ModelSpec yolov5s(std::int64_t height_px, std::int64_t width_px) {
  constexpr std::int64_t kOutputsPerAnchor = 80 + 5;  // classes + box (4) + objectness
  constexpr std::int64_t kAnchors = 3;
  ModelBuilder b("yolov5s",
                 "Ultralytics YOLOv5s v6+ (yolov5s.yaml: depth 0.33, width 0.50), COCO 80 "
                 "classes; postprocessing (decode, NMS) not included",
                 {3, height_px, width_px});
  const auto m = [](int i) { return "model." + std::to_string(i) + "."; };
  std::vector<Ref> out(24);
  // Backbone.
  out[0] = cbs(b, b.input(), m(0), 32, 6, 2, 2);
  out[1] = cbs(b, out[0], m(1), 64, 3, 2);
  out[2] = c3(b, out[1], m(2), 64, 1, true);
  out[3] = cbs(b, out[2], m(3), 128, 3, 2);
  out[4] = c3(b, out[3], m(4), 128, 2, true);
  out[5] = cbs(b, out[4], m(5), 256, 3, 2);
  out[6] = c3(b, out[5], m(6), 256, 3, true);
  out[7] = cbs(b, out[6], m(7), 512, 3, 2);
  out[8] = c3(b, out[7], m(8), 512, 1, true);
  out[9] = sppf(b, out[8], m(9), 512);
  // Neck: top-down (10-17) then bottom-up (18-23).
  out[10] = cbs(b, out[9], m(10), 256, 1);
  out[11] = b.upsample(out[10], m(11) + "up", 2);
  out[12] = b.concat({out[11], out[6]}, m(12) + "cat");
  out[13] = c3(b, out[12], m(13), 256, 1, false);
  out[14] = cbs(b, out[13], m(14), 128, 1);
  out[15] = b.upsample(out[14], m(15) + "up", 2);
  out[16] = b.concat({out[15], out[4]}, m(16) + "cat");
  out[17] = c3(b, out[16], m(17), 128, 1, false);
  out[18] = cbs(b, out[17], m(18), 128, 3, 2);
  out[19] = b.concat({out[18], out[14]}, m(19) + "cat");
  out[20] = c3(b, out[19], m(20), 256, 1, false);
  out[21] = cbs(b, out[20], m(21), 256, 3, 2);
  out[22] = b.concat({out[21], out[10]}, m(22) + "cat");
  out[23] = c3(b, out[22], m(23), 512, 1, false);
  // Detect: one 1x1 conv (with bias) per level, P3/8, P4/16, P5/32.
  const int levels[] = {17, 20, 23};
  for (int level = 0; level < 3; ++level) {
    b.mark_output(b.conv(out[levels[level]], m(24) + "m." + std::to_string(level),
                         kAnchors * kOutputsPerAnchor, 1, 1, 0, 1, true));
  }
  return b.finish();
}

}  // namespace servesim::kernels::zoo
