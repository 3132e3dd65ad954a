// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace servesim::sim {

/// Closed forms for the mean wait in queue (before service) of classic single-queue systems, in
/// the unit of the mean service time. rho is the per-server utilisation, in (0, 1).
double mm1_mean_wait(double rho, double mean_service);
/// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda / mu.
double erlang_c(int servers, double offered_load);
double mmc_mean_wait(int servers, double rho, double mean_service);
double md1_mean_wait(double rho, double mean_service);
/// Pollaczek-Khinchine with service coefficient of variation cv.
double mg1_mean_wait(double rho, double mean_service, double service_cv);

}  // namespace servesim::sim
