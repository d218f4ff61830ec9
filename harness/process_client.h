// ProcessClient: a client in any language, as a program that speaks
// PROTOCOL.md v1 on its standard input and output (`--client exec:'CMD'`).
//
// In `sdk` mode the client is an SDK: its backend requests are answered by a
// sim::Backend owned here (the spec model), and the backend's pushes are
// written to it. In `full` mode the client brings its own backend; it gets the
// world, the console changes and the clock.
//
// Lifecycle (PROTOCOL.md): by default every scenario runs in a fresh process
// (started at `init`, ended after `end`: its exit is awaited within the
// timeout, anything it writes after the scenario's last `synced` is a
// protocol error of that scenario, and its whole process group is ended).
// With `reuse`, one process serves many scenarios; `end` is followed by a
// `sync` that must be answered before the next `init`.
//
// Any misbehaviour (no hello, a bad version, a line that is not exactly one
// JSON object, an unknown message, a result for another id, a missing synced,
// a hang, an exit, a flood) is a Status error naming it; the process group is
// ended at once, and the runner ends the scenario with verdict `error`.
#ifndef STATUSSIM_HARNESS_PROCESS_CLIENT_H_
#define STATUSSIM_HARNESS_PROCESS_CLIENT_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/child_process.h"
#include "harness/client.h"
#include "sim/backend.h"
#include "sim/interner.h"

namespace statussim::harness {

class ProcessClient : public Client, private sim::PushSink {
 public:
  struct Options {
    std::string command;                         // run with /bin/sh -c
    std::string name;                            // shown in reports
    std::chrono::milliseconds timeout{10'000};   // question to answer (--client-timeout)
    size_t max_line_bytes = 16 << 20;            // one line (--client-max-line)
    size_t max_output_bytes = 64 << 20;          // per scenario: more is a flood (--client-max-output)
    size_t max_values = 1'000'000;               // JSON values per scenario (--client-max-values)
    bool reuse = false;                          // one process for many scenarios (--client-reuse)
  };
  explicit ProcessClient(Options options);
  ~ProcessClient() override;

  std::string name() const override { return options_.name; }
  Status Init(const Scenario& scenario) override;
  Result<sim::Outcome> Do(const Step& step) override;
  Status Configure(const sim::App& app) override;
  Status Time(Millis now) override;
  Status Sync(std::vector<DeviceEvent>* events) override;
  Status End() override;
  std::string LogTail() const override;

  // "sdk" or "full" once the client said hello.
  const std::string& mode() const { return mode_; }
  // Processes started so far (one per scenario unless `reuse`).
  int processes_started() const { return processes_started_; }

 private:
  using Deadline = ChildProcess::Clock::time_point;
  Deadline FromNow() const { return ChildProcess::Clock::now() + options_.timeout; }
  Status Start();
  // Ends the process group at once and returns `st` (every failure passes
  // here, so a failed client never lingers).
  Status Fail(Status st);
  Status Send(const sim::Value& message);
  Result<sim::Value> Receive(Deadline deadline);
  // Reads until `synced` `id` (handling events and requests) or the deadline.
  Status AwaitSynced(int64_t id, Deadline deadline);
  // A protocol error quoting the first line the client wrote after the
  // scenario's last `synced`.
  Status OutputAfterLastSynced(std::string_view output);
  // Handles a message that may come at any time: an event or (sdk mode) a
  // request. False in `*handled` for any other type.
  Status HandleAsync(const sim::Value& message, bool* handled);
  Status HandleRequest(const sim::Value& message);
  Result<sim::Outcome> DoStep(const Step& step);
  sim::DeviceId DeviceOf(const std::string& name) { return devices_.Intern(name); }

  // sim::PushSink: the backend's pushes, written as `push` messages (held
  // during a `do reconnect` until the client's reconnect request).
  void OnStatus(sim::DeviceId device, const sim::StatusItem& item) override;
  void OnKicked(sim::DeviceId device, sim::KickType type) override;
  void Push(const sim::Value& message);
  sim::Value PushMessage(sim::DeviceId device, std::string_view op);
  Status FlushHeld();

  Options options_;
  mutable ChildProcess child_;  // LogTail lingers for late stderr
  bool started_ = false;
  int processes_started_ = 0;
  std::string mode_;
  int64_t next_id_ = 1;
  size_t values_left_ = 0;  // of options_.max_values, for this scenario
  std::vector<DeviceEvent> events_;
  // sdk mode: the model behind the client.
  std::unique_ptr<sim::Backend> backend_;
  sim::Interner devices_;
  bool hold_pushes_ = false;
  std::vector<std::string> held_;  // lines
  Status push_error_ = Status::Ok();  // first failure to write a push
  std::map<sim::DeviceId, sim::LoginReply> reconnects_;  // applied at `do`, answered at request
};

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_PROCESS_CLIENT_H_
