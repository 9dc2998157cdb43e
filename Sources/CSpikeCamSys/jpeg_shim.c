// libjpeg with setjmp error recovery. setjmp/longjmp live in this file and only here.
#include "CSpikeCamSys.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// Progressive and multi-scan JPEGs keep whole-image coefficient arrays, which libjpeg would
// allocate at whatever size the header claims (512 MB for a 907-byte progressive file claiming
// 16384x16384). Above this limit the decode fails instead; a 4K progressive frame needs ~25 MB.
#define SPIKECAM_JPEG_MAX_MEMORY (64L << 20)

typedef struct {
  struct jpeg_error_mgr base;
  jmp_buf jump;
  spikecam_jpeg_status *status;
} error_manager;

static void on_error_exit(j_common_ptr cinfo) {
  error_manager *manager = (error_manager *)cinfo->err;
  if (cinfo->err->msg_code == JERR_NO_BACKING_STORE) {
    // What libjpeg reports when max_memory_to_use is exceeded.
    snprintf(manager->status->message, sizeof(manager->status->message),
             "image needs more than %ld MiB of decoder memory", SPIKECAM_JPEG_MAX_MEMORY >> 20);
  } else {
    (*cinfo->err->format_message)(cinfo, manager->status->message);
  }
  longjmp(manager->jump, 1);
}

// Warnings (level -1) are counted, not printed; the first one's text is kept.
static void on_emit_message(j_common_ptr cinfo, int level) {
  error_manager *manager = (error_manager *)cinfo->err;
  if (level < 0) {
    if (manager->status->warnings == 0) {
      (*cinfo->err->format_message)(cinfo, manager->status->message);
    }
    manager->status->warnings += 1;
  }
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

// Errors jump back to the caller's setjmp; warnings are counted into `status`, never printed.
static struct jpeg_error_mgr *install_error_manager(error_manager *manager,
                                                    spikecam_jpeg_status *status) {
  struct jpeg_error_mgr *base = jpeg_std_error(&manager->base);
  manager->base.error_exit = on_error_exit;
  manager->base.emit_message = on_emit_message;
  manager->base.output_message = on_output_message;
  manager->status = status;
  return base;
}

static void reset_status(spikecam_jpeg_status *status) {
  memset(status, 0, sizeof(*status));
  status->scale_denom = 1;
}

void spikecam_jpeg_decode_gray(const uint8_t *data, size_t length, int min_width, int min_height,
                               uint8_t *out, size_t out_capacity, spikecam_jpeg_status *status) {
  reset_status(status);
  if (length == 0 || min_width < 0 || min_height < 0) {
    status->code = -3;
    snprintf(status->message, sizeof(status->message), "empty input or negative size");
    return;
  }
  struct jpeg_decompress_struct cinfo;
  error_manager manager;
  cinfo.err = install_error_manager(&manager, status);
  if (setjmp(manager.jump)) {
    jpeg_destroy_decompress(&cinfo);
    status->code = -1;
    return;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.mem->max_memory_to_use = SPIKECAM_JPEG_MAX_MEMORY;
  jpeg_mem_src(&cinfo, data, (unsigned long)length);
  jpeg_read_header(&cinfo, TRUE);
  status->source_width = (int)cinfo.image_width;
  status->source_height = (int)cinfo.image_height;
  if (cinfo.image_width == 0 || cinfo.image_height == 0) {
    jpeg_destroy_decompress(&cinfo);
    status->code = -1;
    snprintf(status->message, sizeof(status->message), "JPEG has no image (0 x 0)");
    return;
  }
  // Smallest DCT scale whose output still covers the requested size.
  int denom = 1;
  for (int candidate = 8; candidate >= 2 && (min_width > 0 || min_height > 0); candidate /= 2) {
    unsigned w = (cinfo.image_width + candidate - 1) / candidate;
    unsigned h = (cinfo.image_height + candidate - 1) / candidate;
    if (w >= (unsigned)min_width && h >= (unsigned)min_height) {
      denom = candidate;
      break;
    }
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom = (unsigned)denom;
  cinfo.out_color_space = JCS_GRAYSCALE;
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_calc_output_dimensions(&cinfo);
  status->scale_denom = denom;
  status->width = (int)cinfo.output_width;
  status->height = (int)cinfo.output_height;
  size_t needed = (size_t)cinfo.output_width * (size_t)cinfo.output_height;
  if (needed > out_capacity || cinfo.output_components != 1) {
    jpeg_destroy_decompress(&cinfo);
    status->code = -2;
    snprintf(status->message, sizeof(status->message),
             "decoded image %ux%u needs %zu bytes, buffer holds %zu", cinfo.output_width,
             cinfo.output_height, needed, out_capacity);
    return;
  }
  jpeg_start_decompress(&cinfo);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out + (size_t)cinfo.output_scanline * cinfo.output_width;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  status->code = 0;
}

void spikecam_jpeg_encode_gray(const uint8_t *pixels, int width, int height, int quality,
                               uint8_t *out, size_t out_capacity, size_t *out_length,
                               spikecam_jpeg_status *status) {
  reset_status(status);
  *out_length = 0;
  if (width <= 0 || height <= 0 || quality < 1 || quality > 100) {
    status->code = -3;
    snprintf(status->message, sizeof(status->message), "bad size or quality");
    return;
  }
  struct jpeg_compress_struct cinfo;
  error_manager manager;
  // libjpeg may grow a mem destination with malloc; we hand it our own pointer and size and
  // treat a reallocation as "buffer too small".
  unsigned char *buffer = out;
  unsigned long size = (unsigned long)out_capacity;
  cinfo.err = install_error_manager(&manager, status);
  if (setjmp(manager.jump)) {
    jpeg_destroy_compress(&cinfo);
    if (buffer != out) free(buffer);
    status->code = -1;
    return;
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = (JDIMENSION)width;
  cinfo.image_height = (JDIMENSION)height;
  cinfo.input_components = 1;
  cinfo.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * (size_t)width);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  if (buffer != out) {
    free(buffer);
    status->code = -2;
    snprintf(status->message, sizeof(status->message), "JPEG of %lu bytes does not fit %zu",
             size, out_capacity);
    return;
  }
  *out_length = (size_t)size;
  status->width = width;
  status->height = height;
  status->code = 0;
}
