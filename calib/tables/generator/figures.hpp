// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

/// The input of servesim_make_default_tables: every published figure the default cost tables are
/// built from, with its citation, and the hardware specifications the roofline method needs.
/// The values live in figures.cpp; calib/tables/README.md explains how they are used.
namespace servesim::calib::defaults {

/// Stamped into every generated table so that regeneration gives identical bytes.
inline constexpr const char* kTablesCreatedUtc = "2026-11-24T00:00:00Z";
inline constexpr const char* kTablesServesimVersion = "0.1.0";

/// One GPU: datasheet peaks (dense, no sparsity), power, and which GPU lends it method
/// parameters for a precision it has no published figure in.
struct GpuSpec {
  std::string device;      ///< device key topologies use, e.g. "a100"
  std::string machine;     ///< full board name
  double fp16_tflops = 0;  ///< dense FP16 tensor-core peak
  double int8_tops = 0;    ///< dense INT8 peak
  double memory_gbytes_per_s = 0;
  double l2_mbytes = 0;
  int sms = 0;
  double boost_mhz = 0;  ///< the clock the peak figures assume
  std::string spec_source;
  double busy_w = 0;  ///< board power
  std::string busy_source;
  double idle_w = 0;
  std::string idle_source;
  std::string fp16_reference;  ///< device whose FP16 fit is borrowed ("" = own figures)
  std::string int8_reference;  ///< device whose INT8 fit is borrowed ("" = own figures)
  std::string library_versions;
};

/// One CPU: its name and power (its per-core speed comes from the preprocessing figures).
struct CpuSpec {
  std::string device;
  std::string machine;
  double busy_w = 0;
  std::string busy_source;
  double idle_w = 0;
  std::string idle_source;
  std::string library_versions;
};

/// A published DNN inference figure: a throughput at a batch, or a mean latency.
struct InferFigure {
  std::string device;
  std::string model;      ///< zoo name
  std::string precision;  ///< fp16 | int8
  int batch = 1;
  double items_per_s = 0;  ///< throughput at this batch (0 when a latency is given)
  double mean_ms = 0;      ///< mean latency of one call (0 when a throughput is given)
  double p90_ms = 0;       ///< 0 = not published
  bool offline = false;    ///< MLPerf Offline: also stored as throughput_per_s
  std::string source;      ///< URL
};

/// One (pixels, milliseconds) point of a published single-image decode or resize timing.
struct PixelTiming {
  std::int64_t pixels = 0;
  double ms = 0;
};

/// The preprocessing figures (docs/public-figures.md §2.5 and 2.6) with their sources.
struct PreprocessFigures {
  // GPU: torchvision batched nvJPEG decode on an A100-SXM4-80GB, 1000 ImageNet JPEGs.
  std::int64_t gpu_decode_pixels = 0;  ///< mean image 551 x 676
  int gpu_decode_batch = 0;
  double gpu_decode_batched_ms = 0;    ///< the whole batch in one call
  double gpu_decode_unbatched_ms = 0;  ///< the same images one call each
  std::string gpu_decode_source;
  // CPU: libjpeg-turbo via torchcodec, one laptop core, 568x320 .. 1920x1080.
  std::vector<PixelTiming> cpu_decode;
  double cpu_decode_pil_ms_1080p = 0;  ///< Pillow on the same machine and image
  std::string cpu_decode_source;
  // CPU: Pillow decode on a Skylake Xeon core (AWS c5.large), 2560 x 1600.
  std::int64_t xeon_decode_pixels = 0;
  double xeon_decode_mpx_per_s = 0;  ///< midpoint of the published 182-193 Mpx/s
  std::string xeon_decode_source;
  // CPU: Pillow bilinear resize 2560 x 1600 -> 320 x 200 on the same Xeon core.
  PixelTiming xeon_resize;
  std::string xeon_resize_source;
};

const std::vector<GpuSpec>& gpu_specs();
const std::vector<CpuSpec>& cpu_specs();
const std::vector<InferFigure>& infer_figures();
const PreprocessFigures& preprocess_figures();

/// Assumptions without a published figure (README "Assumptions"); each row using one says so.
struct Assumptions {
  double kernel_launch_us = 5;          ///< per GPU preprocessing call
  double cpu_stream_gbytes_per_s = 10;  ///< one core, normalize (u8 in, fp32 out)
  double postprocess_us = 20;           ///< per item on a CPU, per call on a GPU
  double gpu_idle_fraction_of_board = 0.2;
  double cpu_idle_fraction_of_tdp = 0.2;
};
inline constexpr Assumptions kAssumptions{};

const GpuSpec& gpu_spec(const std::string& device);

}  // namespace servesim::calib::defaults
