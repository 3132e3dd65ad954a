// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"
#include "sim/store/run_result.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace servesim::calib {

/// One accepted loopback connection; replies are written under its mutex.
struct ServerConnection {
  int fd = -1;
  std::string name;  // "connection 3 (127.0.0.1:40122)", for errors
  std::mutex write_mutex;
};

/// A request inside the testbed server: its payload as it flows through the stages and its
/// stage timestamps (absolute CLOCK_MONOTONIC ns until the run subtracts its start).
struct ServerRequest {
  std::uint64_t id = 0;
  std::shared_ptr<ServerConnection> connection;
  std::size_t cursor = 0;     // index of the stage it is in or waiting for
  std::int64_t enter_ns = 0;  // when it entered that stage's queue
  std::vector<std::uint8_t> jpeg;
  kernels::Image image;       // decoded, then resized / cropped
  kernels::TensorChw tensor;  // normalised model input
  std::vector<float> logits;  // model output of this item
  std::vector<std::uint8_t> reply;
  std::vector<sim::RequestStageRecord> stages;
};

}  // namespace servesim::calib
