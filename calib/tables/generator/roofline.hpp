// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/tables/generator/figures.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace servesim::calib::defaults {

/// One kernel of a fused inference engine (TensorRT style): a GEMM-like or data-movement layer
/// together with the element-wise layers (batchnorm, activations, residual add) fused into it.
/// Byte counts are fp32 as the zoo gives them; precision scales them.
struct KernelCost {
  double flops_per_item = 0;             ///< 2 x MACs
  double weight_bytes = 0;               ///< read once per call
  double activation_bytes_per_item = 0;  ///< inputs + output (+ residual read, workspace)
  double gemm_rows_per_item = 0;         ///< M of the implicit GEMM (0 = not a GEMM)
  double gemm_cols = 0;                  ///< N of the implicit GEMM
};

/// Output tile of a tensor-core GEMM kernel; one tile per SM per wave.
inline constexpr double kGemmTile = 128;

/// What the roofline method needs of one zoo model.
struct ModelProfile {
  std::string name;
  std::int64_t input_pixels = 0;
  std::int64_t input_bytes = 0;   ///< per item, the fp32 input tensor
  std::int64_t output_bytes = 0;  ///< per item, fp32 outputs of the heads
  std::vector<KernelCost> kernels;
};

/// Builds the profile of a zoo model (servesim::kernels::zoo) at its published input size.
ModelProfile profile_model(const std::string& zoo_name);
/// Every zoo model, in the zoo's order.
std::vector<std::string> zoo_model_names();

/// Bytes per element of a precision ("fp16" 2, "int8" 1); throws for anything else.
double bytes_per_element(const std::string& precision);

/// Roofline time (seconds) of one kernel for a batch: max(flops / (peak * u), bytes / bandwidth).
/// The INT8 peak is at least the FP16 one (TensorRT runs a layer in FP16 where that is faster).
/// u is the wave efficiency of a GEMM cut into 128 x 128 output tiles, one per SM per wave
/// (small batches leave SMs idle). Of a kernel's activation bytes x (whole batch) the share
/// x / (x + L2 capacity) reaches DRAM: small tensors stay in L2, large ones stream.
double kernel_roofline_s(const KernelCost& kernel, const GpuSpec& gpu, const std::string& precision,
                         int batch);

/// The parameters of the per-call model
///   T = o + t * B * input_mbytes + sum over kernels of (lambda + k * R_kernel).
struct InferParams {
  double overhead_ms = 0;  ///< o: per-call serving overhead (protocol); 0 for TensorRT alone
  double transfer_ms_per_mbyte = 0;  ///< t: moving each item's fp32 input tensor (client, H2D)
  double floor_us = 0;               ///< lambda: per-kernel launch and ramp time
  double slowdown = 1;               ///< k: achieved time over roofline time (1 / efficiency)
};

/// T in milliseconds for one call of `batch` items.
double model_time_ms(const ModelProfile& model, const GpuSpec& gpu, const std::string& precision,
                     int batch, const InferParams& params);

}  // namespace servesim::calib::defaults
