// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/load_balancer.hpp"

namespace servesim::sim {

LoadBalancer::LoadBalancer(Engine& engine, const ServersSpec& servers,
                           const std::vector<std::unique_ptr<ServerReplica>>& replicas)
    : engine_(engine), servers_(servers), replicas_(replicas), inflight_(replicas.size(), 0) {}

bool LoadBalancer::AdmitAwaiter::await_ready() {
  const int server = balancer.pick_server();
  if (server < 0) return false;
  balancer.assign(request, server);
  return true;
}

void LoadBalancer::AdmitAwaiter::await_suspend(std::coroutine_handle<> handle) {
  request.waiter = handle;
  balancer.waiting_.push_back(&request);
}

void LoadBalancer::release(const Request& request) {
  --inflight_[static_cast<std::size_t>(request.server)];
  if (waiting_.empty()) return;
  const int server = pick_server();
  if (server < 0) return;
  Request* next = waiting_.pop_front();
  assign(*next, server);
  engine_.schedule_resume_at(engine_.now(), next->waiter);
}

int LoadBalancer::pick_server() {
  const int count = static_cast<int>(inflight_.size());
  const int cap = servers_.max_inflight;
  int best = -1;
  for (int k = 0; k < count; ++k) {
    // Round robin scans from the next server; the other policies scan all and keep the least.
    const int s = (next_server_ + k) % count;
    if (cap > 0 && inflight(s) >= cap) continue;
    if (servers_.route == RoutePolicy::kRoundRobin) {
      best = s;
      break;
    }
    if (best < 0 || better_server(s, best)) best = s;
  }
  if (best >= 0 && servers_.route == RoutePolicy::kRoundRobin) next_server_ = (best + 1) % count;
  return best;
}

bool LoadBalancer::better_server(int a, int b) const {
  if (servers_.route == RoutePolicy::kJoinShortestQueue) {
    return replicas_[static_cast<std::size_t>(a)]->queued() <
           replicas_[static_cast<std::size_t>(b)]->queued();
  }
  return inflight(a) < inflight(b);
}

void LoadBalancer::assign(Request& request, int server) {
  request.server = server;
  ++inflight_[static_cast<std::size_t>(server)];
}

}  // namespace servesim::sim
