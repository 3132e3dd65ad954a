// SPDX-License-Identifier: Apache-2.0
// cuda_gpu_tests: exits with 77, which ctest reports as skipped, on a machine without a GPU
// (Catch2 2.x cannot skip a test itself).
#define CATCH_CONFIG_RUNNER
#include "kernels/cuda/cuda_check.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

int main(int argc, char* argv[]) {
  std::string reason;
  if (servesim::kernels::cuda::device_count_or_reason(reason) == 0) {
    std::printf("cuda_gpu_tests: skipped: %s\n", reason.c_str());
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
