// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gpu_options.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {

void check_timing_options(const TimingOptions& timing) {
  if (timing.warmup < 0 || timing.repeats < 1) {
    throw std::invalid_argument("timing: warmup must be >= 0 and repeats >= 1, got warmup " +
                                std::to_string(timing.warmup) + " and repeats " +
                                std::to_string(timing.repeats));
  }
}

}  // namespace servesim::kernels::cuda
