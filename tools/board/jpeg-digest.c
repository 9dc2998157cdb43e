// Decodes every JPEG frame of an MJPEG file (an .avi from a webcam or ffmpeg) through the live
// path's C seam (spikecam_jpeg_decode_gray: luma, DCT scaling, islow IDCT) at each DCT scale
// the live preprocessing can ask for, and prints a digest of the pixels per frame and scale.
// tools/check-board.sh runs it on the host and under qemu: libjpeg-turbo's SIMD code differs
// per CPU (SSE2/AVX2, NEON), and the board's decisions are bit for bit the host's only if its
// decoded frames are.
//
//   jpeg-digest FILE     one line per frame: index, then width x height and FNV-1a 64 per scale
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "CSpikeCamSys.h"

static uint64_t fnv1a64(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: jpeg-digest FILE\n");
    return 64;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 66;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *data = malloc((size_t)size);
  if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "%s: cannot read\n", argv[1]);
    return 1;
  }
  fclose(f);
  // Minimum sizes that select DCT scales 1/1, 1/2, 1/4, 1/8 of a 640x480 frame (the live
  // path asks for the scaled image's size: 128x96 for a 64x64 model, 64x48 for 32x32).
  static const int minimum[4][2] = {{0, 0}, {320, 240}, {128, 96}, {64, 48}};
  size_t capacity = 4096 * 4096;
  uint8_t *out = malloc(capacity);
  int frames = 0;
  for (long i = 0; i + 3 < size; i++) {
    if (data[i] != 0xFF || data[i + 1] != 0xD8 || data[i + 2] != 0xFF) continue;
    long end = i + 2;
    while (end + 1 < size && !(data[end] == 0xFF && data[end + 1] == 0xD9)) end++;
    if (end + 1 >= size) break;
    printf("%d", frames);
    for (int s = 0; s < 4; s++) {
      spikecam_jpeg_status status;
      spikecam_jpeg_decode_gray(data + i, (size_t)(end + 2 - i), minimum[s][0], minimum[s][1], out,
                                capacity, &status);
      if (status.code != 0) {
        printf(" error(%d: %s)", status.code, status.message);
        continue;
      }
      printf(" %dx%d:%016llx", status.width, status.height,
             (unsigned long long)fnv1a64(out, (size_t)status.width * (size_t)status.height));
    }
    printf("\n");
    frames++;
    i = end + 1;
  }
  free(out);
  free(data);
  if (frames == 0) {
    fprintf(stderr, "%s: no JPEG frames\n", argv[1]);
    return 65;
  }
  return 0;
}
