// SPDX-License-Identifier: Apache-2.0
#include "sim/queueing/queue_formulas.hpp"

namespace servesim::sim {

double mm1_mean_wait(double rho, double mean_service) { return rho / (1 - rho) * mean_service; }

double erlang_c(int servers, double offered_load) {
  // Erlang B by its stable recursion, then C from B.
  double blocking = 1.0;
  for (int k = 1; k <= servers; ++k)
    blocking = offered_load * blocking / (k + offered_load * blocking);
  const double rho = offered_load / servers;
  return blocking / (1 - rho + rho * blocking);
}

double mmc_mean_wait(int servers, double rho, double mean_service) {
  const double offered = rho * servers;
  // Wq = C / (c mu - lambda), with mu = 1 / mean_service.
  return erlang_c(servers, offered) * mean_service / (servers * (1 - rho));
}

double md1_mean_wait(double rho, double mean_service) {
  return rho * mean_service / (2 * (1 - rho));
}

double mg1_mean_wait(double rho, double mean_service, double service_cv) {
  return rho * mean_service * (1 + service_cv * service_cv) / (2 * (1 - rho));
}

}  // namespace servesim::sim
