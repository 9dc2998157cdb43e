import SpikeSystem

extension Commands {
  /// `--checkpoint DIR` of `train` (either head), created if missing; `--resume` needs it.
  static func checkpointFolder(_ arguments: ParsedArguments) throws(CLIError) -> String? {
    let checkpoint = arguments.value("checkpoint")
    if arguments.flag("resume") && checkpoint == nil {
      throw .usage("--resume needs --checkpoint DIR (the folder of the interrupted run)")
    }
    if let checkpoint {
      do throws(FileError) {
        try Folder.makePath(checkpoint)
      } catch {
        throw .failure("\(checkpoint): cannot create the checkpoint folder: \(error.reason)")
      }
    }
    return checkpoint
  }
}
