// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/testbed_server.hpp"

#include <Eigen/Core>

#include "validate/testbed/frame_codec.hpp"
#include "validate/testbed/monotonic_clock.hpp"
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace servesim::validate {

TestbedServer::TestbedServer(const sim::Topology& topology, const TestbedPlan& plan,
                             std::uint64_t seed)
    : topology_(topology),
      plan_(plan),
      fanout_rng_(seed, "fanout"),
      box_rng_(seed, "testbed boxes") {
  // Eigen's thread count is process-wide and every forward pass saves and restores it
  // (kernels/dnn/cpu_env.cpp): with the default (all cores) a worker finishing its pass would
  // hand the other, still running, worker a multi-threaded GEMM. One everywhere keeps each call
  // on its own core, as the topology's cpu pool says.
  Eigen::setNbThreads(1);
  for (int w = 0; w < plan.cores; ++w) {
    kernels_.push_back(std::make_unique<WorkerKernels>(topology, plan, seed));
  }
  for (std::size_t i = 0; i < topology.stages.size(); ++i) {
    if (topology.stages[i].op == sim::StageOp::kFanout) {
      item_counts_.emplace(i, sim::ItemCount::parse(topology.stages[i].items_per_request));
    }
  }
  for (const sim::ResourceSpec& r : topology.resources) {
    if (r.kind != sim::ResourceKind::kBroker) continue;
    // A real redis-server on a free loopback port, stopped and reaped by its destructor.
    brokers_[r.name] = std::make_unique<calib::BrokerServer>(calib::BrokerKind::redis);
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("testbed: socket: ") + strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // ephemeral: parallel runs never collide
  socklen_t length = sizeof address;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("testbed: cannot listen on 127.0.0.1: " + reason);
  }
  port_ = ntohs(address.sin_port);
}

TestbedServer::~TestbedServer() {
  stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void TestbedServer::start() {
  started_ = true;
  pool_ =
      std::make_unique<CpuWorkerPool>(plan_.cores, [this](const std::string& e) { note_error(e); });
  for (std::size_t i = 0; i < topology_.stages.size(); ++i) {
    if (topology_.stages[i].batching.max_batch <= 1) continue;
    batchers_[i] = std::make_unique<DynamicBatcher>(
        topology_.stages[i].batching, [this, i](std::vector<ServerRequest*> batch) {
          pool_->push(
              [this, i, batch = std::move(batch)](int worker) { run_batch(i, batch, worker); });
        });
  }
  for (std::size_t i = 0; i < topology_.stages.size(); ++i) {
    const sim::StageSpec& s = topology_.stages[i];
    if (s.op != sim::StageOp::kBrokerHop) continue;
    const calib::BrokerEndpoint& endpoint = brokers_.at(s.on)->endpoint();
    hops_[i] = std::make_unique<RedisHop>(
        endpoint.host, endpoint.port, "servesim-testbed:" + s.name,
        [this, i](RedisHop::Message m, std::int64_t popped_ns) {
          delivered(i, std::move(m), popped_ns);
        },
        [this](const std::string& e) { note_error(e); });
  }
  acceptor_ = std::thread([this] { accept_loop(); });
}

void TestbedServer::stop() {
  if (stopping_.exchange(true) || !started_) return;
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (auto& c : connections_) ::shutdown(c->fd, SHUT_RDWR);  // wakes the readers
  }
  for (auto& [stage, batcher] : batchers_) batcher->stop();
  pool_->stop();
  for (auto& [stage, hop] : hops_) hop->stop();
  for (auto& [name, broker] : brokers_) broker->stop();
  std::vector<std::thread> readers;
  {
    std::lock_guard lock(mutex_);
    readers.swap(readers_);
  }
  for (std::thread& t : readers) t.join();
  std::lock_guard lock(mutex_);
  for (auto& c : connections_) ::close(c->fd);
  connections_.clear();
  live_.clear();
}

void TestbedServer::accept_loop() {
  for (int n = 0;; ++n) {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      if (!stopping_) note_error(std::string("testbed: accept failed: ") + std::strerror(errno));
      return;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto connection = std::make_shared<ServerConnection>();
    connection->fd = fd;
    connection->name = "testbed connection " + std::to_string(n) + " (port " +
                       std::to_string(ntohs(peer.sin_port)) + ")";
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    connections_.push_back(connection);
    readers_.emplace_back([this, connection] { read_loop(connection); });
  }
}

void TestbedServer::read_loop(std::shared_ptr<ServerConnection> connection) {
  try {
    for (;;) {
      auto request = std::make_unique<ServerRequest>();
      FrameHeader header;
      if (!read_frame(connection->fd, kRequestMagic, connection->name, header, request->jpeg)) {
        return;  // the client closed between frames
      }
      const std::int64_t received_ns = monotonic_ns();
      request->id = header.request_id;
      request->connection = connection;
      record(*request, 0, received_ns, received_ns, received_ns, 1);
      request->cursor = 1;
      ServerRequest* r = request.get();
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        live_[r] = std::move(request);
      }
      advance(r, -1, received_ns);
    }
  } catch (const std::exception& e) {
    if (!stopping_) note_error(e.what());
  }
}

