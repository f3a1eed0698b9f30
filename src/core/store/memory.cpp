// tierlens — big blocks, 2 MiB-aligned huge pages natively on Linux (see memory.hpp).
#include "store/memory.hpp"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <vector>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#define TL_HUGE_PAGES 1
#include <sys/mman.h>
#include <unistd.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   // Linux 5.14
#endif
#endif

namespace tl {

namespace {
constexpr size_t kBig = size_t(1) << 20;

void* heap_alloc(size_t bytes) {
  void* p = std::malloc(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

#if defined(TL_HUGE_PAGES)
namespace {
// Blocks made ready by big_prepare, all of one size.
std::mutex g_ready_mutex;
std::vector<void*> g_ready;
size_t g_ready_bytes = 0;

uintptr_t page_mask() {
  static const uintptr_t mask = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096) - 1;
  return mask;
}

void* take_ready(size_t bytes) {
  std::lock_guard<std::mutex> lock(g_ready_mutex);
  if (g_ready.empty() || g_ready_bytes != bytes) return nullptr;
  void* p = g_ready.back();
  g_ready.pop_back();
  return p;
}
}  // namespace
#endif

void* big_reserve(size_t bytes) {
#if defined(TL_HUGE_PAGES)
  if (bytes >= kBig) {
    if (void* p = take_ready(bytes)) return p;
    // over-map by a huge page and trim both ends, so that the block starts on a 2 MiB boundary
    const size_t span = bytes + kHugePage;
    void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const uintptr_t a = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t p = (a + kHugePage - 1) & ~(uintptr_t(kHugePage) - 1);
    const uintptr_t end = (p + bytes + page_mask()) & ~page_mask();
    if (p > a) munmap(raw, p - a);
    if (a + span > end) munmap(reinterpret_cast<void*>(end), a + span - end);
    madvise(reinterpret_cast<void*>(p), end - p, MADV_HUGEPAGE);   // a hint: refused is fine
    return reinterpret_cast<void*>(p);
  }
#endif
  return heap_alloc(bytes);
}

void big_commit(void* p, size_t bytes) noexcept {
#if defined(TL_HUGE_PAGES)
  if (bytes >= kBig) {
    // whole pages around [p, p + bytes): the huge pages covering them are populated; refused (before
    // Linux 5.14) is fine, the pages then fault in on first write
    const uintptr_t b = reinterpret_cast<uintptr_t>(p) & ~page_mask();
    const uintptr_t e = (reinterpret_cast<uintptr_t>(p) + bytes + page_mask()) & ~page_mask();
    madvise(reinterpret_cast<void*>(b), e - b, MADV_POPULATE_WRITE);
  }
#endif
  (void)p;
  (void)bytes;
}

void big_prepare(size_t bytes) {
#if defined(TL_HUGE_PAGES)
  if (bytes < kBig) return;
  {
    std::lock_guard<std::mutex> lock(g_ready_mutex);
    if (g_ready_bytes == bytes && !g_ready.empty()) return;
  }
  void* p = big_reserve(bytes);
  big_commit(p, bytes);
  std::lock_guard<std::mutex> lock(g_ready_mutex);
  if (g_ready_bytes != bytes) {   // another size was asked for before: those blocks are not wanted
    for (void* q : g_ready) big_free(q, g_ready_bytes);
    g_ready.clear();
    g_ready_bytes = bytes;
  }
  g_ready.push_back(p);
#else
  (void)bytes;
#endif
}

void* big_alloc(size_t bytes) {
  void* p = big_reserve(bytes);
  big_commit(p, bytes);
  return p;
}

void big_free(void* p, size_t bytes) noexcept {
  if (!p) return;
#if defined(TL_HUGE_PAGES)
  if (bytes >= kBig) {
    munmap(p, bytes);
    return;
  }
#endif
  std::free(p);
}

}  // namespace tl
