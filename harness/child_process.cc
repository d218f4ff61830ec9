#include "harness/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

extern char** environ;

namespace statussim::harness {
namespace {

int MillisUntil(ChildProcess::Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - ChildProcess::Clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<int64_t>(left.count(), 1000));
}

std::string SignalText(int sig) {
  const char* name = sigabbrev_np(sig);
  return fmt::format("signal {} (SIG{})", sig, name ? name : "?");
}

std::string DescribeWait(int status) {
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    // A shell between us and the program reports a signal as 128 + N.
    if (code > 128 && code < 128 + 65) {
      return fmt::format("exited with code {} (a shell's way of saying: killed by {})", code,
                         SignalText(code - 128));
    }
    return fmt::format("exited with code {}", code);
  }
  if (WIFSIGNALED(status)) return "was killed by " + SignalText(WTERMSIG(status));
  return "ended";
}

// A plain command (no shell syntax) is exec'd by the shell, so signals and
// exit codes are the program's own and the process group is just the program.
std::string ShellLine(const std::string& command) {
  if (command.find_first_of(";&|<>()$`\\\n*?~{}") != std::string::npos) return command;
  return "exec " + command;
}

}  // namespace

ChildProcess::~ChildProcess() {
  if (running()) Kill();
  CloseFd(&in_);
  CloseFd(&out_);
  CloseFd(&err_);
}

void ChildProcess::CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

Status ChildProcess::Start(const std::string& command, Limits limits) {
  limits_ = limits;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    return Status::Error(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  }
  signal(SIGPIPE, SIG_IGN);  // a client that exits must give EPIPE, not kill us
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const std::string line = ShellLine(command);
  const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  in_ = in_pipe[1];
  out_ = out_pipe[0];
  err_ = err_pipe[0];
  if (rc != 0) return Status::Error(fmt::format("cannot start client: {}", std::strerror(rc)));
  pid_ = pid;
  fcntl(in_, F_SETFL, fcntl(in_, F_GETFL) | O_NONBLOCK);
  fcntl(out_, F_SETFL, fcntl(out_, F_GETFL) | O_NONBLOCK);
  fcntl(err_, F_SETFL, fcntl(err_, F_GETFL) | O_NONBLOCK);
  return Status::Ok();
}

void ChildProcess::DrainStderr() {
  if (err_ < 0) return;
  char buf[4096];
  for (;;) {
    ssize_t n = read(err_, buf, sizeof buf);
    if (n > 0) {
      err_tail_.append(buf, static_cast<size_t>(n));
      if (err_tail_.size() > 2 * limits_.stderr_tail_bytes) {
        err_tail_.erase(0, err_tail_.size() - limits_.stderr_tail_bytes);
      }
      continue;
    }
    if (n == 0) CloseFd(&err_);
    return;  // EAGAIN or EOF
  }
}

bool ChildProcess::Pump(Clock::time_point deadline, bool want_write) {
  for (;;) {
    pollfd fds[2];
    nfds_t n = 0;
    const int main_fd = want_write ? in_ : out_;
    fds[n++] = pollfd{main_fd, static_cast<short>(want_write ? POLLOUT : POLLIN), 0};
    if (err_ >= 0) fds[n++] = pollfd{err_, POLLIN, 0};
    const int wait = MillisUntil(deadline);
    int rc = poll(fds, n, wait);
    if (rc < 0 && errno == EINTR) continue;
    if (n > 1 && fds[1].revents != 0) DrainStderr();
    if (fds[0].revents != 0) return true;
    if (Clock::now() >= deadline) return false;
  }
}

Status ChildProcess::WriteLine(std::string_view line, Clock::time_point deadline) {
  std::string data(line);
  data.push_back('\n');
  size_t done = 0;
  while (done < data.size()) {
    if (in_ < 0) return Status::Error("client closed its input");
    ssize_t n = write(in_, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) {
      std::string how = Reap(false);
      if (how.empty()) {
        Kill();
        how = exit_text_;
      }
      return Status::Error(fmt::format("client {} (it stopped reading its input)", how));
    }
    if (!Pump(deadline, true)) return Status::Error("client timeout (it does not read its input)");
  }
  return Status::Ok();
}

Result<std::string> ChildProcess::ReadLine(Clock::time_point deadline) {
  for (;;) {
    size_t nl = out_buf_.find('\n');
    if (nl != std::string::npos) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (out_buf_.size() > limits_.max_line_bytes) {
      return Status::Error(fmt::format(
          "client protocol error: a line longer than {} bytes", limits_.max_line_bytes));
    }
    if (out_eof_) {
      std::string how = Reap(true);
      return Status::Error(fmt::format("client {}", how.empty() ? exit_text_ : how));
    }
    char buf[65536];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n > 0) {
      out_buf_.append(buf, static_cast<size_t>(n));
      stdout_bytes_ += static_cast<size_t>(n);
      continue;
    }
    if (n == 0) {
      out_eof_ = true;
      DrainStderr();
      continue;
    }
    if (errno == EINTR) continue;
    if (!Pump(deadline, false)) {
      DrainStderr();
      return Status::Error("client timeout");
    }
  }
}

std::string ChildProcess::Reap(bool block) {
  if (pid_ <= 0) return exit_text_;
  int status = 0;
  pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == 0) return "";
  exit_text_ = r == pid_ ? DescribeWait(status) : "ended";
  pid_ = -1;
  DrainStderr();
  return exit_text_;
}

std::string ChildProcess::Stop(std::chrono::milliseconds grace) {
  CloseFd(&in_);
  const auto until = Clock::now() + grace;
  while (pid_ > 0 && Clock::now() < until) {
    DrainStderr();
    if (!Reap(false).empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (pid_ > 0) Kill();
  return exit_text_;
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  Reap(true);
}

void ChildProcess::Linger(std::chrono::milliseconds wait) {
  const auto until = Clock::now() + wait;
  while (err_ >= 0 && Clock::now() < until) {
    pollfd fd{err_, POLLIN, 0};
    if (poll(&fd, 1, MillisUntil(until)) > 0) DrainStderr();
  }
}

std::string ChildProcess::StderrTail() const {
  // The last ~20 lines.
  size_t start = err_tail_.size();
  int lines = 0;
  while (start > 0 && lines <= 20) {
    --start;
    if (err_tail_[start] == '\n' && start + 1 < err_tail_.size()) ++lines;
  }
  if (lines > 20) ++start;
  return err_tail_.substr(start);
}

}  // namespace statussim::harness
