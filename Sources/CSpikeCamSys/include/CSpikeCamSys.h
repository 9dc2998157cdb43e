// The C seam of SpikeCam: only what Swift cannot do itself.
//  - V4L2 request codes and pixel formats (function-like macros Swift cannot import),
//  - typed wrappers for libv4l2's variadic open/ioctl,
//  - libjpeg decode/encode owning setjmp, so a libjpeg error never longjmps through Swift frames,
//  - glibc's mallinfo2 (not exposed by the Glibc module), to prove "no allocation per frame".
// All policy lives in Swift.
#ifndef CSPIKECAMSYS_H
#define CSPIKECAMSYS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/videodev2.h>

// MARK: - V4L2 request codes

static const unsigned long SPIKECAM_VIDIOC_QUERYCAP = VIDIOC_QUERYCAP;
static const unsigned long SPIKECAM_VIDIOC_ENUM_FMT = VIDIOC_ENUM_FMT;
static const unsigned long SPIKECAM_VIDIOC_ENUM_FRAMESIZES = VIDIOC_ENUM_FRAMESIZES;
static const unsigned long SPIKECAM_VIDIOC_ENUM_FRAMEINTERVALS = VIDIOC_ENUM_FRAMEINTERVALS;
static const unsigned long SPIKECAM_VIDIOC_G_FMT = VIDIOC_G_FMT;
static const unsigned long SPIKECAM_VIDIOC_S_FMT = VIDIOC_S_FMT;
static const unsigned long SPIKECAM_VIDIOC_TRY_FMT = VIDIOC_TRY_FMT;
static const unsigned long SPIKECAM_VIDIOC_G_PARM = VIDIOC_G_PARM;
static const unsigned long SPIKECAM_VIDIOC_S_PARM = VIDIOC_S_PARM;
static const unsigned long SPIKECAM_VIDIOC_REQBUFS = VIDIOC_REQBUFS;
static const unsigned long SPIKECAM_VIDIOC_QUERYBUF = VIDIOC_QUERYBUF;
static const unsigned long SPIKECAM_VIDIOC_QBUF = VIDIOC_QBUF;
static const unsigned long SPIKECAM_VIDIOC_DQBUF = VIDIOC_DQBUF;
static const unsigned long SPIKECAM_VIDIOC_STREAMON = VIDIOC_STREAMON;
static const unsigned long SPIKECAM_VIDIOC_STREAMOFF = VIDIOC_STREAMOFF;

// MARK: - V4L2 pixel formats

static const uint32_t SPIKECAM_PIX_FMT_MJPEG = V4L2_PIX_FMT_MJPEG;
static const uint32_t SPIKECAM_PIX_FMT_JPEG = V4L2_PIX_FMT_JPEG;
static const uint32_t SPIKECAM_PIX_FMT_YUYV = V4L2_PIX_FMT_YUYV;
static const uint32_t SPIKECAM_PIX_FMT_GREY = V4L2_PIX_FMT_GREY;

// MARK: - Device system calls

// The system calls of the V4L2 path, one API with two builds: `spikecam` goes through libv4l2
// (v4l2_shim.c: its per-descriptor state and plugins, with format conversion off), the board
// program through plain system calls (Board/CSpikeBoard/device_calls.c: no libv4l2 to link).
// Each returns what the system call returns, -1 with errno set on failure, never retrying.

/// Opens a device node (open's flags).
int spikecam_device_open(const char *_Nonnull path, int flags);
/// Prepares an open descriptor for the other calls (libv4l2 attaches with conversion off).
int spikecam_device_attach(int fd);
/// One ioctl.
int spikecam_device_ioctl(int fd, unsigned long request, void *_Nullable argument);
/// Maps `length` bytes of the device at `offset`, shared and read-write; NULL on failure.
void *_Nullable spikecam_device_mmap(size_t length, int fd, int64_t offset);
/// Unmaps what `spikecam_device_mmap` mapped.
int spikecam_device_munmap(void *_Nonnull base, size_t length);
/// Closes the descriptor (and frees what `attach` set up).
int spikecam_device_close(int fd);

// MARK: - libjpeg

/// Result of a JPEG decode or encode.
typedef struct spikecam_jpeg_status {
  int code;            ///< 0 success, -1 libjpeg error, -2 output buffer too small, -3 bad argument
  int width;           ///< decoded (scaled) width
  int height;          ///< decoded (scaled) height
  int source_width;    ///< width in the JPEG header
  int source_height;   ///< height in the JPEG header
  int scale_denom;     ///< DCT scale used: 1, 2, 4 or 8
  int warnings;        ///< corrupt-data warnings libjpeg raised (e.g. premature end of data)
  char message[200];   ///< libjpeg's message for the error or first warning
} spikecam_jpeg_status;

/// Decodes a JPEG to 8-bit luma into `out` (no allocation of pixel memory).
/// DCT scaling 1/1, 1/2, 1/4 or 1/8 is chosen as the smallest output still at least
/// `min_width` × `min_height` (0 × 0 means full size). Fails with code -2 when the decoded
/// image would not fit `out_capacity` bytes, before decoding a single line.
void spikecam_jpeg_decode_gray(const uint8_t *_Nonnull data, size_t length, int min_width,
                               int min_height, uint8_t *_Nonnull out, size_t out_capacity,
                               spikecam_jpeg_status *_Nonnull status);

/// Encodes 8-bit luma as a baseline grayscale JPEG into `out`; on success `status->width`
/// holds the byte count in `out`. Code -2 when `out_capacity` is too small.
void spikecam_jpeg_encode_gray(const uint8_t *_Nonnull pixels, int width, int height,
                               int quality, uint8_t *_Nonnull out, size_t out_capacity,
                               size_t *_Nonnull out_length, spikecam_jpeg_status *_Nonnull status);

// MARK: - Heap accounting

/// Bytes of heap in use (glibc mallinfo2().uordblks).
size_t spikecam_heap_bytes_in_use(void);

#endif
