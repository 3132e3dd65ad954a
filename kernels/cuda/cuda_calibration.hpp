// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/cuda/gpu_options.hpp"
#include "kernels/preprocess/image.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace servesim::kernels::cuda {

/// What `servesim calibrate --backend cuda` measures. Defaults: every zoo model in fp32 and
/// fp16 at batches 1-64, host-device copies from 4 KiB to 64 MiB, and the GPU preprocessing
/// kernels on the three image classes (small 500x375, medium 1920x1080, large 4032x3024).
struct CudaCalibrationRequest {
  int device = 0;
  std::vector<std::string> models;  ///< zoo names; empty = every zoo model
  std::vector<std::string> precisions = {"fp32", "fp16"};
  std::vector<std::int64_t> batches = {1, 2, 4, 8, 16, 32, 64};
  /// Also one point per layer (op "infer_layer", variant = layer name).
  bool per_layer = false;
  std::vector<std::int64_t> copy_bytes = {4096,    65536,    602112,  1048576,
                                          4194304, 16777216, 67108864};
  std::vector<ImageSize> image_sizes = {{500, 375}, {1920, 1080}, {4032, 3024}};
  /// Resize target and normalise size (the models' 224 x 224 input).
  ImageSize model_input = {224, 224};
  /// Centre crops are measured from an image whose shorter side is this (then cropped to
  /// model_input), as the classification pipeline does.
  int shorter_side_px = 256;
  TimingOptions timing = {5, 50};
  ConvAlgoSearch algo_search = ConvAlgoSearch::kExhaustive;
  std::size_t workspace_limit_bytes = std::size_t{256} << 20;
  /// Average NVML board power while each model point runs (when NVML is available).
  bool measure_power = true;
};

/// One measured point, shaped like a cost_points row (sim/costs/cost_schema.hpp): sizes per
/// item, samples per call of `batch` items, in nanoseconds. The harness summarises the samples.
///
/// Ops: "infer" (model = zoo name, precision fp32 / fp16, input_pixels = model input H * W,
/// input_bytes 0, output_bytes = fp32 bytes of the model's outputs per item, as the default
/// tables); "infer_layer" (also variant = layer name, per_layer only); "h2d" / "d2h" (variant
/// pinned / pageable, input_bytes = output_bytes = copy size); "resize" (variant bilinear /
/// area, input = source image, output = model input); "crop" (variant centre); "normalize"
/// (input_pixels = model input pixels, u8 in, fp32 CHW out).
struct CudaCostPoint {
  std::string op;
  std::string model;
  std::string precision;
  std::string variant;
  std::int64_t batch = 1;
  std::int64_t input_pixels = 0;
  std::int64_t input_bytes = 0;
  std::int64_t output_bytes = 0;
  std::vector<double> samples_ns;
  std::optional<double> power_w;  ///< mean board power during the samples, when known
  std::string source;             ///< how it was measured
};

/// Progress of a calibration: after each point (`point` set) and for notes such as "batch 256
/// does not fit in device memory; larger batches skipped" (`point` null).
struct CudaProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  const CudaCostPoint* point = nullptr;
  std::string note;
};
using CudaProgressCallback = std::function<void(const CudaProgress&)>;

/// Throws std::invalid_argument naming the field and what to fix (unknown model or precision,
/// a non-positive batch, copy size or image size, bad timing). Needs no GPU.
void validate_request(const CudaCalibrationRequest& request);

/// Number of points a request produces when every batch fits. Needs no GPU.
std::size_t planned_point_count(const CudaCalibrationRequest& request);

/// Measures copies, preprocessing kernels and models on the GPU. Checks for a device first:
/// without one it throws std::runtime_error("no CUDA GPU on this machine (<reason>); run
/// calibrate --backend cuda on a machine with a GPU"). Then validates the request. A batch
/// that does not fit in device memory ends that model's batch sweep (reported as a note).
std::vector<CudaCostPoint> run_cuda_calibration(const CudaCalibrationRequest& request,
                                                const CudaProgressCallback& progress = {});

}  // namespace servesim::kernels::cuda
