import SpikeCapture
import SpikeSystem

extension Commands {
  /// `spikecam devices [--device PATH] [--json]`: every V4L2 capture device with its formats,
  /// sizes and frame rates, and what SpikeCam would pick. Exit 0 even with no devices; 69 when
  /// a device named with `--device` cannot be used.
  @Sendable static func devicesRun(_ arguments: ParsedArguments, _ console: Console)
    throws(CLIError)
  {
    let json = arguments.flag("json")
    var surveys: [DeviceSurvey] = []
    var problems: [(String, CaptureError)] = []
    if let path = arguments.value("device") {
      do throws(CaptureError) {
        surveys.append(try DeviceSurvey.survey(path))
      } catch {
        throw CLIError.device(error)  // 69, or 75 busy / 77 no permission as for run
      }
    } else {
      for path in DeviceSurvey.videoNodes() {
        do throws(CaptureError) {
          surveys.append(try DeviceSurvey.survey(path))
        } catch {
          problems.append((path, error))
        }
      }
    }
    console.out(
      json
        ? DevicesReport.json(surveys, problems)
        : TerminalText.safe(lines: DevicesReport.text(surveys, problems)))
  }
}

/// The text and JSON of `spikecam devices`.
enum DevicesReport {
  static func text(_ surveys: [DeviceSurvey], _ problems: [(String, CaptureError)]) -> String {
    var text = ""
    if surveys.isEmpty {
      text += "No V4L2 capture devices found"
      text += problems.isEmpty ? " (no /dev/video* nodes).\n" : ".\n"
      text +=
        "Plug in a camera, or check that its driver is loaded (for USB webcams: lsmod | grep uvcvideo).\n"
    }
    for survey in surveys {
      let caps = survey.capabilities
      text += "\(survey.path): \(caps.card) (driver \(caps.driver), \(caps.busInfo))\n"
      switch survey.choice {
      case .success(let stream):
        text += "  SpikeCam would capture \(stream.pixelFormat) \(stream.width)x\(stream.height)\n"
      case .failure(let error): text += "  SpikeCam cannot use it: \(error)\n"
      }
      var others: [String] = []
      for format in survey.formats {
        let code = format.description.pixelFormat
        guard code.isSupported else {
          others.append(code.description)
          continue
        }
        let compressed = format.description.isCompressed ? ", compressed" : ""
        text += "  \(code)  \(format.description.name)\(compressed)\n"
        for size in format.sizes {
          text += "    \(size.range)".padding(to: 18) + rates(size.intervals) + "\n"
        }
      }
      if !others.isEmpty {
        text +=
          "  also offers \(others.count) format\(others.count == 1 ? "" : "s") SpikeCam does not decode: "
          + others.joined(separator: " ") + "\n"
      }
    }
    for (path, error) in problems {
      if case .notACaptureDevice = error {
        text += "\(path): not a capture device (skipped)\n"
      } else {
        text += "\(path): \(error)\n"
      }
    }
    return text
  }

  static func rates(_ intervals: FrameIntervals) -> String {
    switch intervals {
    case .discrete(let list) where list.isEmpty: return ""
    case .discrete(let list): return list.map(\.rateText).joined(separator: ", ") + " fps"
    case .range(let shortest, let longest): return "\(longest.rateText) to \(shortest.rateText) fps"
    }
  }

  static func json(_ surveys: [DeviceSurvey], _ problems: [(String, CaptureError)]) -> String {
    var devices: [String] = []
    for survey in surveys {
      let caps = survey.capabilities
      var fields = [
        "\"path\":\(JSON.quoted(survey.path))", "\"driver\":\(JSON.quoted(caps.driver))",
        "\"card\":\(JSON.quoted(caps.card))",
        "\"bus\":\(JSON.quoted(caps.busInfo))",
      ]
      switch survey.choice {
      case .success(let s):
        fields.append(
          "\"choice\":{\"format\":\(JSON.quoted(s.pixelFormat.description)),\"width\":\(s.width),\"height\":\(s.height)}"
        )
      case .failure(let error):
        fields.append("\"choice\":null,\"unusable\":\(JSON.quoted(error.description))")
      }
      let formats = survey.formats.map { format in
        let sizes = format.sizes.map { size -> String in
          let r = size.range
          let geometry =
            r.isDiscrete
            ? "\"width\":\(r.minWidth),\"height\":\(r.minHeight)"
            : "\"min_width\":\(r.minWidth),\"max_width\":\(r.maxWidth),\"step_width\":\(r.widthStep),"
              + "\"min_height\":\(r.minHeight),\"max_height\":\(r.maxHeight),\"step_height\":\(r.heightStep)"
          switch size.intervals {
          case .discrete(let list):
            return "{\(geometry),\"fps\":[\(list.map(\.rateText).joined(separator: ","))]}"
          case .range(let shortest, let longest):
            return "{\(geometry),\"fps_min\":\(longest.rateText),\"fps_max\":\(shortest.rateText)}"
          }
        }
        let d = format.description
        return "{\"format\":\(JSON.quoted(d.pixelFormat.description)),\"name\":\(JSON.quoted(d.name)),"
          + "\"compressed\":\(d.isCompressed),\"decoded\":\(d.pixelFormat.isSupported),\"sizes\":[\(sizes.joined(separator: ","))]}"
      }
      fields.append("\"formats\":[\(formats.joined(separator: ","))]")
      devices.append("{" + fields.joined(separator: ",") + "}")
    }
    let skipped = problems.map { "{\"path\":\(JSON.quoted($0.0)),\"reason\":\(JSON.quoted($0.1.description))}" }
    return
      "{\"devices\":[\(devices.joined(separator: ","))],\"skipped\":[\(skipped.joined(separator: ","))]}\n"
  }
}

extension String {
  func padding(to width: Int, with pad: Character = " ") -> String {
    count >= width ? self : self + String(repeating: pad, count: width - count)
  }
}
