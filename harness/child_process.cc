#include "harness/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "harness/client_groups.h"

extern char** environ;

namespace statussim::harness {
namespace {

constexpr std::string_view kTokenVar = "STATUSSIM_CLIENT_TOKEN=";
constexpr size_t kReadChunk = 64 << 10;

int MillisUntil(ChildProcess::Clock::time_point deadline, int cap) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - ChildProcess::Clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<int64_t>(left.count() + 1, cap));
}

std::string SignalText(int sig) {
  const char* name = sigabbrev_np(sig);
  return fmt::format("signal {} (SIG{})", sig, name ? name : "?");
}

std::string DescribeExit(int code) {
  // A shell between us and the program reports a signal as 128 + N.
  if (code > 128 && code < 128 + 65) {
    return fmt::format("exited with code {} (a shell's way of saying: killed by {})", code,
                       SignalText(code - 128));
  }
  return fmt::format("exited with code {}", code);
}

// A plain command (no shell syntax) is exec'd by the shell, so signals and
// exit codes are the program's own and the process group is just the program.
std::string ShellLine(const std::string& command) {
  if (command.find_first_of(";&|<>()$`\\\n*?~{}") != std::string::npos) return command;
  return "exec " + command;
}

std::string NewToken() {
  static std::atomic<uint64_t> counter{0};
  return fmt::format("{}.{}", getpid(), counter.fetch_add(1) + 1);
}

}  // namespace

ChildProcess::~ChildProcess() {
  KillGroup();
  CloseFd(&in_);
  CloseFd(&out_);
  CloseFd(&err_);
}

void ChildProcess::CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

Status ChildProcess::Start(const std::string& command, Limits limits) {
  KillGroup();  // an earlier process of this object, if any
  CloseFd(&in_);
  CloseFd(&out_);
  CloseFd(&err_);
  limits_ = limits;
  token_ = NewToken();
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) {
    return Status::Error(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  }
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return Status::Error(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) close(fd);
    return Status::Error(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  }
  signal(SIGPIPE, SIG_IGN);  // a client that exits must give EPIPE, not kill us
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // Its own process group; every signal at its default (SIGPIPE included,
  // which this process ignores) and none blocked: the client sees signals as
  // any program started from a shell does.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t all, none;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  // The environment, with this client's token (replacing any inherited one).
  const std::string token_entry = std::string(kTokenVar) + token_;
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).substr(0, kTokenVar.size()) != kTokenVar) env.push_back(*e);
  }
  env.push_back(const_cast<char*>(token_entry.c_str()));
  env.push_back(nullptr);
  const std::string line = ShellLine(command);
  const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), env.data());
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
  RegisterClientGroup(pid_);
  pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));  // -1: poll the status instead
  if (pidfd_ >= 0) fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
  for (int fd : {in_, out_, err_}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  out_buf_.clear();
  out_pos_ = out_scan_ = 0;
  err_tail_.clear();  // a report shows this process's log, not an earlier one's
  out_eof_ = false;
  exited_ = false;
  exit_text_.clear();
  return Status::Ok();
}

void ChildProcess::SetOutputBudget(size_t bytes) {
  budget_bytes_ = bytes;
  budget_end_ = stdout_bytes_ + bytes;
}

Status ChildProcess::FloodError() const {
  return Status::Error(fmt::format(
      "client protocol error: output flood: more than {} bytes in one scenario "
      "(--client-max-output)",
      budget_bytes_));
}

void ChildProcess::ReadStdout() {
  while (out_ >= 0 && !out_eof_ && !flooded()) {
    const size_t old = out_buf_.size();
    out_buf_.resize(old + kReadChunk);
    ssize_t n = read(out_, out_buf_.data() + old, kReadChunk);
    out_buf_.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n > 0) {
      stdout_bytes_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) out_eof_ = true;
    return;  // EAGAIN or EOF
  }
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
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) CloseFd(&err_);
    return;  // EAGAIN or EOF
  }
}

void ChildProcess::NoteExit() {
  if (exited_ || pid_ <= 0) return;
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return;
  if (info.si_pid != pid_) return;  // still running
  exited_ = true;
  exit_text_ = info.si_code == CLD_EXITED ? DescribeExit(info.si_status)
                                          : "killed by " + SignalText(info.si_status);
}

