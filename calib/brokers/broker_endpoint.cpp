// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/broker_endpoint.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace servesim::calib {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Non-blocking connect bounded by the deadline; returns "" or the reason.
std::string connect_with_deadline(const Socket& socket, const addrinfo& address,
                                  Clock::time_point deadline) {
  if (::connect(socket.fd(), address.ai_addr, address.ai_addrlen) == 0) return "";
  if (errno != EINPROGRESS) return std::strerror(errno);
  pollfd waiting{socket.fd(), POLLOUT, 0};
  if (::poll(&waiting, 1, remaining_ms(deadline)) <= 0) return "connection timed out";
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
  return error == 0 ? "" : std::strerror(error);
}

// Reads until a CRLF-terminated line arrives or the deadline passes.
std::string read_line(const Socket& socket, Clock::time_point deadline, std::string& reason) {
  std::string line;
  char buffer[512];
  while (line.find("\r\n") == std::string::npos) {
    pollfd waiting{socket.fd(), POLLIN, 0};
    if (::poll(&waiting, 1, remaining_ms(deadline)) <= 0) {
      reason = "no answer before the timeout";
      return "";
    }
    const ssize_t got = ::recv(socket.fd(), buffer, sizeof buffer, 0);
    if (got <= 0) {
      reason = got == 0 ? "closed the connection" : std::strerror(errno);
      return "";
    }
    line.append(buffer, static_cast<std::size_t>(got));
    if (line.size() > 64 * 1024) break;
  }
  return line.substr(0, line.find("\r\n"));
}

}  // namespace

std::string_view broker_name(BrokerKind kind) {
  return kind == BrokerKind::redis ? "redis" : "nats";
}

std::string_view broker_debian_package(BrokerKind kind) {
  return kind == BrokerKind::redis ? "redis-server" : "nats-server";
}

std::string BrokerEndpoint::url() const {
  return std::string(broker_name(kind)) + "://" + host + ":" + std::to_string(port);
}

BrokerEndpoint BrokerEndpoint::parse(std::string_view url) {
  const auto bad = [&](const std::string& why) {
    return std::invalid_argument("broker URL '" + std::string(url) + "': " + why +
                                 "; expected redis://HOST:PORT or nats://HOST:PORT");
  };
  BrokerEndpoint endpoint;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) throw bad("no scheme");
  const std::string_view scheme = url.substr(0, scheme_end);
  if (scheme == "redis") {
    endpoint.kind = BrokerKind::redis;
    endpoint.port = 6379;
  } else if (scheme == "nats") {
    endpoint.kind = BrokerKind::nats;
    endpoint.port = 4222;
  } else {
    throw bad("unknown scheme '" + std::string(scheme) + "'");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/@?") != std::string_view::npos) {
    throw bad("paths, credentials and options are not supported");
  }
  const auto colon = rest.rfind(':');
  std::string_view host = rest.substr(0, colon);
  if (colon != std::string_view::npos) {
    const std::string_view port_text = rest.substr(colon + 1);
    int port = 0;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      throw bad("port '" + std::string(port_text) + "' is not a number in 1..65535");
    }
    endpoint.port = port;
  }
  if (host.empty()) throw bad("no host");
  endpoint.host = std::string(host);
  return endpoint;
}

std::string check_endpoint(const BrokerEndpoint& endpoint, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(endpoint.port);
  if (const int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return std::string("cannot resolve host: ") + ::gai_strerror(rc);
  }
  std::string reason = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    Socket socket(
        ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol));
    if (socket.fd() < 0) {
      reason = std::strerror(errno);
      continue;
    }
    reason = connect_with_deadline(socket, *a, deadline);
    if (!reason.empty()) continue;
    if (endpoint.kind == BrokerKind::redis) {
      static constexpr char kPing[] = "PING\r\n";
      if (::send(socket.fd(), kPing, sizeof kPing - 1, MSG_NOSIGNAL) < 0) {
        reason = std::strerror(errno);
        continue;
      }
    }
    const std::string line = read_line(socket, deadline, reason);
    if (!reason.empty()) continue;
    const char* expected = endpoint.kind == BrokerKind::redis ? "+PONG" : "INFO ";
    if (line.rfind(expected, 0) == 0) {
      reason.clear();
      break;
    }
    reason = "answered '" + line.substr(0, 80) + "', which is not a " +
             std::string(broker_name(endpoint.kind)) + " greeting";
  }
  ::freeaddrinfo(found);
  return reason;
}

}  // namespace servesim::calib
