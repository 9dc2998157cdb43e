// vivid-still DEVICE: sets the vivid test driver to frames that do not change (75 % colour bars,
// no movement, no on-screen text with its time and counters), so every program that captures
// from it sees the same bytes whenever it runs: the board program's decisions can then be
// compared bit for bit across machines (tools/board-vm.sh). A small static C program, as the
// ARM guest has no v4l2-ctl.
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

// vivid's own controls (drivers/media/test-drivers/vivid/vivid-ctrls.c).
#define VIVID_CID_TEST_PATTERN 0x00f0f000
#define VIVID_CID_OSD_TEXT_MODE 0x00f0f001
#define VIVID_CID_HOR_MOVEMENT 0x00f0f002
#define VIVID_CID_VERT_MOVEMENT 0x00f0f003

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: vivid-still /dev/videoN\n");
    return 64;
  }
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) {
    perror(argv[1]);
    return 66;
  }
  struct v4l2_ext_control controls[] = {
      {.id = VIVID_CID_TEST_PATTERN, .value = 0},   // 75 % colour bars
      {.id = VIVID_CID_OSD_TEXT_MODE, .value = 2},  // none
      {.id = VIVID_CID_HOR_MOVEMENT, .value = 3},   // no movement
      {.id = VIVID_CID_VERT_MOVEMENT, .value = 3},
  };
  struct v4l2_ext_controls request;
  memset(&request, 0, sizeof request);
  request.which = V4L2_CTRL_WHICH_CUR_VAL;
  request.count = sizeof controls / sizeof controls[0];
  request.controls = controls;
  if (ioctl(fd, VIDIOC_S_EXT_CTRLS, &request) != 0) {
    perror("VIDIOC_S_EXT_CTRLS (is this vivid?)");
    return 69;
  }
  close(fd);
  return 0;
}
