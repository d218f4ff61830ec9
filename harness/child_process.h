// ChildProcess: a client program started with `/bin/sh -c COMMAND`, its
// standard input, output and error on pipes (PROTOCOL.md).
//
// Every read and write takes a deadline, and standard error is drained while
// waiting, so a client that hangs, floods or stops reading can never block
// the harness. Standard error is kept as a bounded tail for reports. The
// child runs in its own process group; Kill() ends the whole group.
#ifndef STATUSSIM_HARNESS_CHILD_PROCESS_H_
#define STATUSSIM_HARNESS_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>

#include "harness/status.h"

namespace statussim::harness {

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    size_t max_line_bytes = 1 << 20;       // one protocol line
    size_t stderr_tail_bytes = 16 << 10;   // kept for reports
  };

  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  Status Start(const std::string& command, Limits limits);
  bool running() const { return pid_ > 0; }

  // Writes `line` plus '\n'. Fails when the child stops reading until the
  // deadline or has exited.
  Status WriteLine(std::string_view line, Clock::time_point deadline);
  // Reads the next line (without '\n'; a trailing '\r' is dropped). Fails on
  // timeout ("client timeout"), end of output ("client exited with code N"),
  // or a line longer than the limit.
  Result<std::string> ReadLine(Clock::time_point deadline);

  // Closes stdin and waits up to `grace` for the child to exit, then kills
  // its process group. Returns how it ended ("exited with code 0", ...).
  std::string Stop(std::chrono::milliseconds grace);
  // Kills the process group at once and reaps the child.
  void Kill();

  // The last lines the child wrote to standard error.
  std::string StderrTail() const;
  // Keeps draining standard error for up to `wait` (until it closes), so
  // what a failing client writes just after its last output is not lost.
  void Linger(std::chrono::milliseconds wait);
  // Bytes read from standard output so far.
  size_t stdout_bytes() const { return stdout_bytes_; }

 private:
  // Waits for output (and drains stderr) until the deadline; false on timeout.
  bool Pump(Clock::time_point deadline, bool want_write);
  void DrainStderr();
  std::string Reap(bool block);  // "" if still running
  void CloseFd(int* fd);

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  Limits limits_;
  std::string out_buf_;
  std::string err_tail_;
  size_t stdout_bytes_ = 0;
  bool out_eof_ = false;
  std::string exit_text_;  // set once reaped
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_CHILD_PROCESS_H_
