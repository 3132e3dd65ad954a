// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/backends/progress_display.hpp"

#include <string>

namespace servesim::calib {

/// What `--backend cuda` was asked for.
struct CudaBackendRequest {
  std::string db_path;
  std::string device;      ///< empty: the GPU's own key
  std::string table_name;  ///< empty: the calibration's default
  std::string source;      ///< the command line, for provenance
  bool quick = false;
  bool resume = false;
};

/// Runs the CUDA calibration (kernels/cuda) when a GPU is present. Otherwise throws
/// std::runtime_error "--backend cuda needs a CUDA GPU; none found (<why>)". Defined only in
/// servesim_calib_cuda_backend, which only the servesim-cuda executable links.
/// Returns the number of points stored.
long run_cuda_backend(const CudaBackendRequest& request, ProgressDisplay& progress);

}  // namespace servesim::calib
