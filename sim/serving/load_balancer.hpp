// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/engine.hpp"
#include "sim/engine/ring_queue.hpp"
#include "sim/serving/request.hpp"
#include "sim/serving/server_replica.hpp"
#include "sim/topology/topology.hpp"

#include <coroutine>
#include <memory>
#include <vector>

namespace servesim::sim {

/// The load balancer in front of a topology's server replicas: it binds each request to a server
/// by the servers' route policy, keeps each server under its concurrency cap, and holds the
/// requests that find every server full, in arrival order, until one finishes.
class LoadBalancer {
 public:
  LoadBalancer(Engine& engine, const ServersSpec& servers,
               const std::vector<std::unique_ptr<ServerReplica>>& replicas);
  LoadBalancer(const LoadBalancer&) = delete;
  LoadBalancer& operator=(const LoadBalancer&) = delete;

  /// `co_await balancer.admit(request)`: returns once the request is bound to a server
  /// (`request.server`), at once if one has room.
  struct AdmitAwaiter {
    LoadBalancer& balancer;
    Request& request;
    bool await_ready();
    void await_suspend(std::coroutine_handle<> handle);
    void await_resume() const noexcept {}
  };
  AdmitAwaiter admit(Request& request) { return AdmitAwaiter{*this, request}; }

  /// The request has left its server: the oldest waiting request, if any, takes the room.
  void release(const Request& request);

  /// Requests bound to `server` and not yet finished.
  int inflight(int server) const { return inflight_[static_cast<std::size_t>(server)]; }
  std::size_t waiting() const { return waiting_.size(); }

 private:
  /// The server the policy picks among those under the cap, or -1 if all are full.
  int pick_server();
  bool better_server(int a, int b) const;
  void assign(Request& request, int server);

  Engine& engine_;
  ServersSpec servers_;
  const std::vector<std::unique_ptr<ServerReplica>>& replicas_;
  std::vector<int> inflight_;  // [server]
  RingQueue<Request*> waiting_;
  int next_server_ = 0;  // round robin: where the next scan starts
};

}  // namespace servesim::sim
