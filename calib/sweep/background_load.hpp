// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

namespace servesim::calib {

/// A co-runner for calibration: forward passes of a zoo model (batch 1, one thread) run back to
/// back on another core for the lifetime of the object, so that each point is measured while the
/// rest of the machine is busy the way a loaded server's other cores are (shared caches, memory
/// bandwidth, the host's scheduling). Tables measured so describe a pool's unit when its other
/// units are busy (a cpu node's corun_device, topologies/README.md).
class BackgroundLoad {
 public:
  /// Starts at once; throws std::invalid_argument for an unknown model or core.
  BackgroundLoad(const std::string& model, std::optional<int> core);
  ~BackgroundLoad();
  BackgroundLoad(const BackgroundLoad&) = delete;
  BackgroundLoad& operator=(const BackgroundLoad&) = delete;

  std::uint64_t passes() const { return passes_.load(); }
  std::string describe() const;

 private:
  std::string model_;
  std::optional<int> core_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> passes_{0};
  std::thread thread_;
};

}  // namespace servesim::calib
