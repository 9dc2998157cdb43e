#ifndef SPIKECAM_MCU_H
#define SPIKECAM_MCU_H
// What the microcontroller program's Swift side sees of its C start-up (mcu.c).

#include <stddef.h>
#include <stdint.h>

/// The int8 model file, in flash.
const uint8_t *spikecam_mcu_model(size_t *count);
/// The baked clips (frames of the model's input, 16 per clip), in flash.
const uint8_t *spikecam_mcu_clips(size_t *count);
/// Prints the memory report (flash, static RAM, peak heap, peak stack) through semihosting.
void spikecam_mcu_report(void);
/// Ends the emulation: status 0 is success.
void spikecam_mcu_exit(int status) __attribute__((noreturn));

#endif
