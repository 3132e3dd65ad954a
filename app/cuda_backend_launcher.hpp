// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/backends/cuda_backend.hpp"

#include <string>
#include <vector>

namespace servesim::app {

/// The CUDA calibration backend, when this process has it (servesim-cuda); servesim has none.
using CudaBackendFn = long (*)(const calib::CudaBackendRequest&, calib::ProgressDisplay&);

/// `servesim calibrate` with the CUDA backend in this process: servesim-cuda's whole job.
int calibrate_command_with_cuda(const std::vector<std::string>& args, CudaBackendFn cuda);

/// The servesim-cuda executable next to the running one (empty when it is not there).
std::string servesim_cuda_path();

/// Replaces this process with `servesim-cuda ARGS` (calibrate's arguments), so that only the
/// CUDA backend loads the CUDA libraries. Returns only by throwing std::runtime_error: no
/// servesim-cuda in this build, or it could not be started.
[[noreturn]] void exec_servesim_cuda(const std::vector<std::string>& calibrate_args);

}  // namespace servesim::app
