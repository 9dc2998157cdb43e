// libpng's simplified API (png_image_*): no setjmp, so Swift can call it directly.
#include <png.h>
