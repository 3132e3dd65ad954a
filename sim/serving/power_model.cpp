// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/power_model.hpp"

namespace servesim::sim {

PoolEnergy pool_energy(const std::string& pool, const ResourceSpec& host, const Topology& topology,
                       double utilization, double window_s, const CostModel& costs) {
  int devices = 0;
  if (host.kind == ResourceKind::kCpu) devices = topology.servers.count;
  if (host.kind == ResourceKind::kGpu && pool == host.name)
    devices = host.count * topology.servers.count;
  double idle_w = 0;
  double busy_w = 0;
  PoolEnergy energy;
  if (devices == 0 || !costs.device_power(host.device, idle_w, busy_w)) return energy;
  energy.power_known = true;
  energy.mean_power_w = devices * (idle_w + (busy_w - idle_w) * utilization);
  energy.energy_j = energy.mean_power_w * window_s;
  return energy;
}

}  // namespace servesim::sim
