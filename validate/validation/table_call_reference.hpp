// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/topology/topology.hpp"
#include "sim/workload/image_class.hpp"

#include "validate/testbed/cpu_speed_trace.hpp"

namespace servesim::validate {

/// What a cost model says each cpu stage call of a live run takes: the mean of the distribution
/// the simulator samples for that call (its stage at `image`, its batch, and its pool's
/// corun_device when another call was running). Against it, a run's calls give the machine's
/// speed during the run relative to when the table was made. `topology` and `costs` must outlive
/// the returned function.
CallReference table_call_reference(const sim::Topology& topology, const sim::ImageClass& image,
                                   const sim::CostModel& costs);

}  // namespace servesim::validate
