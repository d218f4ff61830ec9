#include "harness/client_groups.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>

namespace statussim::harness {
namespace {

constexpr size_t kSlots = 1024;
std::array<std::atomic<pid_t>, kSlots> g_groups{};  // 0: free

std::mutex g_mu;          // guards the watchdog's start and its pipe
int g_watchdog_fd = -1;   // write end; -1 before the first registration
bool g_watchdog_tried = false;

// The watchdog, in the forked child: only async-signal-safe calls from here
// on (the parent may have other threads, holding locks the child inherits).
[[noreturn]] void WatchdogMain(int read_fd) {
  setpgid(0, 0);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) {
    sigaction(sig, &ignore, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  prctl(PR_SET_NAME, "statussim-watch", 0, 0, 0);
  // Keep only the pipe: every other descriptor (clients' pipes among them)
  // must not be held open by the watchdog.
  if (read_fd != 0) {
    dup2(read_fd, 0);
  }
  close_range(1, ~0U, 0);

  static pid_t groups[kSlots];
  char buf[512];
  pid_t number = 0;
  char sign = 0;
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // statussim is gone
    for (ssize_t i = 0; i < n; ++i) {
      const char c = buf[i];
      if (c == '+' || c == '-') {
        sign = c;
        number = 0;
      } else if (c >= '0' && c <= '9') {
        number = number * 10 + (c - '0');
      } else if (c == '\n' && sign != 0 && number > 0) {
        for (pid_t& g : groups) {
          if (sign == '+' && g == 0) {
            g = number;
            break;
          }
          if (sign == '-' && g == number) {
            g = 0;
            break;
          }
        }
        sign = 0;
      }
    }
  }
  for (pid_t g : groups) {
    if (g > 0) kill(-g, SIGKILL);
  }
  _exit(0);
}

// Starts the watchdog once; later failures are silent (the in-process table
// and the per-scenario cleanup still work).
void StartWatchdogLocked() {
  if (g_watchdog_tried) return;
  g_watchdog_tried = true;
  signal(SIGPIPE, SIG_IGN);  // a dead watchdog must give EPIPE, not kill us
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  const pid_t pid = fork();
  if (pid == 0) WatchdogMain(fds[0]);
  close(fds[0]);
  if (pid < 0) {
    close(fds[1]);
    return;
  }
  g_watchdog_fd = fds[1];
}

void TellWatchdogLocked(char sign, pid_t pgid) {
  if (g_watchdog_fd < 0) return;
  char line[32];
  const int len = std::snprintf(line, sizeof line, "%c%d\n", sign, static_cast<int>(pgid));
  while (write(g_watchdog_fd, line, static_cast<size_t>(len)) < 0 && errno == EINTR) {
  }
}

}  // namespace

void RegisterClientGroup(pid_t pgid) {
  for (std::atomic<pid_t>& slot : g_groups) {
    pid_t expected = 0;
    if (slot.compare_exchange_strong(expected, pgid)) break;
  }
  std::lock_guard<std::mutex> lock(g_mu);
  StartWatchdogLocked();
  TellWatchdogLocked('+', pgid);
}

void ReleaseClientGroup(pid_t pgid) {
  for (std::atomic<pid_t>& slot : g_groups) {
    pid_t expected = pgid;
    if (slot.compare_exchange_strong(expected, 0)) break;
  }
  std::lock_guard<std::mutex> lock(g_mu);
  TellWatchdogLocked('-', pgid);
}

void KillAllClientGroups() {
  for (std::atomic<pid_t>& slot : g_groups) {
    const pid_t g = slot.load();
    if (g > 0) kill(-g, SIGKILL);
  }
}

}  // namespace statussim::harness
