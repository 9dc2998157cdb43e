// The microcontroller program's C start-up for a Cortex-M4 (QEMU's mps2-an386): the vector
// table, reset (copy .data, clear .bss, paint the stack), semihosting for output and exit, and
// the few C library functions Embedded Swift calls: memcpy & co., putchar, and a small
// first-fit heap whose peak use is reported, so the RAM figure is measured, not estimated.
#include <stddef.h>
#include <stdint.h>

#include "mcu.h"

extern uint8_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint8_t __stack_limit[], __stack_top[], __heap_start[], __heap_end[];
extern const uint8_t _binary_model_bin_start[], _binary_model_bin_end[];
extern const uint8_t _binary_clips_bin_start[], _binary_clips_bin_end[];
extern uint8_t __flash_end[];

int spikecam_mcu_main(void);

// MARK: - Semihosting (ARM's debug-monitor calls; QEMU implements them with
// -semihosting-config enable=on)

enum { SYS_WRITE0 = 0x04, SYS_EXIT = 0x18, ADP_STOPPED_APPLICATION_EXIT = 0x20026,
       ADP_STOPPED_RUNTIME_ERROR = 0x20023 };

static int semihost(int operation, const void *argument) {
  register int r0 __asm__("r0") = operation;
  register const void *r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static char line[256];
static size_t line_length;

static void flush_line(void) {
  line[line_length] = 0;
  semihost(SYS_WRITE0, line);
  line_length = 0;
}

int putchar(int c) {
  line[line_length++] = (char)c;
  if (c == '\n' || line_length == sizeof(line) - 1) flush_line();
  return c;
}

static void write_text(const char *s) {
  while (*s) putchar(*s++);
}

static void write_number(size_t n) {
  char digits[24];
  int i = 0;
  do {
    digits[i++] = (char)('0' + n % 10);
    n /= 10;
  } while (n > 0);
  while (i > 0) putchar(digits[--i]);
}

void spikecam_mcu_exit(int status) {
  if (line_length > 0) flush_line();
  semihost(SYS_EXIT, (const void *)(uintptr_t)(status == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                                            : ADP_STOPPED_RUNTIME_ERROR));
  for (;;) {
  }
}

// MARK: - C library functions Embedded Swift uses

void *memcpy(void *dst, const void *src, size_t n) {
  uint8_t *d = dst;
  const uint8_t *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  uint8_t *d = dst;
  const uint8_t *s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  uint8_t *d = dst;
  while (n--) *d++ = (uint8_t)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const uint8_t *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

// The ARM EABI's names for the same (LLVM calls these on arm-none-eabi).
void __aeabi_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy4(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy8(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memmove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove4(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove8(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memset(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memset4(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memset8(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memclr(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr4(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr8(void *d, size_t n) { memset(d, 0, n); }

// Swift's stack protector: a canary (a constant: there is no entropy source at reset) and the
// stop when a frame's canary was overwritten.
uintptr_t __stack_chk_guard = 0x5E1F0A3Du;

void __stack_chk_fail(void) {
  write_text("fault: stack smashing detected\n");
  spikecam_mcu_exit(1);
}

// MARK: - Heap: first fit over one region, 16-byte blocks, neighbours merged on free

typedef struct block {
  uint32_t size;  // payload bytes, a multiple of 16
  uint32_t used;
  uint32_t pad[2];
} block;

static uint8_t *heap_top;  // end of the last block
static size_t heap_peak;   // largest extent the heap reached
static size_t in_use, in_use_peak;

static block *next_block(block *b) { return (block *)((uint8_t *)(b + 1) + b->size); }

void *malloc(size_t n) {
  if (!heap_top) heap_top = __heap_start;
  size_t size = (n + 15) & ~(size_t)15;
  for (block *b = (block *)__heap_start; (uint8_t *)b < heap_top; b = next_block(b)) {
    if (b->used || b->size < size) continue;
    if (b->size >= size + 2 * sizeof(block)) {  // split off the rest
      block *rest = (block *)((uint8_t *)(b + 1) + size);
      rest->size = b->size - size - (uint32_t)sizeof(block);
      rest->used = 0;
      b->size = (uint32_t)size;
    }
    b->used = 1;
    in_use += b->size;
    if (in_use > in_use_peak) in_use_peak = in_use;
    return b + 1;
  }
  if ((size_t)(__heap_end - heap_top) < size + sizeof(block)) return NULL;
  block *b = (block *)heap_top;
  b->size = (uint32_t)size;
  b->used = 1;
  heap_top = (uint8_t *)next_block(b);
  if ((size_t)(heap_top - __heap_start) > heap_peak) heap_peak = (size_t)(heap_top - __heap_start);
  in_use += size;
  if (in_use > in_use_peak) in_use_peak = in_use;
  return b + 1;
}

void free(void *p) {
  if (!p) return;
  block *b = (block *)p - 1;
  b->used = 0;
  in_use -= b->size;
  // Merge with the free blocks after it; a free block at the end gives its space back.
  for (block *n = next_block(b); (uint8_t *)n < heap_top && !n->used; n = next_block(b))
    b->size += (uint32_t)sizeof(block) + n->size;
  if ((uint8_t *)next_block(b) == heap_top) heap_top = (uint8_t *)b;
}

int posix_memalign(void **out, size_t alignment, size_t n) {
  if (alignment > 16) return 12;  // ENOMEM: every block is 16-byte aligned, no more
  void *p = malloc(n);
  if (!p) return 12;
  *out = p;
  return 0;
}

// MARK: - Constants in flash

const uint8_t *spikecam_mcu_model(size_t *count) {
  *count = (size_t)(_binary_model_bin_end - _binary_model_bin_start);
  return _binary_model_bin_start;
}

const uint8_t *spikecam_mcu_clips(size_t *count) {
  *count = (size_t)(_binary_clips_bin_end - _binary_clips_bin_start);
  return _binary_clips_bin_start;
}

// MARK: - Reset and the memory report

enum { STACK_PAINT = 0xA5 };

void spikecam_mcu_report(void) {
  size_t stack_used = 0;
  for (uint8_t *p = __stack_limit; p < __stack_top; p++)
    if (*p != STACK_PAINT) {
      stack_used = (size_t)(__stack_top - p);
      break;
    }
  size_t static_ram = (size_t)(__bss_end - __data_start);
  write_text("{\"memory\":{\"flash_bytes\":");
  write_number((size_t)(__flash_end - (uint8_t *)0) + (size_t)(__data_end - __data_start));
  write_text(",\"model_bytes\":");
  write_number((size_t)(_binary_model_bin_end - _binary_model_bin_start));
  write_text(",\"clip_bytes\":");
  write_number((size_t)(_binary_clips_bin_end - _binary_clips_bin_start));
  write_text(",\"static_ram_bytes\":");
  write_number(static_ram);
  write_text(",\"heap_peak_bytes\":");
  write_number(heap_peak);
  write_text(",\"heap_in_use_peak_bytes\":");
  write_number(in_use_peak);
  write_text(",\"stack_peak_bytes\":");
  write_number(stack_used);
  write_text(",\"ram_bytes\":");
  write_number(static_ram + heap_peak + stack_used);
  write_text("}}\n");
}

__attribute__((noreturn)) void reset_handler(void) {
  for (uint8_t *d = __data_start, *s = __data_load; d < __data_end;) *d++ = *s++;
  for (uint8_t *d = __bss_start; d < __bss_end;) *d++ = 0;
  // Paint the stack below the current frame, to measure its deepest use at the end.
  uint8_t *sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (uint8_t *p = __stack_limit; p < sp - 64; p++) *p = STACK_PAINT;
  spikecam_mcu_exit(spikecam_mcu_main());
}

static void fault_handler(void) {
  write_text("fault: the program stopped on a processor fault\n");
  spikecam_mcu_exit(1);
}

__attribute__((section(".vectors"), used)) static const void *const vectors[16] = {
    __stack_top,      (void *)reset_handler, (void *)fault_handler, (void *)fault_handler,
    (void *)fault_handler, (void *)fault_handler, (void *)fault_handler,
};
