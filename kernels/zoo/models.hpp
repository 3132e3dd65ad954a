// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/zoo/model_spec.hpp"

#include <cstdint>

namespace servesim::kernels::zoo {

// Model builders. Each takes the input size in pixels (defaults: the published resolution) so
// that reduced-resolution variants can be built for quick tests. Shapes follow the PyTorch
// reference implementations named in kernels/zoo/README.md.

/// torchvision resnet18 (BasicBlock [2,2,2,2]), 1000 classes.
ModelSpec resnet18(std::int64_t height_px = 224, std::int64_t width_px = 224);
/// torchvision resnet50 v1.5 (Bottleneck [3,4,6,3], stride on the 3x3 conv), 1000 classes.
ModelSpec resnet50(std::int64_t height_px = 224, std::int64_t width_px = 224);
/// torchvision mobilenet_v2 (width 1.0, ReLU6, inverted residuals), 1000 classes.
ModelSpec mobilenet_v2(std::int64_t height_px = 224, std::int64_t width_px = 224);
/// timm/torchvision vit_base_patch16_224: 12 layers, 12 heads, dim 768, MLP 3072, 1000 classes.
ModelSpec vit_b16(std::int64_t height_px = 224, std::int64_t width_px = 224);
/// Ultralytics YOLOv5s v6+ (6x6 stem, C3, SPPF, PANet neck, 3-level Detect, 80 classes).
ModelSpec yolov5s(std::int64_t height_px = 640, std::int64_t width_px = 640);
/// RetinaFace with a MobileNet-0.25 backbone (FPN + SSH context + class/box/landmark heads).
ModelSpec retinaface_mnet025(std::int64_t height_px = 640, std::int64_t width_px = 640);
/// MobileFaceNet (Chen et al. 2018): 128-d face embedding from a 112x112 aligned crop.
ModelSpec mobilefacenet(std::int64_t height_px = 112, std::int64_t width_px = 112);

}  // namespace servesim::kernels::zoo
