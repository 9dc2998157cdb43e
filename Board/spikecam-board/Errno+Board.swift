import CSpikeBoard

/// The calling thread's errno, under the name the Glibc module gives it on the host, so the
/// capture code shared with `spikecam run` reads it the same way (glibc's `errno` is a macro).
var errno: Int32 { spikecam_board_errno() }
