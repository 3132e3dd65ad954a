// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/topology/topology.hpp"

#include <string>

namespace servesim::sim {

/// Mean power and energy of one resource pool over the measured window.
struct PoolEnergy {
  double mean_power_w = 0;
  double energy_j = 0;
  bool power_known = false;
};

/// Idle power all the time plus the busy-idle difference in proportion to the time busy:
/// devices x window x (idle + (busy - idle) x utilisation). A CPU pool is one package per server;
/// a GPU's compute pool is one board per GPU; the JPEG engines, copy engines and NICs draw inside
/// those figures (or are unknown) and count 0. Power figures come from the cost tables'
/// device_power rows.
PoolEnergy pool_energy(const std::string& pool, const ResourceSpec& host, const Topology& topology,
                       double utilization, double window_s, const CostModel& costs);

}  // namespace servesim::sim
