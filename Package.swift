// swift-tools-version:6.2
import PackageDescription

// Every Swift target builds with warnings as errors: a warning is a bug we have not read yet.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

// The C seam is compiled with the usual warnings, also as errors.
let strictC: [CSetting] = [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]

// `spikecam` carries the Swift runtime and Foundation inside and is not position-independent:
// only the pages a command touches are read in, and no load-time relocations write into shared
// libraries' data pages, so `spikecam run` holds about 15 MiB instead of 24 (docs/PERFORMANCE.md,
// "Memory"). The archives are listed because swiftc's -static-stdlib links only the runtime's own;
// CoreFoundation needs ICU after it.
let staticRuntime: [LinkerSetting] = [
  .unsafeFlags([
    "-static-stdlib", "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials",
    "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
    "-Xclang-linker", "-no-pie",
  ])
]

// A libFuzzer target in Sources/Fuzz/<name>/ whose body is in SpikeFuzz (tools/check.sh fuzz
// builds it with -DSPIKECAM_FUZZ); a plain build makes it a program that replays the files it is
// given.
func fuzzTarget(_ name: String) -> Target {
  .executableTarget(
    name: name, dependencies: ["SpikeFuzz"], path: "Sources/Fuzz/\(name)", swiftSettings: strict)
}

