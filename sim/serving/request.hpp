// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/sim_time.hpp"
#include "sim/topology/topology.hpp"

#include <coroutine>
#include <cstdint>

namespace servesim::sim {

/// One inference request on its way through a server. It lives in its flow's coroutine frame, so
/// memory is bounded by requests in flight, not by requests simulated.
struct Request {
  std::uint64_t id = 0;
  int class_index = 0;  // into the run's image classes (trace images add classes)
  SimTime arrival_ns = 0;
  int server = -1;        // replica behind the load balancer
  int gpu = -1;           // GPU within the server, chosen at the first stage that needs one
  bool measured = false;  // arrived inside the measured window
  std::coroutine_handle<> waiter;  // resumed when a batch holding this request completes
  SimTime batch_start_ns = 0;      // set by the batcher
  int batch_size = 0;
  double category_ns[kCategoryCount] = {};
};

}  // namespace servesim::sim
