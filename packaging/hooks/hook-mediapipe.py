"""mediapipe has no PyInstaller hook: collect its graphs and models (and its submodules).

Runs only when mediapipe is installed and imported by the app (the spec adds it as a hidden
import only when ``importlib.util.find_spec("mediapipe")`` finds it).
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files(
    "mediapipe", includes=["**/*.binarypb", "**/*.tflite", "**/*.task", "**/*.pbtxt"])
# genai's converter needs torch; model_maker (training) imports setuptools and tensorflow.
_SKIP = (".examples", ".tests", ".genai", ".model_maker")
hiddenimports = collect_submodules(
    "mediapipe", filter=lambda name: not any(part in name for part in _SKIP))
