// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/cuda/preprocess_elements.hpp"

#include <cuda_runtime_api.h>

namespace servesim::kernels::cuda {

// Host wrappers of the CUDA preprocessing kernels. The params (built with make_*_params from
// preprocess_params.hpp) hold device pointers; each call enqueues one kernel on `stream` and
// returns without waiting. A launch error throws std::runtime_error; errors inside the kernel
// surface at the next synchronisation. One thread computes one output element with the same
// per-element function the host reference launchers run, and the kernels are compiled with
// --fmad=false, so their output equals the CPU kernels' byte for byte.

void resize_bilinear_device(const ResizeParams& p, cudaStream_t stream);
void resize_area_device(const ResizeParams& p, cudaStream_t stream);
void crop_device(const CropParams& p, cudaStream_t stream);
void normalize_chw_device(const NormalizeChwParams& p, cudaStream_t stream);

}  // namespace servesim::kernels::cuda