let package = Package(
  name: "SpikeCam",
  products: [
    .executable(name: "spikecam", targets: ["spikecam"]),
    .executable(name: "spikecam-bench", targets: ["spikecam-bench"]),
  ],
  targets: [
    // MARK: - System libraries and the C seam
    .systemLibrary(name: "CLibV4L2", pkgConfig: "libv4l2", providers: [.apt(["libv4l-dev"])]),
    .systemLibrary(name: "CLibJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
    .target(name: "CSpikeCamSys", dependencies: ["CLibV4L2", "CLibJPEG"], cSettings: strictC),
    // libmosquitto (MQTT) and Nettle's Ed25519 (model signatures), loaded when first used.
    .target(name: "CMosquitto", dependencies: ["CSpikeSystem"], cSettings: strictC),
    .target(name: "CNettle", dependencies: ["CSpikeSystem"], cSettings: strictC),
    .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),

    // MARK: - Libraries
    // Integer-only fixed-point core: Swift stdlib only, no Foundation, no Float/Double.
    .target(name: "SpikeCore", exclude: ["README.md"], swiftSettings: strict),
    // Files, JSON, digests, errno and stop signals for everything that reads untrusted input or
    // writes durably: Swift stdlib and Glibc only (no Foundation), so the runtime can use it.
    .target(name: "CSpikeSystem", cSettings: strictC),
    .target(name: "SpikeSystem", dependencies: ["CSpikeSystem"], swiftSettings: strict),
    // The signature seam: Ed25519 through Nettle.
    .target(name: "SpikeSignature", dependencies: ["CNettle"], swiftSettings: strict),
    // The board programs' model reader and decision line (Board/Shared, Embedded Swift in
    // tools/build-board.sh and tools/build-mcu.sh). SpikeModel reads int8 head tensors with it
    // (`AttentionTensors8`), and host tests hold the rest to SpikeModel's reader.
    .target(
      name: "SpikeBoard", dependencies: ["SpikeCore", "SpikeSystem"], path: "Board/Shared",
      swiftSettings: strict),
    // Float32 twin of every SpikeCore layer, and training.
    .target(name: "SpikeReference", dependencies: ["SpikeCore"], swiftSettings: strict),
    // Frame sources (V4L2, clips), decode, downscale, rings.
    // SPIKECAM_FAULT_INJECTION (debug only) lets tests force an errno on the Nth call of a
    // chosen system call in Device/Syscalls.swift; one Mutex check per call. Never in release.
    .target(
      name: "SpikeCapture", dependencies: ["CSpikeCamSys", "SpikeCore", "SpikeSystem"],
      swiftSettings: strict + [.define("SPIKECAM_FAULT_INJECTION", .when(configuration: .debug))]),
    // Model files, board profiles, quantization, calibration.
    .target(
      name: "SpikeModel",
      dependencies: ["SpikeBoard", "SpikeCore", "SpikeReference", "SpikeSystem", "SpikeSignature"],
      swiftSettings: strict),
    // Pictures of what the network learned, written as PNG through libpng.
    .target(name: "SpikePictures", dependencies: ["CLibPNG", "SpikeSystem"], swiftSettings: strict),
    // MQTT publishing through libmosquitto on its own thread (bounded queue, reconnects).
    .target(name: "SpikeMQTT", dependencies: ["CMosquitto", "SpikeSystem"], swiftSettings: strict),
    // systemd's notify protocol (READY, WATCHDOG, STOPPING) without libsystemd.
    .target(name: "SpikeSystemd", swiftSettings: strict),
    // The command-line interface as a library, so tests can call it in-process.
    .target(
      name: "SpikeCLI",
      dependencies: [
        "SpikeCore", "SpikeReference", "SpikeCapture", "SpikeModel", "SpikeSystem", "SpikeSignature",
        "SpikeMQTT", "SpikeSystemd", "SpikePictures",
      ],
      swiftSettings: strict),

    // MARK: - Executables
    .executableTarget(
      name: "spikecam", dependencies: ["SpikeCLI"], swiftSettings: strict, linkerSettings: staticRuntime),
    .executableTarget(
      name: "spikecam-bench",
      dependencies: ["SpikeCore", "SpikeReference", "SpikeCapture", "SpikeModel", "CSpikeCamSys"],
      swiftSettings: strict),

    // MARK: - Fuzz targets (one per parser; seeds in Tests/Fuzz/<target>/)
    // The parsers' fuzz bodies and the replay driver, shared by the targets.
    .target(
      name: "SpikeFuzz", dependencies: ["SpikeBoard", "SpikeCapture", "SpikeModel", "SpikeCLI", "SpikeMQTT"],
      path: "Sources/Fuzz/SpikeFuzz", swiftSettings: strict),
    fuzzTarget("fuzz-jpeg"),
    fuzzTarget("fuzz-pgm"),
    fuzzTarget("fuzz-y4m"),
    fuzzTarget("fuzz-mjpeg"),
    fuzzTarget("fuzz-csv-json"),
    fuzzTarget("fuzz-board-config"),
    fuzzTarget("fuzz-cli-args"),
    fuzzTarget("fuzz-model-image"),
    fuzzTarget("fuzz-mqtt-url"),
    fuzzTarget("fuzz-keys"),

    // MARK: - Tests
    // Fixtures shared by several test targets (a test target cannot depend on another).
    .target(name: "SpikeTestSupport", path: "Tests/SpikeTestSupport", swiftSettings: strict),
    .testTarget(name: "SpikeSystemTests", dependencies: ["SpikeSystem", "SpikeSignature"], swiftSettings: strict),
    .testTarget(
      name: "SpikeCoreTests", dependencies: ["SpikeCore", "CSpikeCamSys"], swiftSettings: strict),
    .testTarget(
      name: "SpikeReferenceTests", dependencies: ["SpikeCore", "SpikeReference"], swiftSettings: strict),
    .testTarget(
      name: "SpikeCaptureTests", dependencies: ["SpikeCapture", "SpikeSystem", "CSpikeCamSys"],
      resources: [.copy("Fixtures")],
      swiftSettings: strict + [.define("SPIKECAM_FAULT_INJECTION", .when(configuration: .debug))]),
    .testTarget(
      name: "SpikeModelTests",
      dependencies: [
        "SpikeModel", "SpikeSystem", "SpikeSignature", "CSpikeCamSys", "SpikeTestSupport", "SpikeBoard",
      ],
      swiftSettings: strict),
    .testTarget(
      name: "SpikeCLITests",
      // The tests that run the `spikecam` program find it beside the test bundle: `swift test` builds
      // every product. (Depending on the executable would link its static-runtime flags into the bundle.)
      dependencies: ["SpikeCLI", "SpikeSystem", "SpikeSignature", "SpikeTestSupport", "SpikePictures"],
      swiftSettings: strict),
    .testTarget(name: "SpikeMQTTTests", dependencies: ["SpikeMQTT", "SpikeTestSupport"], swiftSettings: strict),
    .testTarget(name: "SpikeSystemdTests", dependencies: ["SpikeSystemd", "SpikeTestSupport"], swiftSettings: strict),
    .testTarget(name: "SpikePicturesTests", dependencies: ["SpikePictures"], swiftSettings: strict),
  ],
  swiftLanguageModes: [.v6]
)
