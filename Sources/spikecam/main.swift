import SpikeCLI

#if canImport(Glibc)
  import Glibc
#endif

// A closed stdout (e.g. `spikecam run | head`) must not kill the process with SIGPIPE.
signal(SIGPIPE, SIG_IGN)
exit(SpikeCam.main(Array(CommandLine.arguments.dropFirst()), console: ProcessConsole()))