void TestbedServer::record(ServerRequest& r, std::size_t stage, std::int64_t enter_ns,
                           std::int64_t start_ns, std::int64_t end_ns, int batch_size) const {
  const sim::StageSpec& s = topology_.stages[stage];
  r.stages.push_back({static_cast<std::int64_t>(r.id), s.name,
                      sim::to_string(sim::category_of(s.op)), enter_ns, start_ns, end_ns,
                      batch_size});
}

void TestbedServer::advance(ServerRequest* r, int worker, std::int64_t enter_ns) {
  for (;;) {
    const std::size_t i = r->cursor;
    const sim::StageSpec& s = topology_.stages[i];
    if (s.op == sim::StageOp::kNetSend) {
      send_reply(r, enter_ns);
      return;
    }
    if (s.op == sim::StageOp::kFanout) {
      if (!fan_out(r, i, enter_ns)) return;  // the last child resumes it
      worker = -1;                           // the children took over; queue for a core again
      continue;
    }
    if (s.op == sim::StageOp::kJoin) {
      if (r->is_child) {
        child_done(r, enter_ns);
        return;
      }
      ++r->cursor;  // a request that went on without its children
      continue;
    }
    if (s.op == sim::StageOp::kBrokerHop) {
      publish(r, i, enter_ns);
      return;
    }
    if (s.batching.max_batch > 1) {
      batchers_.at(i)->submit(r, enter_ns);
      return;
    }
    if (worker < 0) {
      // Not on a core: wait for one, FIFO, as the simulator's cpu pool does.
      pool_->push([this, r, enter_ns](int w) { advance(r, w, enter_ns); });
      return;
    }
    const std::int64_t start_ns = monotonic_ns();
    kernels_[static_cast<std::size_t>(worker)]->run_stage(i, *r);
    const std::int64_t end_ns = monotonic_ns();
    record(*r, i, enter_ns, start_ns, end_ns, 1);
    ++r->cursor;
    enter_ns = end_ns;  // consecutive cpu stages run back to back on this worker
  }
}

void TestbedServer::run_batch(std::size_t stage, const std::vector<ServerRequest*>& batch,
                              int worker) {
  const std::int64_t start_ns = monotonic_ns();
  try {
    kernels_[static_cast<std::size_t>(worker)]->run_batch(stage, batch);
  } catch (...) {
    batchers_.at(stage)->instance_done();
    throw;
  }
  const std::int64_t end_ns = monotonic_ns();
  batchers_.at(stage)->instance_done();
  const int size = static_cast<int>(batch.size());
  for (ServerRequest* r : batch) {
    record(*r, stage, r->enter_ns, start_ns, end_ns, size);
    ++r->cursor;
    advance(r, -1, end_ns);  // the batch released its core: the next cpu stage queues again
  }
}

void TestbedServer::send_reply(ServerRequest* r, std::int64_t enter_ns) {
  ServerConnection& c = *r->connection;
  std::int64_t start_ns = 0;
  {
    std::lock_guard lock(c.write_mutex);
    start_ns = monotonic_ns();
    write_frame(c.fd, kReplyMagic, r->id, r->reply, c.name);
  }
  record(*r, r->cursor, enter_ns, start_ns, monotonic_ns(), 1);
  finish(r);
}

void TestbedServer::finish(ServerRequest* r) {
  std::lock_guard lock(mutex_);
  finished_records_.insert(finished_records_.end(), r->stages.begin(), r->stages.end());
  ++finished_;
  live_.erase(r);
}

void TestbedServer::note_error(const std::string& message) {
  std::lock_guard lock(mutex_);
  if (first_error_.empty()) first_error_ = message;
}

std::vector<sim::RequestStageRecord> TestbedServer::take_stage_records() {
  std::lock_guard lock(mutex_);
  return std::move(finished_records_);
}

std::vector<TestbedServer::ChildItem> TestbedServer::take_child_items() {
  std::lock_guard lock(mutex_);
  return std::move(child_items_);
}

pid_t TestbedServer::broker_pid() const {
  return brokers_.empty() ? -1 : brokers_.begin()->second->pid();
}

std::uint64_t TestbedServer::finished_requests() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

std::string TestbedServer::first_error() const {
  std::lock_guard lock(mutex_);
  return first_error_;
}

}  // namespace servesim::validate
