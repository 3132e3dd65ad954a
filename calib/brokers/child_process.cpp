// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sched.h>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace servesim::calib {
namespace {

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

// What the child needs between its start and exec, prepared by the parent.
struct ExecRequest {
  char* const* argv;
  int log_fd;
  int null_fd;
  int error_fd;
  pid_t parent;
};

// Runs in the child, on its own stack but in the parent's memory (see spawn): only
// async-signal-safe calls, nothing written but the child's own stack and errno.
[[noreturn]] __attribute__((no_sanitize_address)) void exec_child(const ExecRequest& r) {
  // The signal dispositions are the child's own copy: handlers that would run the parent's code
  // on this stack go back to the default before signals are let in.
  for (int signal = 1; signal < NSIG; ++signal) {
    struct sigaction action {};
    if (::sigaction(signal, nullptr, &action) == 0 && action.sa_handler != SIG_IGN &&
        action.sa_handler != SIG_DFL) {
      action.sa_handler = SIG_DFL;
      action.sa_flags = 0;
      ::sigaction(signal, &action, nullptr);
    }
  }
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != r.parent) ::_exit(127);  // the parent died before prctl took effect
  ::dup2(r.null_fd, STDIN_FILENO);
  ::dup2(r.log_fd, STDOUT_FILENO);
  ::dup2(r.log_fd, STDERR_FILENO);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the server must see SIGTERM even if we block it
  ::execv(r.argv[0], r.argv);
  const int error = errno;
  ssize_t ignored = ::write(r.error_fd, &error, sizeof error);
  (void)ignored;
  ::_exit(127);
}

__attribute__((no_sanitize_address)) int exec_child_entry(void* request) {
  exec_child(*static_cast<const ExecRequest*>(request));
}

// The child's stack until it execs: exec_child's frames and the libc calls it makes.
constexpr std::size_t kChildStackBytes = 64 * 1024;

}  // namespace

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv,
                                 const std::string& log_path) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    throw std::invalid_argument("ChildProcess::spawn needs an absolute program path");
  }
  // Everything the child needs is prepared before fork.
  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  for (std::string& a : args) pointers.push_back(a.data());
  pointers.push_back(nullptr);

  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    throw std::runtime_error("cannot open log file '" + log_path + "': " + std::strerror(errno));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int error_pipe[2];
  if (null_fd < 0 || ::pipe2(error_pipe, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    throw std::runtime_error("cannot start '" + argv[0] + "': " + std::strerror(error));
  }
  // The child shares the parent's memory until it execs, the parent waiting meanwhile
  // (CLONE_VM | CLONE_VFORK, as posix_spawn does; posix_spawn cannot set PR_SET_PDEATHSIG).
  // fork() would write-protect every page of the parent: a server that starts its load generator
  // after warming its models would then fault on its first write to each page, 6,000-11,500
  // faults and +100-250 ms on the first call of each model instance on this VM.
  const ExecRequest request{pointers.data(), log_fd, null_fd, error_pipe[1], ::getpid()};
  void* stack = ::mmap(nullptr, kChildStackBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  pid_t pid = -1;
  int spawn_error = errno;
  if (stack != MAP_FAILED) {
    // No signal handler of the parent may run on the child's stack before it resets them.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid = ::clone(exec_child_entry, static_cast<char*>(stack) + kChildStackBytes,
                  CLONE_VM | CLONE_VFORK | SIGCHLD, const_cast<ExecRequest*>(&request));
    spawn_error = errno;
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    ::munmap(stack, kChildStackBytes);  // the child has exec'd or exited: its stack is free
  }
  ::close(log_fd);
  ::close(null_fd);
  ::close(error_pipe[1]);
  if (pid < 0) {
    ::close(error_pipe[0]);
    throw std::runtime_error("cannot start a process for '" + argv[0] +
                             "': " + std::strerror(spawn_error));
  }
  ChildProcess child(pid);
  // Also set the group from the parent, so that a stop right after spawn reaches the group.
  ::setpgid(pid, pid);
  // The pipe closes on a successful exec (CLOEXEC) or carries the exec errno.
  int exec_error = 0;
  ssize_t got;
  do {
    got = ::read(error_pipe[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  ::close(error_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof exec_error)) {
    child.stop(std::chrono::milliseconds(0));
    throw std::runtime_error("cannot execute '" + argv[0] + "': " + std::strerror(exec_error));
  }
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      exited_(std::exchange(other.exited_, false)),
      exit_code_(other.exit_code_),
      exit_value_(other.exit_value_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, -1);
    exited_ = std::exchange(other.exited_, false);
    exit_code_ = other.exit_code_;
    exit_value_ = other.exit_value_;
  }
  return *this;
}

ChildProcess::~ChildProcess() { stop(); }

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  if (exited_) return false;
  // WNOWAIT leaves the child a zombie: its pid (and so its group id) cannot be reused until
  // stop() has signalled the group and reaped it.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return false;
  }
  if (info.si_pid != pid_) return true;
  exited_ = true;
  exit_code_ = info.si_code;
  exit_value_ = info.si_status;
  return false;
}

std::string ChildProcess::status_text() const {
  if (!exited_) return "running";
  if (exit_code_ == CLD_EXITED) return "exited with status " + std::to_string(exit_value_);
  return "killed by signal " + std::to_string(exit_value_);
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return;
  if (!exited_) {
    // The whole group: a server that forked helpers takes them along.
    ::kill(-pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  // Stragglers in the group, or a leader that ignored SIGTERM; the leader is at most a zombie
  // here, so the group id still names our processes.
  ::kill(-pid_, SIGKILL);
  int status = 0;
  pid_t done;
  do {
    done = ::waitpid(pid_, &status, 0);
  } while (done < 0 && errno == EINTR);
  if (done == pid_ && !exited_) {
    exited_ = true;
    exit_code_ = WIFEXITED(status) ? CLD_EXITED : CLD_KILLED;
    exit_value_ = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
  }
  pid_ = -1;
}

std::string find_executable(const std::string& name) {
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return is_executable_file(name) ? name : "";
  std::string dirs;
  if (const char* path = std::getenv("PATH")) dirs = path;
  dirs += ":/usr/local/sbin:/usr/sbin:/sbin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, end - start);
    if (!dir.empty() && dir[0] == '/') {
      const std::string candidate = dir + "/" + name;
      if (is_executable_file(candidate)) return candidate;
    }
    start = end + 1;
  }
  return "";
}

int pick_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  // sockaddr_in and sockaddr share a prefix: the sockets API is built on this cast.
  auto* generic = reinterpret_cast<sockaddr*>(&address);
  if (::bind(fd, generic, sizeof address) != 0 || ::getsockname(fd, generic, &length) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(std::string("cannot find a free port on 127.0.0.1: ") +
                             std::strerror(error));
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string tail_of_file(const std::string& path, int max_lines) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (static_cast<int>(lines.size()) > max_lines) lines.pop_front();
  }
  std::string text;
  for (const std::string& l : lines) text += "\n  | " + l;
  return text;
}

}  // namespace servesim::calib
