// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_check.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using namespace servesim::kernels::cuda;

TEST_CASE("device check: a count, or zero and a one-line reason", "[unit]") {
  std::string reason = "stale";
  const int count = device_count_or_reason(reason);
  REQUIRE(count >= 0);
  if (count == 0) {
    // This machine (no driver, no GPU) takes this branch.
    CHECK_FALSE(reason.empty());
    CHECK(reason.find('\n') == std::string::npos);
  } else {
    CHECK(reason.empty());
  }
  // Asking twice gives the same answer (the runtime's error is not sticky here).
  std::string again;
  CHECK(device_count_or_reason(again) == count);
  CHECK(again == reason);
}

TEST_CASE("device check: the no-GPU message names the reason and what to do", "[unit]") {
  CHECK(no_gpu_message("CUDA driver not found") ==
        "no CUDA GPU on this machine (CUDA driver not found); run calibrate --backend cuda on a "
        "machine with a GPU");
}

TEST_CASE("device check: require_cuda_device refuses clearly", "[unit]") {
  std::string reason;
  const int count = device_count_or_reason(reason);
  if (count == 0) {
    CHECK_THROWS_MATCHES(require_cuda_device(0), std::runtime_error,
                         Catch::Message(no_gpu_message(reason)));
  } else {
    CHECK(require_cuda_device(0) == count);
    CHECK_THROWS_WITH(require_cuda_device(count), Catch::Contains("does not exist"));
  }
}

TEST_CASE("check_cuda: success passes, errors name the call and the CUDA error", "[unit]") {
  CHECK_NOTHROW(check_cuda(cudaSuccess, "nothing"));
  CHECK_THROWS_WITH(check_cuda(cudaErrorInvalidValue, "cudaMemcpy of the input"),
                    Catch::StartsWith("cudaMemcpy of the input: cudaErrorInvalidValue: "));
  CHECK_THROWS_AS(check_cuda(cudaErrorMemoryAllocation, "cudaMalloc"), CudaOutOfMemory);
}
