// raw_scan — the native floor of the tierlens benchmark: one thread reads the file in 1 MiB blocks
// and walks every field with memchr (separator and line ends), doing no other work. Quotes are
// ignored, so this is a lower bound on what any CSV evaluator has to spend on the bytes.
// Built by bench/bench.mjs:  g++ -O2 -o bench-data/bin/raw_scan bench/raw_scan.cpp
// Usage: raw_scan FILE [FILE...]   prints {"bytes":…,"rows":…,"fields":…,"checksum":…} as JSON.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: raw_scan FILE [FILE...]\n");
    return 2;
  }
  const size_t kBlock = 1 << 20;
  std::vector<char> buf(kBlock + 1);
  uint64_t bytes = 0, rows = 0, fields = 0, checksum = 0;
  for (int a = 1; a < argc; ++a) {
    int fd = open(argv[a], O_RDONLY);
    if (fd < 0) {
      std::perror(argv[a]);
      return 3;
    }
    size_t carry = 0;  // bytes of an unfinished line kept at the start of buf
    for (;;) {
      if (carry == kBlock) carry = 0;  // a line longer than the block: drop it (never happens here)
      ssize_t n = read(fd, buf.data() + carry, kBlock - carry);
      if (n < 0) {
        std::perror("read");
        return 3;
      }
      bytes += static_cast<uint64_t>(n);
      const char* p = buf.data();
      const char* end = buf.data() + carry + n;
      const bool last = n == 0;
      for (;;) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (!nl) {
          if (!last) break;
          if (p == end) break;
          nl = end;  // final line without a newline
        }
        // fields of the line [p, nl)
        const char* f = p;
        for (;;) {
          const char* c = static_cast<const char*>(std::memchr(f, ',', static_cast<size_t>(nl - f)));
          const char* fe = c ? c : nl;
          ++fields;
          checksum += static_cast<uint64_t>(fe - f) + static_cast<unsigned char>(f < fe ? *f : 0);
          if (!c) break;
          f = c + 1;
        }
        ++rows;
        p = nl + (nl < end ? 1 : 0);
        if (p >= end) break;
      }
      if (last) break;
      carry = static_cast<size_t>(end - p);
      std::memmove(buf.data(), p, carry);
    }
    close(fd);
  }
  std::printf("{\"bytes\":%llu,\"rows\":%llu,\"fields\":%llu,\"checksum\":%llu}\n", (unsigned long long)bytes,
              (unsigned long long)rows, (unsigned long long)fields, (unsigned long long)checksum);
  return 0;
}
