// ClientGroups: the process groups of every client statussim has started and
// not yet ended, so that none outlives statussim however it ends
// (PROTOCOL.md, Lifecycle 4).
//
// - A normal end of a scenario ends its group itself (ChildProcess::KillGroup).
// - A second SIGINT/SIGTERM calls KillAllClientGroups() from the signal
//   handler before _exit: the table is a fixed array of atomics, and the
//   function only calls kill(2), so it is async-signal-safe.
// - SIGKILL (or a crash) leaves no chance to run code, so the first
//   registration forks a watchdog: a tiny process that holds the read end of a
//   pipe whose write end only statussim holds. Every registration and release
//   is written to that pipe; when statussim dies, the kernel closes the write
//   end, the watchdog reads end-of-file, kills every group still registered
//   and exits. The watchdog runs in its own process group and ignores SIGINT,
//   SIGTERM and SIGHUP, so a terminal's Ctrl-C or a kill of statussim's group
//   cannot take it away first.
//
// A client process that leaves its group (setsid, setpgid) is not in the
// table; it is found by the token in its environment (STATUSSIM_CLIENT_TOKEN=
// <statussim's pid>.<n>), at the end of its scenario, by the second signal
// and by the watchdog alike. The one that escapes all three leaves its group
// and clears its environment (docs/limits.md).
#ifndef STATUSSIM_HARNESS_CLIENT_GROUPS_H_
#define STATUSSIM_HARNESS_CLIENT_GROUPS_H_

#include <sys/types.h>

namespace statussim::harness {

// Remembers a client's process group (and tells the watchdog, starting it on
// first use). At most 1024 groups are held at once; more are not remembered
// (and are still ended at the end of their scenario).
void RegisterClientGroup(pid_t pgid);
// Forgets a group that has been ended.
void ReleaseClientGroup(pid_t pgid);
// Sends SIGKILL to every registered group and to every process carrying a
// token of this statussim. Async-signal-safe.
void KillAllClientGroups();

// Sends SIGKILL to every process (but the caller) whose environment has an
// entry starting with needle[0..len) (e.g. "STATUSSIM_CLIENT_TOKEN=12.3\0"
// for one client, "STATUSSIM_CLIENT_TOKEN=12." for all of statussim 12's).
// Async-signal-safe: raw system calls and static buffers only (one set for
// threads, which must not call it at the same time, one for a signal
// handler or a forked child: `from_signal`).
void KillEnvironmentCarriers(const char* needle, size_t len, bool from_signal);

// The environment entry prefix of every client token of process `owner`
// ("STATUSSIM_CLIENT_TOKEN=<owner>."), written to `out` (at least 48 bytes);
// returns its length. Async-signal-safe.
size_t TokenPrefix(pid_t owner, char* out);

}  // namespace statussim::harness

#endif  // STATUSSIM_HARNESS_CLIENT_GROUPS_H_
