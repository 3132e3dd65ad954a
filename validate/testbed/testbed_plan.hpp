// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"
#include "sim/topology/topology.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace servesim::validate {

/// A topology the testbed will not run on this machine. The message is one line naming the
/// topology file, the node and why.
class TestbedRefusal : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How the testbed runs a topology: checked once, before anything starts.
struct TestbedPlan {
  /// Per stage: the image size leaving it ({0,0} while it still depends on the request: after
  /// decode and before the first resize or crop).
  std::vector<kernels::ImageSize> size_after;
  /// The cpu resource whose cores are the worker threads.
  std::string cpu_resource;
  int cores = 0;
};

/// Checks that this machine can run `topology` for real and returns the plan. Refuses (with
/// TestbedRefusal): gpu and link resources (no GPU here), brokers other than Redis lists,
/// replicated servers, stages on other
/// than the cpu pool or the nic, precisions other than fp32, a chain that does not start with
/// net_recv and end with net_send, an infer stage whose input size is not fixed by a resize or
/// crop followed by normalize.
TestbedPlan plan_testbed(const sim::Topology& topology);

}  // namespace servesim::validate
