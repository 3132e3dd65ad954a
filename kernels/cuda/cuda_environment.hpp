// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>

namespace servesim::kernels::cuda {

/// What this build and this machine offer for GPU calibration: the runtime report printed by
/// `calibrate --backend cuda` and the library_versions of a measured cost table. Filling it
/// needs no GPU.
struct CudaEnvironment {
  int device_count = 0;
  std::string no_device_reason;  ///< why there is no device (empty when there is one)
  std::string device_name;       ///< of the requested device, "" without one
  int compute_capability = 0;    ///< e.g. 90 for sm_90
  std::size_t memory_bytes = 0;
  int runtime_version = 0;  ///< CUDA runtime, e.g. 13000
  int driver_version = 0;   ///< 0 when no driver is installed
  bool have_cudnn = false;  ///< built with cuDNN (model runners need it)
  std::string cudnn;        ///< "9.19.0", or why not
  std::string cublas;       ///< "13.0.2"
  std::string nvjpeg;       ///< configure-time result; GPU JPEG decode is not calibrated
  std::string nvml;         ///< NvmlPower::status(): "available" or why power is unknown

  /// Several lines, one per item, for a terminal.
  std::string report() const;
  /// One line: "CUDA runtime 13.0, driver 12.4, cuDNN 9.19.0, cuBLAS 13.0.2".
  std::string library_versions() const;
};

/// Never throws for a missing GPU or driver: those are reported in the fields.
CudaEnvironment describe_cuda_environment(int device = 0);

}  // namespace servesim::kernels::cuda
