// tierlens — big blocks with their pages mapped up front (see memory.hpp).
#include "store/memory.hpp"

#include <cstdlib>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define TL_POPULATE 1
#endif

namespace tl {

namespace {
constexpr size_t kBig = size_t(1) << 20;
}

void* big_alloc(size_t bytes) {
#if defined(TL_POPULATE)
  if (bytes >= kBig) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return p;
  }
#endif
  void* p = std::malloc(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  return p;
}

void big_free(void* p, size_t bytes) noexcept {
  if (!p) return;
#if defined(TL_POPULATE)
  if (bytes >= kBig) {
    munmap(p, bytes);
    return;
  }
#endif
  std::free(p);
}

}  // namespace tl
