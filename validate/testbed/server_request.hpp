// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/image.hpp"
#include "sim/store/run_result.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace servesim::validate {

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
  std::shared_ptr<const kernels::Image> decoded;  // the full decoded image (children crop it)
  kernels::Image image;       // resized / cropped (empty: the decoded image is current)
  kernels::TensorChw tensor;  // normalised model input
  std::vector<float> logits;  // model output of this item
  std::vector<std::uint8_t> reply;
  std::vector<sim::RequestStageRecord> stages;

  // Fan-out: a child item knows its parent and its box; a parent counts its pending children.
  ServerRequest* parent = nullptr;  // null for a client's request (and fire-and-forget children)
  std::uint64_t parent_id = 0;
  bool is_child = false;
  kernels::CropRect box;  // where the child's crop lies in the decoded image
  std::atomic<int> pending_children{0};

  /// The image the next stage reads.
  const kernels::Image& current() const { return image.empty() && decoded ? *decoded : image; }
};

}  // namespace servesim::validate