bool ChildProcess::Pump(Clock::time_point deadline, bool want_write) {
  for (;;) {
    pollfd fds[4];
    nfds_t n = 0;
    int in_at = -1, out_at = -1, err_at = -1, pid_at = -1;
    if (want_write && in_ >= 0) {
      in_at = static_cast<int>(n);
      fds[n++] = pollfd{in_, POLLOUT, 0};
    }
    if (out_ >= 0 && !out_eof_ && !flooded()) {
      out_at = static_cast<int>(n);
      fds[n++] = pollfd{out_, POLLIN, 0};
    }
    if (err_ >= 0) {
      err_at = static_cast<int>(n);
      fds[n++] = pollfd{err_, POLLIN, 0};
    }
    if (pidfd_ >= 0 && !exited_) {
      pid_at = static_cast<int>(n);
      fds[n++] = pollfd{pidfd_, POLLIN, 0};
    }
    // Without a pidfd, the exit is polled for every 20 ms.
    const int wait = MillisUntil(deadline, pidfd_ >= 0 || exited_ ? 1000 : 20);
    const int rc = poll(fds, n, wait);
    if (rc < 0 && errno == EINTR) continue;
    bool happened = false;
    if (out_at >= 0 && fds[out_at].revents != 0) {
      ReadStdout();
      happened = true;
    }
    if (err_at >= 0 && fds[err_at].revents != 0) DrainStderr();
    if (!exited_ && (pid_at >= 0 ? fds[pid_at].revents != 0 : pidfd_ < 0)) {
      NoteExit();
      happened = happened || exited_;
    }
    if (in_at >= 0 && fds[in_at].revents != 0) happened = true;
    if (happened) return true;
    if (Clock::now() >= deadline) return false;
  }
}

Status ChildProcess::WriteLine(std::string_view line, Clock::time_point deadline) {
  std::string data(line);
  data.push_back('\n');
  size_t done = 0;
  while (done < data.size()) {
    // A client that is gone, or closed its input, owes an answer that will
    // tell; the message is dropped.
    if (in_ < 0 || exited_) return Status::Ok();
    ssize_t n = write(in_, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) {
      CloseFd(&in_);
      return Status::Ok();
    }
    if (flooded()) return FloodError();
    if (!Pump(deadline, true)) return Status::Error("client timeout (it does not read its input)");
  }
  return Status::Ok();
}

Result<std::string> ChildProcess::ReadLine(Clock::time_point deadline) {
  for (;;) {
    const size_t nl = out_buf_.find('\n', std::max(out_pos_, out_scan_));
    if (nl != std::string::npos) {
      if (nl - out_pos_ > limits_.max_line_bytes) break;
      std::string line = out_buf_.substr(out_pos_, nl - out_pos_);
      out_pos_ = nl + 1;
      out_scan_ = out_pos_;
      // Lines are taken from the front without moving the rest each time.
      if (out_pos_ == out_buf_.size()) {
        out_buf_.clear();
        out_pos_ = out_scan_ = 0;
      } else if (out_pos_ > (1 << 20) && out_pos_ > out_buf_.size() / 2) {
        out_buf_.erase(0, out_pos_);
        out_pos_ = out_scan_ = 0;
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    out_scan_ = out_buf_.size();
    if (out_buf_.size() - out_pos_ > limits_.max_line_bytes) break;
    if (flooded()) return FloodError();
    if (exited_) {
      // Whatever it wrote before it exited is in the pipe: read it first.
      const size_t before = stdout_bytes_;
      ReadStdout();
      if (stdout_bytes_ != before) continue;
      return Status::Error("client " + exit_text_);
    }
    if (out_eof_) {
      if (WaitExit(deadline).empty()) {
        return Status::Error("client timeout (it closed its standard output and did not exit)");
      }
      continue;
    }
    if (!Pump(deadline, false)) {
      DrainStderr();
      return Status::Error("client timeout");
    }
  }
  return Status::Error(fmt::format(
      "client protocol error: a line longer than {} bytes (--client-max-line)",
      limits_.max_line_bytes));
}

void ChildProcess::CloseInput() { CloseFd(&in_); }

std::string ChildProcess::WaitExit(Clock::time_point deadline) {
  while (!exited_ && pid_ > 0) {
    if (!Pump(deadline, false)) {
      NoteExit();
      break;
    }
  }
  if (exited_) ReadStdout();
  return exited_ ? exit_text_ : "";
}

void ChildProcess::KillGroup() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);
  {
    static std::mutex scan;  // KillEnvironmentCarriers is not reentrant
    std::lock_guard<std::mutex> lock(scan);
    const std::string entry = std::string(kTokenVar) + token_ + '\0';
    KillEnvironmentCarriers(entry.data(), entry.size(), /*from_signal=*/false);
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  if (!exited_) {
    exited_ = true;
    exit_text_ = WIFSIGNALED(status) ? "killed by " + SignalText(WTERMSIG(status))
                                     : DescribeExit(WEXITSTATUS(status));
  }
  ReleaseClientGroup(pid_);
  pid_ = -1;
  CloseFd(&pidfd_);
  CloseFd(&in_);
  CloseFd(&out_);
}

void ChildProcess::Linger(std::chrono::milliseconds wait) {
  const auto until = Clock::now() + wait;
  while (err_ >= 0 && Clock::now() < until) {
    pollfd fd{err_, POLLIN, 0};
    if (poll(&fd, 1, MillisUntil(until, 1000)) > 0) DrainStderr();
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
