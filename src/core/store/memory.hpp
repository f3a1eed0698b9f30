// tierlens — big blocks of memory (order record pages, the main order index), mapped so that first
// writes are cheap.
//
// A first write to a fresh page costs a page fault. On bare metal that is cheap next to filling the
// page, but under virtualisation it was measured at 4-12 µs a 4 KiB page on the benchmark machine
// (0.6-1.6 s for the ~373 MB a 10M-row file needs). Mapping the pages up front (MAP_POPULATE) helped
// on some days and not on others (the first write still trapped: 0.7-0.9 s); transparent huge pages
// take one fault per 2 MiB and cost 20-170 ms for the same 373 MB. So natively on Linux, blocks of
// 1 MiB and more are mapped 2 MiB-aligned, marked for huge pages (MADV_HUGEPAGE), and populated as
// they are committed; elsewhere (WebAssembly, where the heap is the wasm memory, and other systems)
// they come from the usual heap.
#pragma once
#include <cstddef>
#include <memory>
#include <new>

namespace tl {

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
constexpr bool kHugePages = true;
#else
constexpr bool kHugePages = false;
#endif
constexpr size_t kHugePage = size_t(2) << 20;

void* big_alloc(size_t bytes);             // committed; throws std::bad_alloc
void big_free(void* p, size_t bytes) noexcept;
// Address space for `bytes`, committed piecewise with big_commit (a grown array's last block is
// resident only as far as it is used). Without huge pages: the same as big_alloc.
void* big_reserve(size_t bytes);
void big_commit(void* p, size_t bytes) noexcept;
// Makes one block of `bytes` ready (mapped and zeroed) for a later big_reserve(bytes), unless one is
// ready already: called by a thread with time to spare, so that the thread filling the blocks does
// not wait for the kernel. Thread-safe; a no-op without huge pages.
void big_prepare(size_t bytes);

// How many blocks of `block_bytes` to reserve at a time so that they fill whole huge pages.
constexpr size_t blocks_per_reservation(size_t block_bytes) {
  if (!kHugePages) return 1;
  for (size_t k = 1; k <= 64; ++k)
    if (k * block_bytes % kHugePage == 0) return k;
  return 1;
}

template <class T>
struct BigAllocator {
  using value_type = T;
  BigAllocator() = default;
  template <class U>
  BigAllocator(const BigAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(big_alloc(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { big_free(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const BigAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const BigAllocator<U>&) const { return false; }
};

}  // namespace tl
