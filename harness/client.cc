#include "harness/client.h"

// Client and ForwardingClient are defined in the header; this file keeps the
// vtable anchored in one translation unit.
namespace statussim::harness {}  // namespace statussim::harness
