#include "harness/client_groups.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

constexpr char kTokenVar[] = "STATUSSIM_CLIENT_TOKEN=";

// Writes `n` in decimal at `out`; returns the length.
size_t WriteDecimal(long n, char* out) {
  char digits[24];
  size_t len = 0;
  do {
    digits[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  for (size_t i = 0; i < len; ++i) out[i] = digits[len - 1 - i];
  return len;
}

// True when one NUL-separated entry of env[0..size) starts with needle.
bool HasEntry(const char* env, size_t size, const char* needle, size_t len) {
  for (size_t at = 0; at + len <= size;) {
    size_t i = 0;
    while (i < len && env[at + i] == needle[i]) ++i;
    if (i == len) return true;
    while (at < size && env[at] != '\0') ++at;  // next entry
    ++at;
  }
  return false;
}

// The watchdog, in the forked child: only async-signal-safe calls from here
// on (the parent may have other threads, holding locks the child inherits).
[[noreturn]] void WatchdogMain(int read_fd, pid_t owner) {
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
  char prefix[48];
  KillEnvironmentCarriers(prefix, TokenPrefix(owner, prefix), /*from_signal=*/true);
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
  const pid_t owner = getpid();
  const pid_t pid = fork();
  if (pid == 0) WatchdogMain(fds[0], owner);
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
  char prefix[48];
  KillEnvironmentCarriers(prefix, TokenPrefix(getpid(), prefix), /*from_signal=*/true);
}

size_t TokenPrefix(pid_t owner, char* out) {
  size_t len = sizeof kTokenVar - 1;
  for (size_t i = 0; i < len; ++i) out[i] = kTokenVar[i];
  len += WriteDecimal(owner, out + len);
  out[len++] = '.';
  return len;
}

void KillEnvironmentCarriers(const char* needle, size_t len, bool from_signal) {
  // Static buffers: no allocation in a signal handler or a forked child; one
  // set for threads (which serialize their calls: ChildProcess::KillGroup),
  // one for the signal handler and the watchdog, which end the process after.
  static char dents_buffers[2][16 << 10];
  static char env_buffers[2][256 << 10];
  char* dents = dents_buffers[from_signal ? 1 : 0];
  char* env = env_buffers[from_signal ? 1 : 0];
  constexpr size_t kDents = sizeof dents_buffers[0];
  constexpr size_t kEnv = sizeof env_buffers[0];
  const int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  const pid_t self = getpid();
  for (;;) {
    const long n = syscall(SYS_getdents64, dir, dents, kDents);
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
      unsigned short reclen;
      __builtin_memcpy(&reclen, dents + off + 16, sizeof reclen);
      const char* name = dents + off + 19;
      off += reclen;
      long pid = 0;
      bool digits = *name != '\0';
      for (const char* c = name; *c != '\0'; ++c) {
        if (*c < '0' || *c > '9') {
          digits = false;
          break;
        }
        pid = pid * 10 + (*c - '0');
      }
      if (!digits || pid == self) continue;
      char path[64] = "/proc/";
      size_t p = 6 + WriteDecimal(pid, path + 6);
      for (const char* t = "/environ"; *t != '\0'; ++t) path[p++] = *t;
      path[p] = '\0';
      const int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      size_t have = 0;
      for (ssize_t r; have < kEnv && (r = read(fd, env + have, kEnv - have)) > 0;) {
        have += static_cast<size_t>(r);
      }
      close(fd);
      if (HasEntry(env, have, needle, len)) kill(static_cast<pid_t>(pid), SIGKILL);
    }
  }
  close(dir);
}

}  // namespace statussim::harness
