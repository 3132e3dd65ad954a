// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/sweep/sweep_image.hpp"
#include "calib/sweep/sweep_point.hpp"
#include "calib/sweep/synthetic_jpeg_cache.hpp"
#include "kernels/preprocess/image.hpp"
#include "kernels/preprocess/resize.hpp"

#include <memory>
#include <string>
#include <vector>

namespace servesim::calib {

/// Where a resize goes: the shorter side to 256 (torchvision Resize(256), before a centre crop)
/// or straight to 224 x 224.
enum class ResizeTarget { shorter_side_256, square_224 };

/// The cost_points variant of a resize: "bilinear" / "area" straight to 224 x 224 (the meaning
/// every other cost table gives them: calib/tables/README.md, kernels/cuda), and
/// "bilinear_shorter256" / "area_shorter256" for the shorter side to 256 (torchvision
/// Resize(256) before a centre crop, the usual classification path).
std::string resize_variant(kernels::ResizeMethod method, ResizeTarget target);

/// jpeg_decode of each image: libjpeg-turbo to RGB into a reused buffer (as a server worker
/// does), x = the image's pixels, input_bytes = the JPEG's size.
std::vector<SweepPoint> decode_points(const std::vector<SweepImage>& images,
                                      const std::shared_ptr<SyntheticJpegCache>& jpegs);

/// resize of each decoded image with each method to each target; x = source pixels.
std::vector<SweepPoint> resize_points(const std::vector<SweepImage>& images,
                                      const std::shared_ptr<SyntheticJpegCache>& jpegs,
                                      const std::vector<kernels::ResizeMethod>& methods,
                                      const std::vector<ResizeTarget>& targets);

/// Centre crop to 224 x 224 of each source size; x = source pixels.
std::vector<SweepPoint> crop_points(const std::vector<kernels::ImageSize>& sources);
/// 256x256 (the shipped topologies' resize), 341x256 and 455x256 (4:3 and 16:9 photos after
/// Resize(256)), 683x512.
std::vector<kernels::ImageSize> standard_crop_sources();

/// ImageNet normalisation with the HWC -> CHW change, u8 in, fp32 out into a reused tensor;
/// x = pixels.
std::vector<SweepPoint> normalize_points(const std::vector<kernels::ImageSize>& sizes);
/// 112x112 (face embedding), 224x224 (classification), 320x320, 640x640 (detection).
std::vector<kernels::ImageSize> standard_normalize_sizes();

/// postprocess: softmax and top-5 of 1000 fp32 logits per item, for each batch size;
/// input_bytes = 4000 (the logits), x = bytes.
std::vector<SweepPoint> postprocess_points(const std::vector<int>& batches);

}  // namespace servesim::calib
