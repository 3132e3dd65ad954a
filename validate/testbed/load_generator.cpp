// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/load_generator.hpp"

#include "kernels/preprocess/synthetic_jpeg.hpp"
#include "sim/random/rng_stream.hpp"
#include "sim/workload/arrival_process.hpp"
#include "sim/workload/image_class.hpp"

#include "validate/testbed/frame_codec.hpp"
#include "validate/testbed/monotonic_clock.hpp"
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace servesim::validate {
namespace {

/// A connected client socket, closed on scope exit.
class ClientSocket {
 public:
  ClientSocket(int port, double receive_timeout_s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      const std::string reason = std::strerror(errno);
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error(
          "load generator: cannot connect to 127.0.0.1:" + std::to_string(port) + ": " + reason);
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval timeout{};
    timeout.tv_sec = static_cast<time_t>(receive_timeout_s);
    timeout.tv_usec =
        static_cast<suseconds_t>((receive_timeout_s - static_cast<double>(timeout.tv_sec)) * 1e6);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~ClientSocket() { ::close(fd_); }
  ClientSocket(const ClientSocket&) = delete;
  ClientSocket& operator=(const ClientSocket&) = delete;
  int fd() const { return fd_; }
  /// Closing our sending side tells the server no more requests come.
  void finish_sending() { ::shutdown(fd_, SHUT_WR); }

 private:
  int fd_ = -1;
};

/// Pre-generated JPEGs: images_per_class per class of the mix.
struct ImagePool {
  sim::ImageMix mix;
  std::vector<std::vector<std::vector<std::uint8_t>>> jpegs;  // [class][variant]

  ImagePool(const std::string& images, int per_class) : mix(sim::ImageMix::parse(images)) {
    for (std::size_t c = 0; c < mix.classes().size(); ++c) {
      const sim::ImageClass& k = mix.classes()[c];
      jpegs.emplace_back();
      for (int v = 0; v < per_class; ++v) {
        jpegs.back().push_back(kernels::generate_synthetic_jpeg(
            k.width_px, k.height_px, 1000 * (c + 1) + static_cast<std::uint64_t>(v)));
      }
    }
  }
  const std::vector<std::uint8_t>& jpeg(int class_index, std::int64_t id) const {
    const auto& variants = jpegs[static_cast<std::size_t>(class_index)];
    return variants[static_cast<std::size_t>(id) % variants.size()];
  }
  LoadgenRequest describe(std::int64_t id, int class_index) const {
    const sim::ImageClass& k = mix.classes()[static_cast<std::size_t>(class_index)];
    return {id,
            k.name,
            k.width_px,
            k.height_px,
            static_cast<std::int64_t>(jpeg(class_index, id).size()),
            0,
            0,
            0};
  }
};

double cpu_seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

void sleep_until_ns(std::int64_t deadline_ns) {
  timespec ts{};
  ts.tv_sec = deadline_ns / 1'000'000'000;
  ts.tv_nsec = deadline_ns % 1'000'000'000;
  while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

std::string reply_error(const std::exception& e, double timeout_s) {
  std::string message = e.what();
  if (message.find("Resource temporarily unavailable") != std::string::npos) {
    message = "load generator: no reply from the testbed server for " + std::to_string(timeout_s) +
              " s (server stuck or a request failed)";
  }
  return message;
}

void run_open_loop(const LoadgenOptions& o, const ImagePool& pool,
                   const std::vector<ScheduledRequest>& schedule, ClientSocket& socket,
                   LoadgenLog& log) {
  std::string receive_error;
  // The receiver runs apart from the sender, so sends keep to the schedule when replies lag.
  std::thread receiver([&] {
    try {
      FrameHeader header;
      std::vector<std::uint8_t> payload;
      for (std::size_t got = 0; got < schedule.size(); ++got) {
        if (!read_frame(socket.fd(), kReplyMagic, "load generator", header, payload)) {
          throw std::runtime_error("load generator: the server closed the connection after " +
                                   std::to_string(got) + " of " + std::to_string(schedule.size()) +
                                   " replies");
        }
        const std::int64_t now = monotonic_ns() - log.start_ns;
        if (header.request_id >= schedule.size() || log.requests[header.request_id].done_ns != 0) {
          throw std::runtime_error("load generator: unexpected reply for request " +
                                   std::to_string(header.request_id));
        }
        log.requests[header.request_id].done_ns = now;
      }
    } catch (const std::exception& e) {
      receive_error = reply_error(e, o.drain_timeout_s);
      ::shutdown(socket.fd(), SHUT_RDWR);  // unblocks the sender too
    }
  });
  try {
    for (std::size_t i = 0; i < schedule.size(); ++i) {
      sleep_until_ns(log.start_ns + schedule[i].planned_ns);
      LoadgenRequest& r = log.requests[i];
      r.sent_ns = monotonic_ns() - log.start_ns;
      write_frame(socket.fd(), kRequestMagic, static_cast<std::uint64_t>(i),
                  pool.jpeg(schedule[i].class_index, r.id), "load generator");
    }
  } catch (const std::exception&) {
    receiver.join();
    if (!receive_error.empty()) throw std::runtime_error(receive_error);
    throw;
  }
  receiver.join();
  if (!receive_error.empty()) throw std::runtime_error(receive_error);
  socket.finish_sending();
}

void run_closed_loop(const LoadgenOptions& o, const ImagePool& pool,
                     std::vector<std::unique_ptr<ClientSocket>>& sockets, LoadgenLog& log) {
  std::mutex mutex;  // guards rng, next id, log.requests and error
  sim::RngStream rng(o.seed, "images");
  std::int64_t next_id = 0;
  std::string error;
  const std::int64_t end_ns = static_cast<std::int64_t>(o.duration_s * 1e9);
  std::vector<std::thread> clients;
  for (int k = 0; k < o.concurrency; ++k) {
    clients.emplace_back([&, k] {
      const int fd = sockets[static_cast<std::size_t>(k)]->fd();
      try {
        FrameHeader header;
        std::vector<std::uint8_t> payload;
        for (;;) {
          LoadgenRequest r;
          int class_index = 0;
          {
            std::lock_guard lock(mutex);
            if (!error.empty()) return;
            class_index = pool.mix.sample(rng);
            r = pool.describe(next_id++, class_index);
          }
          r.sent_ns = monotonic_ns() - log.start_ns;
          if (r.sent_ns >= end_ns) return;  // like the simulator: no send after the window
          r.planned_ns = r.sent_ns;
          write_frame(fd, kRequestMagic, static_cast<std::uint64_t>(r.id),
                      pool.jpeg(class_index, r.id), "load generator client " + std::to_string(k));
          if (!read_frame(fd, kReplyMagic, "load generator client " + std::to_string(k), header,
                          payload)) {
            throw std::runtime_error("load generator: the server closed client " +
                                     std::to_string(k) + "'s connection");
          }
          r.done_ns = monotonic_ns() - log.start_ns;
          if (header.request_id != static_cast<std::uint64_t>(r.id)) {
            throw std::runtime_error(
                "load generator: client " + std::to_string(k) + " got the reply of request " +
                std::to_string(header.request_id) + " for " + std::to_string(r.id));
          }
          std::lock_guard lock(mutex);
          log.requests.push_back(r);
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        if (error.empty()) error = reply_error(e, o.drain_timeout_s);
      }
    });
  }
  for (std::thread& t : clients) t.join();
  if (!error.empty()) throw std::runtime_error(error);
  // Ids were drawn at send time; a request not sent (past the window) has no record.
}

}  // namespace

std::vector<ScheduledRequest> poisson_schedule(double rate_per_s, const std::string& images,
                                               double duration_s, std::uint64_t seed) {
  const sim::ImageMix mix = sim::ImageMix::parse(images);
  const auto arrivals = sim::make_poisson_arrivals(rate_per_s);
  sim::RngStream arrival_rng(seed, "arrivals");
  sim::RngStream image_rng(seed, "images");
  const auto end_ns = static_cast<std::int64_t>(duration_s * 1e9);
  std::vector<ScheduledRequest> schedule;
  std::int64_t t = 0;
  sim::Arrival a;
  while (arrivals->next(arrival_rng, a)) {
    t += a.gap_ns;
    if (t >= end_ns) break;
    schedule.push_back({t, mix.sample(image_rng)});
  }
  return schedule;
}

LoadgenLog run_load_generator(const LoadgenOptions& o) {
  if ((o.rate_per_s > 0) == (o.concurrency > 0)) {
    throw std::invalid_argument("load generator: give exactly one of --rate and --concurrency");
  }
  // Everything that is not load happens before the start: images, schedule, connections.
  const ImagePool pool(o.images, o.images_per_class);
  LoadgenLog log;
  log.duration_s = o.duration_s;
  std::vector<ScheduledRequest> schedule;
  if (o.rate_per_s > 0) {
    schedule = poisson_schedule(o.rate_per_s, o.images, o.duration_s, o.seed);
    for (std::size_t i = 0; i < schedule.size(); ++i) {
      log.requests.push_back(pool.describe(static_cast<std::int64_t>(i), schedule[i].class_index));
      log.requests.back().planned_ns = schedule[i].planned_ns;
    }
  }
  std::vector<std::unique_ptr<ClientSocket>> sockets;
  for (int k = 0; k < std::max(1, o.concurrency); ++k) {
    sockets.push_back(std::make_unique<ClientSocket>(o.port, o.drain_timeout_s));
  }
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  log.start_ns = monotonic_ns();
  if (o.rate_per_s > 0) {
    run_open_loop(o, pool, schedule, *sockets.front(), log);
  } else {
    run_closed_loop(o, pool, sockets, log);
  }
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  log.cpu_user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
  log.cpu_system_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
  return log;
}

}  // namespace servesim::validate
