// ChildProcess: a client program started with `/bin/sh -c COMMAND`, its
// standard input, output and error on pipes (PROTOCOL.md, Lifecycle).
//
// Invariants:
// - One poll loop serves all three pipes and the process itself (a pidfd):
//   while the harness writes, it also reads the client's output, so neither
//   side can block the other however much either writes. Output read ahead is
//   kept for ReadLine, up to the output budget.
// - Every wait has a deadline fixed by the caller (the question's, PROTOCOL.md
//   "Order and timing"): lines that are not the answer do not extend it.
// - The child is a process group leader with default signal dispositions and
//   an empty signal mask, and a token in its environment
//   (STATUSSIM_CLIENT_TOKEN) that its descendants inherit. KillGroup() ends
//   the group and every process carrying the token; the group is registered
//   with ClientGroups until then, so it dies with statussim too.
// - The exit is seen through the pidfd, not through the end of the output
//   pipe: a grandchild holding standard output open cannot hide it. The exit
//   status is read without reaping (waitid WNOWAIT), so the group's id cannot
//   be reused before KillGroup() has ended it.
// - Memory: the output buffer holds at most the output budget plus one read
//   (64 KiB); standard error is kept as a bounded tail.
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
    size_t max_line_bytes = 16 << 20;     // one protocol line (--client-max-line)
    size_t stderr_tail_bytes = 16 << 10;  // kept for reports
  };

  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  Status Start(const std::string& command, Limits limits);
  // Started and not yet ended by KillGroup().
  bool running() const { return pid_ > 0; }
  // The process has exited (its group may still have members).
  bool exited() const { return exited_; }

  // From now on, at most `bytes` more bytes of standard output are read;
  // past that, reads fail with an output flood.
  void SetOutputBudget(size_t bytes);

  // Writes `line` plus '\n', reading the client's output meanwhile. A client
  // that has exited or closed its input is not an error here (the answer it
  // owes will show it); one that stops reading fails at the deadline.
  Status WriteLine(std::string_view line, Clock::time_point deadline);
  // The next line (without '\n'; a trailing '\r' is dropped). Fails on the
  // deadline ("client timeout"), the process's exit once every line it wrote
  // is read ("client exited with code N", "client killed by signal S"), an
  // output flood, or a line longer than the limit.
  Result<std::string> ReadLine(Clock::time_point deadline);
  // The bytes read and not yet returned as lines (for excerpts).
  std::string_view buffered() const {
    return std::string_view(out_buf_).substr(out_pos_);
  }

  // Closes the client's standard input.
  void CloseInput();
  // Waits until the process exits or the deadline passes, reading its output
  // into the buffer. The exit text ("exited with code 0", "killed by signal
  // 9 (SIGKILL)"), or "" at the deadline.
  std::string WaitExit(Clock::time_point deadline);

  // Ends the process group and every process carrying this client's token,
  // then reaps the child. Idempotent.
  void KillGroup();

  // The last lines the child wrote to standard error.
  std::string StderrTail() const;
  // Keeps draining standard error for up to `wait` (until it closes), so
  // what a failing client writes just after its last output is not lost.
  void Linger(std::chrono::milliseconds wait);
  // Bytes read from standard output so far.
  size_t stdout_bytes() const { return stdout_bytes_; }
  // The token in the child's environment (tests look for it).
  const std::string& token() const { return token_; }

 private:
  // One round of poll over the pipes and the pidfd until something happens or
  // the deadline; reads what is readable. False at the deadline.
  bool Pump(Clock::time_point deadline, bool want_write);
  void ReadStdout();
  bool flooded() const { return stdout_bytes_ > budget_end_; }
  Status FloodError() const;
  void DrainStderr();
  void NoteExit();  // exited_ and exit_text_ from waitid(WNOWAIT)
  void CloseFd(int* fd);

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  Limits limits_;
  std::string token_;
  std::string out_buf_;
  size_t out_pos_ = 0;   // out_buf_[out_pos_..] is not yet returned
  size_t out_scan_ = 0;  // out_buf_[out_pos_..out_scan_) holds no '\n'
  std::string err_tail_;
  size_t stdout_bytes_ = 0;
  size_t budget_bytes_ = SIZE_MAX;  // SetOutputBudget's argument
  size_t budget_end_ = SIZE_MAX;    // stdout_bytes_ past which output is a flood
  bool out_eof_ = false;
  bool exited_ = false;
  std::string exit_text_;  // set once exited_
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_CHILD_PROCESS_H_
